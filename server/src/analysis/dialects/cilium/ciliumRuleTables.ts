// The data behind Cilium's rule sanitising, one table per upstream map or constant, each with its source.
// Checks read these tables instead of spelling the rules out in code.

export type RuleSection = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

export interface SectionFacts {
  readonly section: RuleSection;
  readonly direction: 'ingress' | 'egress';
  readonly deny: boolean;
  /** L3 peer fields that may not be combined in one item, with the Go field name upstream's message uses. */
  readonly peerKinds: readonly (readonly [field: string, goName: string])[];
}

/**
 * The one table of Cilium peer fields (L3 "who" fields of an ingress/egress item), read by the validator
 * (which may be combined), the rule annotation (enforcement/ciliumEnforcementTable.ts) and the graph compiler
 * (graph/compileCiliumPolicy.ts). Source: pkg/policy/api/ingress.go, egress.go (fields), rule_validation.go
 * IngressCommonRule/EgressCommonRule/EgressRule l3Members (combinations; Go names are upstream's message
 * wording), Documentation/operations/upgrade.rst 1.19 notes (fromRequires/toRequires removed).
 */
export const ciliumPeerFieldTable = [
  { field: 'fromEndpoints', goName: 'FromEndpoints', direction: 'ingress', l3Member: true, allowOnly: false, selector: 'endpoint', cidrRules: false },
  { field: 'fromCIDR', goName: 'FromCIDR', direction: 'ingress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'fromCIDRSet', goName: 'FromCIDRSet', direction: 'ingress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: true },
  { field: 'fromEntities', goName: 'FromEntities', direction: 'ingress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'fromNodes', goName: 'FromNodes', direction: 'ingress', l3Member: true, allowOnly: false, selector: 'node', cidrRules: false },
  { field: 'fromGroups', goName: 'FromGroups', direction: 'ingress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'fromRequires', goName: 'FromRequires', direction: 'ingress', l3Member: false, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'toCIDR', goName: 'ToCIDR', direction: 'egress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'toCIDRSet', goName: 'ToCIDRSet', direction: 'egress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: true },
  { field: 'toEndpoints', goName: 'ToEndpoints', direction: 'egress', l3Member: true, allowOnly: false, selector: 'endpoint', cidrRules: false },
  { field: 'toEntities', goName: 'ToEntities', direction: 'egress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'toServices', goName: 'ToServices', direction: 'egress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'toGroups', goName: 'ToGroups', direction: 'egress', l3Member: true, allowOnly: false, selector: 'none', cidrRules: false },
  { field: 'toNodes', goName: 'ToNodes', direction: 'egress', l3Member: true, allowOnly: false, selector: 'node', cidrRules: false },
  // EgressRule (allow) only: EgressDenyRule has no toFQDNs.
  { field: 'toFQDNs', goName: 'ToFQDNs', direction: 'egress', l3Member: true, allowOnly: true, selector: 'none', cidrRules: false },
  { field: 'toRequires', goName: 'ToRequires', direction: 'egress', l3Member: false, allowOnly: false, selector: 'none', cidrRules: false },
] as const;

export type CiliumPeerFieldName = (typeof ciliumPeerFieldTable)[number]['field'];

/** Peer fields of one direction, in table order (the graph compiles these). */
export function ciliumPeerFieldsOf(direction: 'ingress' | 'egress'): readonly CiliumPeerFieldName[] {
  return ciliumPeerFieldTable.filter((row) => row.direction === direction).map((row) => row.field);
}

function peerKindsOf(direction: 'ingress' | 'egress', deny: boolean): readonly (readonly [field: string, goName: string])[] {
  return ciliumPeerFieldTable.filter((row) => row.direction === direction && row.l3Member && !(deny && row.allowOnly)).map((row) => [row.field, row.goName] as const);
}

/** Source: rule_validation.go IngressCommonRule.Validate l3Members, EgressCommonRule.l3Members, EgressRule.l3Members (+ToFQDNs). */
export const sectionFacts: readonly SectionFacts[] = [
  { section: 'ingress', direction: 'ingress', deny: false, peerKinds: peerKindsOf('ingress', false) },
  { section: 'ingressDeny', direction: 'ingress', deny: true, peerKinds: peerKindsOf('ingress', true) },
  { section: 'egress', direction: 'egress', deny: false, peerKinds: peerKindsOf('egress', false) },
  { section: 'egressDeny', direction: 'egress', deny: true, peerKinds: peerKindsOf('egress', true) },
];

/** Peer fields holding endpoint/node label selectors; source: rule_validation.go (FromEndpoints/FromNodes ... Validate). */
export const selectorPeerFields: readonly string[] = ciliumPeerFieldTable.filter((row) => row.selector !== 'none').map((row) => row.field);

/** Peer fields holding CIDRRule objects; source: rule_validation.go CIDRRule.Validate. */
export const cidrRuleFields: readonly string[] = ciliumPeerFieldTable.filter((row) => row.cidrRules).map((row) => row.field);

/** Peer fields that need the agent's --enable-node-selector-labels; source: ErrFromToNodesRequiresNodeSelectorOption. */
export const nodePeerFields: readonly string[] = ciliumPeerFieldTable.filter((row) => row.selector === 'node').map((row) => row.field);

/**
 * L7 rule kinds (rules.<field>) and where they are accepted. Source: rule_validation.go countL7Rules,
 * l7IngressSupport / l7EgressSupport (egress HTTP is off for host policies), PortRule.Validate (DNS on TCP/UDP/ANY).
 */
export interface L7Kind {
  readonly field: string;
  readonly label: string;
  readonly ingress: boolean;
  readonly hostEgress: boolean;
  readonly tcpOnly: boolean;
  /** Deprecated/removed parser (Documentation/operations/upgrade.rst, 1.19 notes). */
  readonly deprecated: boolean;
}

export const l7Kinds: readonly L7Kind[] = [
  { field: 'http', label: 'HTTP', ingress: true, hostEgress: false, tcpOnly: true, deprecated: false },
  { field: 'dns', label: 'DNS', ingress: false, hostEgress: true, tcpOnly: false, deprecated: false },
  { field: 'kafka', label: 'Kafka', ingress: true, hostEgress: false, tcpOnly: true, deprecated: true },
  { field: 'l7', label: 'generic L7 (l7proto)', ingress: true, hostEgress: false, tcpOnly: true, deprecated: true },
];

/** Protocols without transport ports; source: rule_validation.go isExtendedIPProtocol (as far as the CRD enum allows). */
export const portlessProtocols: readonly string[] = ['VRRP', 'IGMP', 'GRE', 'IPIP', 'IPV6', 'ESP', 'AH'];

/** Source: pkg/policy/api ProtoTCP; ParseL4Proto upper-cases and maps "" to ANY. */
export const TCP = 'TCP';

/** Source: rule_validation.go maxPorts. The CRD has maxItems: 40 on allow-rule ports but not on deny-rule ports. */
export const MAX_PORTS_PER_ENTRY = 40;

/** Label keys that pin a pod's namespace, with or without a source prefix; source: utils.go podPrefixLbl / podAnyPrefixLbl. */
export const namespaceLabelKeys: readonly string[] = ['k8s:io.kubernetes.pod.namespace', 'any:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace'];

/** ICMP type names per family (others are numbers 0-255); source: pkg/policy/api/icmp.go icmpIpv4TypeNameToCode / icmpIpv6TypeNameToCode. */
export const icmpTypeNames: Readonly<Record<'IPv4' | 'IPv6', readonly string[]>> = {
  IPv4: ['EchoReply', 'DestinationUnreachable', 'Redirect', 'Echo', 'EchoRequest', 'RouterAdvertisement', 'RouterSelection', 'TimeExceeded', 'ParameterProblem', 'Timestamp', 'TimestampReply', 'Photuris', 'ExtendedEchoRequest', 'ExtendedEchoReply'],
  IPv6: [
    'DestinationUnreachable', 'PacketTooBig', 'TimeExceeded', 'ParameterProblem', 'EchoRequest', 'EchoReply', 'MulticastListenerQuery',
    'MulticastListenerReport', 'MulticastListenerDone', 'RouterSolicitation', 'RouterAdvertisement', 'NeighborSolicitation', 'NeighborAdvertisement',
    'RedirectMessage', 'RouterRenumbering', 'ICMPNodeInformationQuery', 'ICMPNodeInformationResponse', 'InverseNeighborDiscoverySolicitation',
    'InverseNeighborDiscoveryAdvertisement', 'HomeAgentAddressDiscoveryRequest', 'HomeAgentAddressDiscoveryReply', 'MobilePrefixSolicitation',
    'MobilePrefixAdvertisement', 'DuplicateAddressRequestCodeSuffix', 'DuplicateAddressConfirmationCodeSuffix', 'ExtendedEchoRequest', 'ExtendedEchoReply',
  ],
};

/** The label of endpoints still waiting for an identity; source: validator.go checkInitLabelsPolicy (reserved: + IDNameInit). */
export const INIT_LABEL_KEY = 'reserved:init';
