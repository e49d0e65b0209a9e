// Which layer and enforcer each CiliumNetworkPolicy rule field maps to, with the upstream source per row.
// Source: ../shared/design/semantics.md §A.2 (field → layer → enforcer), which cites cilium/cilium per row.
import { ciliumPeerFieldTable, type CiliumPeerFieldName } from '../dialects/cilium/ciliumRuleTables';
import type { EnforcerId, Layer } from './ruleEnforcement';

export type CiliumFieldRole = 'peer' | 'icmp' | 'ports' | 'tls' | 'l7';

export interface CiliumFieldRow {
  readonly field: string;
  readonly role: CiliumFieldRole;
  readonly layer: Layer;
  readonly enforcer: EnforcerId;
  /** Words for summaries: what the field selects or constrains. */
  readonly noun: string;
  readonly reason: string;
  readonly upstream: string;
}

const L3_DOC = 'https://docs.cilium.io/en/stable/security/policy/language/#layer-3-examples';
const L4_DOC = 'https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples';
const L7_DOC = 'https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples';
const DNS_DOC = 'https://docs.cilium.io/en/stable/security/policy/language/#dns-based';

/** How each peer field of the one peer table (dialects/cilium/ciliumRuleTables.ts) is enforced: every field has a row. */
const peerEnforcement: Readonly<Record<CiliumPeerFieldName, Pick<CiliumFieldRow, 'noun' | 'reason' | 'upstream'>>> = {
  fromEndpoints: { noun: 'endpoints', reason: 'a label selector over security identities, matched in the eBPF policy map', upstream: `${L3_DOC} (Documentation/security/policy/layer3.rst)` },
  toEndpoints: { noun: 'endpoints', reason: 'a label selector over security identities, matched in the eBPF policy map', upstream: `${L3_DOC} (Documentation/security/policy/layer3.rst)` },
  fromEntities: { noun: 'entities', reason: 'reserved identities (world, host, cluster, …) matched in the eBPF policy map', upstream: `${L3_DOC} (pkg/policy/api/entity.go)` },
  toEntities: { noun: 'entities', reason: 'reserved identities (world, host, cluster, …) matched in the eBPF policy map', upstream: `${L3_DOC} (pkg/policy/api/entity.go)` },
  fromCIDR: { noun: 'CIDRs', reason: 'IP prefixes, which only match peers without a Cilium identity', upstream: `${L3_DOC} (layer3.rst, IP/CIDR based)` },
  toCIDR: { noun: 'CIDRs', reason: 'IP prefixes, which only match peers without a Cilium identity', upstream: `${L3_DOC} (layer3.rst, IP/CIDR based)` },
  fromCIDRSet: { noun: 'CIDR sets', reason: 'IP prefixes (with excepts or CIDR groups), which only match peers without a Cilium identity', upstream: `${L3_DOC} (layer3.rst, IP/CIDR based)` },
  toCIDRSet: { noun: 'CIDR sets', reason: 'IP prefixes (with excepts or CIDR groups), which only match peers without a Cilium identity', upstream: `${L3_DOC} (layer3.rst, IP/CIDR based)` },
  toFQDNs: { noun: 'DNS names', reason: 'IPs learned by cilium-dns-proxy from DNS answers, then matched in the eBPF policy map', upstream: `${DNS_DOC} (layer3.rst, DNS based)` },
  toServices: { noun: 'services', reason: "the Service's selector (or its EndpointSlice IPs) turned into identities by cilium-agent", upstream: `${L3_DOC} (layer3.rst, Services based)` },
  fromGroups: { noun: 'cloud groups', reason: 'the operator derives CIDR sets from the cloud provider group', upstream: `${L3_DOC} (pkg/policy/api/egress.go)` },
  toGroups: { noun: 'cloud groups', reason: 'the operator derives CIDR sets from the cloud provider group', upstream: `${L3_DOC} (pkg/policy/api/egress.go)` },
  fromNodes: { noun: 'nodes', reason: 'node labels matched as remote-node identities (needs --enable-node-selector-labels)', upstream: `${L3_DOC} (layer3.rst, Node based)` },
  toNodes: { noun: 'nodes', reason: 'node labels matched as remote-node identities (needs --enable-node-selector-labels)', upstream: `${L3_DOC} (layer3.rst, Node based)` },
  fromRequires: { noun: 'required labels', reason: 'removed in Cilium 1.19; the CRD forces zero items', upstream: 'Documentation/operations/upgrade.rst (1.19 notes)' },
  toRequires: { noun: 'required labels', reason: 'removed in Cilium 1.19; the CRD forces zero items', upstream: 'Documentation/operations/upgrade.rst (1.19 notes)' },
};

export const ciliumPeerFields: readonly CiliumFieldRow[] = [
  ...ciliumPeerFieldTable.map((row): CiliumFieldRow => ({ field: row.field, role: 'peer', layer: 'L3', enforcer: 'cilium-bpf', ...peerEnforcement[row.field] })),
  { field: 'icmps', role: 'icmp', layer: 'L3', enforcer: 'cilium-bpf', noun: 'ICMP types', reason: 'ICMP type matching in the eBPF datapath', upstream: `${L4_DOC} (layer4.rst, ICMP)` },
];

export const ciliumPortFields: readonly CiliumFieldRow[] = [
  { field: 'ports', role: 'ports', layer: 'L4', enforcer: 'cilium-bpf', noun: 'ports', reason: 'port/protocol matched in the eBPF policy map after service translation', upstream: `${L4_DOC} (layer4.rst)` },
  { field: 'serverNames', role: 'tls', layer: 'L7', enforcer: 'cilium-envoy', noun: 'TLS server names', reason: 'the TLS SNI is read by the node Envoy (tls parser)', upstream: `${L4_DOC} (layer4.rst, TLS SNI; pkg/policy/l4.go)` },
  { field: 'terminatingTLS', role: 'tls', layer: 'L7', enforcer: 'cilium-envoy', noun: 'TLS termination', reason: 'the node Envoy terminates TLS with a secret from Kubernetes', upstream: `${L7_DOC} (pkg/policy/api/l4.go)` },
  { field: 'originatingTLS', role: 'tls', layer: 'L7', enforcer: 'cilium-envoy', noun: 'TLS origination', reason: 'the node Envoy originates TLS with a secret from Kubernetes', upstream: `${L7_DOC} (pkg/policy/api/l4.go)` },
  { field: 'listener', role: 'tls', layer: 'L7', enforcer: 'cilium-envoy', noun: 'an Envoy listener', reason: 'traffic is redirected to a CiliumEnvoyConfig listener in the node Envoy', upstream: `${L4_DOC} (layer4.rst; pkg/policy/api/rule_validation.go)` },
];

export const ciliumL7Fields: readonly CiliumFieldRow[] = [
  { field: 'http', role: 'l7', layer: 'L7', enforcer: 'cilium-envoy', noun: 'HTTP', reason: 'HTTP requests are parsed by the node Envoy; a mismatch gets 403', upstream: `${L7_DOC} (Documentation/security/policy/layer7.rst)` },
  { field: 'dns', role: 'l7', layer: 'L7', enforcer: 'cilium-dns-proxy', noun: 'DNS', reason: 'DNS queries are intercepted by the DNS proxy in cilium-agent; a mismatch gets REFUSED', upstream: `${DNS_DOC} (layer7.rst, DNS)` },
  { field: 'kafka', role: 'l7', layer: 'L7', enforcer: 'cilium-envoy', noun: 'Kafka', reason: 'Kafka requests are parsed by the proxy (deprecated in 1.19, removed in 1.20)', upstream: 'Documentation/operations/upgrade.rst (1.19 notes); layer7.rst' },
  { field: 'l7', role: 'l7', layer: 'L7', enforcer: 'cilium-envoy', noun: 'generic L7 (proxylib)', reason: 'proxylib parsers in Envoy; not validated by current rule_validation.go', upstream: 'pkg/policy/api/l4.go; pkg/policy/api/rule_validation.go' },
];

/** Ingress and egress item lists of a Cilium rule, and the action each one takes. */
export const ciliumDirections = [
  { key: 'ingress', direction: 'ingress', action: 'allow' },
  { key: 'ingressDeny', direction: 'ingress', action: 'deny' },
  { key: 'egress', direction: 'egress', action: 'allow' },
  { key: 'egressDeny', direction: 'egress', action: 'deny' },
] as const;

const peerByField = new Map(ciliumPeerFields.map((row) => [row.field, row]));
const portFieldByName = new Map(ciliumPortFields.map((row) => [row.field, row]));
const l7ByField = new Map(ciliumL7Fields.map((row) => [row.field, row]));

/** The row of an L3 peer field (fromEndpoints, toCIDR, …); not icmps, which constrains the protocol. */
export function ciliumPeerField(field: string): CiliumFieldRow | undefined {
  const row = peerByField.get(field);
  return row?.role === 'peer' ? row : undefined;
}

export function ciliumIcmpField(): CiliumFieldRow {
  return peerByField.get('icmps')!;
}
export function ciliumPortField(field: string): CiliumFieldRow | undefined {
  return portFieldByName.get(field);
}
export function ciliumL7Field(field: string): CiliumFieldRow | undefined {
  return l7ByField.get(field);
}
