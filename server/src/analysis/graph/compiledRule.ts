// The common form every L3/L4 policy family compiles to: one allow or deny entry per (rule item, port
// group), with the subject it selects, the peers it matches, its ports, L7 constraints and its origin.
// Evaluation (evaluateDirection.ts) only ever reads this form.
import type { EnforcerId, L7Constraint } from './trafficGraphModel';
import type { NamespaceInfo, PolicySource, Workload } from '../inventory/inventoryModel';
import type { ValuePath } from '../model/sourceSpan';
import type { Endpoint, UndeclaredNamespaces } from './endpoint';
import type { IpRange } from './ipRange';
import type { LabelSelector, Tri } from './labelSelector';

export type Direction = 'ingress' | 'egress';

export interface PortMatch {
  readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ANY' | 'ICMP';
  /** Absent: every port of the protocol. */
  readonly port?: number;
  readonly endPort?: number;
  /** A named port, resolved against the destination workload's containers. */
  readonly name?: string;
}

/** What a peer looks like in the graph when it is not a workload (for drawing external nodes). */
export type ExternalPeer =
  | { readonly kind: 'entity'; readonly name: string }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly range: IpRange; readonly except: readonly string[] }
  | { readonly kind: 'fqdn'; readonly name: string };

export interface PeerMatcher {
  readonly match: (peer: Endpoint, context: MatchContext) => Tri;
  /** Set for CIDR/entity/FQDN peers: the graph draws a node for it. */
  readonly external?: ExternalPeer;
  /** True when the peer can match workloads (selectors, services): the graph enumerates them. */
  readonly selectsWorkloads: boolean;
  /** Narrows the workloads worth testing (an index lookup): only this namespace / these labels can match. */
  readonly candidates?: WorkloadHint;
}

export interface WorkloadHint {
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  /** Only namespaces this selector can match (a NetworkPolicy peer's namespaceSelector); ignored when `namespace` is set. */
  readonly namespaceSelector?: LabelSelector;
}

export interface MatchContext {
  readonly clusterName: string;
  readonly undeclaredNamespaces: UndeclaredNamespaces;
  readonly namespaceOf: (name: string) => NamespaceInfo;
  /** The (memoised) endpoint of a workload, so identity lookups are built once per workload. */
  readonly endpointOf: (workload: Workload) => Endpoint;
  /** Workloads a Service selects (toServices). */
  readonly serviceWorkloads: (namespace: string, name: string) => readonly Workload[] | undefined;
}

export interface CompiledRule {
  readonly policy: PolicySource;
  /** Path of the rule item inside the policy document. */
  readonly path: ValuePath;
  readonly direction: Direction;
  readonly action: 'allow' | 'deny';
  readonly enforcer: EnforcerId;
  /** Does the rule apply to this local workload? */
  readonly selects: (workload: Workload, context: MatchContext) => boolean;
  /** Narrows the workloads the rule can select (index lookup). */
  readonly subjectHint: WorkloadHint;
  /** 'any' = every peer (a rule with ports but no peer field). */
  readonly peers: readonly PeerMatcher[] | 'any';
  /** Its peers were resolved through CiliumCIDRGroups: recompiled with every model, since the groups may change. */
  readonly usesCidrGroups?: true;
  /** 'all' = every protocol and port. */
  readonly ports: readonly PortMatch[] | 'all';
  /** Empty = no L7 restriction. */
  readonly l7: readonly L7Constraint[];
  /** Selecting a workload puts it in default deny for this direction. */
  readonly isolates: boolean;
  /** Peer matches that only work on pod IPs (K8s ipBlock), not identities. */
  readonly family: 'cilium' | 'kubernetes';
}
