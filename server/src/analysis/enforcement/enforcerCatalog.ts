// The enforcer vocabulary: each id's short label (inlay hints, graph legend), component and where it runs.
// Source: ../shared/design/semantics.md §0.3, which cites the upstream pages per row.
import type { EnforcerId } from './ruleEnforcement';

export interface EnforcerEntry {
  readonly id: EnforcerId;
  /** Shown in inlay hints: `L7 · Envoy (node)`. */
  readonly shortLabel: string;
  readonly component: string;
  readonly runsIn: string;
  readonly upstream: string;
}

export const enforcerCatalog: Readonly<Record<EnforcerId, EnforcerEntry>> = {
  'cilium-bpf': {
    id: 'cilium-bpf', shortLabel: 'eBPF (Cilium)', component: "Cilium's eBPF datapath (per-endpoint policy map)",
    runsIn: 'the kernel of the node that hosts the selected endpoint',
    upstream: 'https://docs.cilium.io/en/stable/security/policy/language/',
  },
  'cilium-dns-proxy': {
    id: 'cilium-dns-proxy', shortLabel: 'DNS proxy (Cilium)', component: 'the DNS proxy inside cilium-agent',
    runsIn: 'user space on the node', upstream: 'https://docs.cilium.io/en/stable/security/policy/language/#dns-based',
  },
  'cilium-envoy': {
    id: 'cilium-envoy', shortLabel: 'Envoy (node)', component: "Cilium's node-local Envoy (embedded or the cilium-envoy DaemonSet)",
    runsIn: 'user space on the node', upstream: 'https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples',
  },
  'istio-ztunnel': {
    id: 'istio-ztunnel', shortLabel: 'ztunnel', component: "Istio ambient's ztunnel of the destination node",
    runsIn: "the node, with a listener in the destination pod's network namespace",
    upstream: 'https://istio.io/latest/docs/ambient/usage/l4-policy/',
  },
  'istio-waypoint': {
    id: 'istio-waypoint', shortLabel: 'waypoint', component: 'an Istio waypoint proxy (Envoy, Gateway class istio-waypoint)',
    runsIn: 'the waypoint pod', upstream: 'https://istio.io/latest/docs/ambient/usage/l7-features/',
  },
  'istio-sidecar': {
    id: 'istio-sidecar', shortLabel: 'sidecar', component: "the destination pod's Envoy sidecar",
    runsIn: 'the destination pod', upstream: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
  },
  'istio-gateway': {
    id: 'istio-gateway', shortLabel: 'gateway', component: 'an Istio gateway Envoy (ingress/egress or Gateway API gateway)',
    runsIn: 'the gateway pod', upstream: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
  },
  'k8s-netpol': {
    id: 'k8s-netpol', shortLabel: 'CNI (NetworkPolicy)', component: "the CNI's NetworkPolicy implementation (Cilium's eBPF when Cilium is the CNI)",
    runsIn: 'the kernel of the node', upstream: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  },
};

/** The short label of every enforcer (inlay hints, graph legend and badges), for the wire vocabulary. */
export const enforcerShortLabels: Readonly<Record<EnforcerId, string>> = Object.fromEntries(
  Object.values(enforcerCatalog).map((entry) => [entry.id, entry.shortLabel]),
) as Record<EnforcerId, string>;
