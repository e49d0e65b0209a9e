// Plain-words descriptions of the regex patterns the upstream CRDs use, so a pattern failure says
// what is expected ("a port number or port name") rather than printing the regex. One row per
// pattern, exactly as it appears in schemas/generated (RE2 syntax already translated).

export interface PatternDescription {
  readonly pattern: string;
  /** Completes "`field` must be ...". */
  readonly description: string;
  readonly upstream: string;
}

const CILIUM_TYPES = 'cilium/cilium pkg/policy/api (kubebuilder validation markers), CRD ciliumnetworkpolicies.yaml';

export const patternDescriptions: readonly PatternDescription[] = [
  {
    pattern: '^(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})|([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$',
    description: 'a port number (0-65535) or a port name (letters, digits and single dashes, with at least one letter)',
    upstream: `${CILIUM_TYPES}: PortProtocol.Port`,
  },
  {
    pattern: '^([-a-zA-Z0-9_]+[.]?)+$',
    description: 'a DNS name (letters, digits, "-", "_" and single dots; no wildcards)',
    upstream: `${CILIUM_TYPES}: FQDNSelector.MatchName`,
  },
  {
    pattern: '^([-a-zA-Z0-9_*]+[.]?)+$',
    description: 'a DNS name pattern (letters, digits, "-", "_", "*" wildcards and single dots)',
    upstream: `${CILIUM_TYPES}: FQDNSelector.MatchPattern`,
  },
  {
    pattern: '^(\\*?\\*\\.)?([-a-zA-Z0-9_]+\\.?)+$',
    description: 'a server name, optionally starting with "*." or "**." (letters, digits, "-", "_" and single dots)',
    upstream: `${CILIUM_TYPES}: PortRule.ServerNames`,
  },
  {
    pattern: '^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$',
    description: 'a label value: empty, or up to 63 letters, digits, "-", "_" and "." that start and end with a letter or digit',
    upstream: `${CILIUM_TYPES}: slim LabelSelector matchLabels (k8s label value syntax)`,
  },
  {
    pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    description: 'a lowercase DNS subdomain name (RFC 1123: lowercase letters, digits, "-" and ".")',
    upstream: `${CILIUM_TYPES}: CIDRGroupRef`,
  },
  {
    pattern: '^\\P{C}*$',
    description: 'printable text (no control or other non-printable characters)',
    upstream: `${CILIUM_TYPES}: LogConfig.Value (RE2 \\PC)`,
  },
  {
    pattern: '^[-_A-Za-z0-9]+$',
    description: 'an HTTP header name (letters, digits, "-" and "_")',
    upstream: 'istio/api security/v1beta1 request_authentication.proto (JWTHeader / ClaimToHeader.header)',
  },
  {
    pattern: '^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
    description: 'empty or a lowercase API group name such as gateway.networking.k8s.io',
    upstream: 'istio/api type/v1beta1/selector.proto (PolicyTargetReference.group)',
  },
  {
    pattern: '^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$',
    description: 'a Kubernetes kind name such as Gateway or Service (a letter, then letters, digits and "-")',
    upstream: 'istio/api type/v1beta1/selector.proto (PolicyTargetReference.kind)',
  },
  {
    pattern: '^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5]|EchoReply|DestinationUnreachable|Redirect|Echo|RouterAdvertisement|RouterSelection|TimeExceeded|ParameterProblem|Timestamp|TimestampReply|Photuris|ExtendedEchoRequest|ExtendedEcho Reply|PacketTooBig|ParameterProblem|EchoRequest|MulticastListenerQuery|MulticastListenerReport|MulticastListenerDone|RouterSolicitation|RouterAdvertisement|NeighborSolicitation|NeighborAdvertisement|RedirectMessage|RouterRenumbering|ICMPNodeInformationQuery|ICMPNodeInformationResponse|InverseNeighborDiscoverySolicitation|InverseNeighborDiscoveryAdvertisement|HomeAgentAddressDiscoveryRequest|HomeAgentAddressDiscoveryReply|MobilePrefixSolicitation|MobilePrefixAdvertisement|DuplicateAddressRequestCodeSuffix|DuplicateAddressConfirmationCodeSuffix)$',
    description: 'an ICMP type number (0-255) or an ICMP type name such as EchoRequest or EchoReply',
    upstream: `${CILIUM_TYPES}: ICMPField.Type`,
  },
];

const byPattern = new Map(patternDescriptions.map((row) => [row.pattern, row.description]));

/** The plain-words description of a schema pattern, or undefined when we have none. */
export function describePattern(pattern: string): string | undefined {
  return byPattern.get(pattern);
}
