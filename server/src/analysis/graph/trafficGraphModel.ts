// The allowed-traffic graph as the analysis core produces it: nodes, edges, rule references and flow explanations.
// Plain data so it can cross process boundaries unchanged; `protocol/trafficGraph.ts` re-exports it as the wire shape.

export type GraphNodeKind = 'workload' | 'entity' | 'cidr' | 'fqdn' | 'namespace';

export type MeshMode = 'none' | 'sidecar' | 'ambient';

export interface GraphNode {
  /** Workloads: `<namespace>/<name>`; entities: `entity:<name>`; CIDRs: `cidr:<prefix>[ except …]`; FQDNs: `fqdn:<pattern>`; namespaces: `namespace:<name>`. */
  readonly id: string;
  readonly kind: GraphNodeKind;
  /** Namespace of a workload (grouping key); absent for cluster-external nodes. */
  readonly namespace?: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Deployment, StatefulSet, Pod, … for workloads. */
  readonly workloadKind?: string;
  readonly serviceAccount?: string;
  readonly meshMode?: MeshMode;
  /** CIDR nodes: the excluded prefixes. */
  readonly except?: readonly string[];
  /** Workloads: some policy puts them in default deny for ingress / egress (absent = open, every flow allowed). */
  readonly ingressIsolated?: boolean;
  readonly egressIsolated?: boolean;
}

export type EdgeVerdict = 'allow' | 'deny' | 'unknown';

// One vocabulary of enforcers and layers for rule annotations and graph edges.
import type { EnforcerId, Layer } from '../enforcement/ruleEnforcement';
export type { EnforcerId, Layer };

export type GraphProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ANY' | 'ICMP';

export interface GraphPosition {
  /** 0-based, as LSP. */
  readonly line: number;
  /** 0-based UTF-16 column, as LSP. */
  readonly character: number;
}

export interface GraphRange {
  readonly start: GraphPosition;
  readonly end: GraphPosition;
}

/** The policy rule that produced (or denied) an edge. */
export interface RuleRef {
  /** File path (CLI) or URI (LSP), as the files were given to the analysis. */
  readonly file: string;
  readonly range: GraphRange;
  /** `<namespace>/<name>`, or `<name>` for cluster-wide policies. */
  readonly policy: string;
  /** CiliumNetworkPolicy, NetworkPolicy, AuthorizationPolicy, … */
  readonly kind: string;
  /** Path of the rule inside the document, e.g. `spec.ingress[0]`. */
  readonly path: string;
  /** The enforcement point that applied the rule to this edge (graph evaluation). */
  readonly enforcer?: EnforcerId;
  /** The rule's layer for that enforcer, as hover and inlay hints classify it. */
  readonly layer?: Layer;
  /** Hover's and inlay hints' label of the rule, e.g. `L7 · Envoy (node)`. */
  readonly label?: string;
}

/** An application-layer constraint on an allowed edge: only requests matching one of them pass. */
export interface L7Constraint {
  readonly kind: 'http' | 'dns' | 'sni' | 'kafka' | 'other';
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  /** Headers that must be present: `Name value` (exact value) or `Name` (presence); Cilium `headers`, Istio `when` keys. */
  readonly headers?: readonly string[];
  /** Cilium `headerMatches`: exact value or presence, from a Secret, with what a mismatch does. */
  readonly headerMatches?: readonly HeaderMatchConstraint[];
  /** DNS matchName/matchPattern. */
  readonly pattern?: string;
  readonly serverNames?: readonly string[];
}

/** One Cilium `headerMatches` entry (pkg/policy/api/http.go HeaderMatch). */
export interface HeaderMatchConstraint {
  readonly name: string;
  /** Absent or empty (and no secret): the header only has to be present. */
  readonly value?: string;
  /** `namespace/name` of the Secret holding the value; unknowable offline. */
  readonly secret?: string;
  /** Absent: a mismatch drops the request (HTTP 403). Otherwise the rule matches and the request is logged or rewritten. */
  readonly mismatch?: 'LOG' | 'ADD' | 'DELETE' | 'REPLACE';
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly verdict: EdgeVerdict;
  readonly protocol: GraphProtocol;
  /** Destination port; null = every port. */
  readonly port: number | null;
  /** Last port of a range; null for a single port or every port. */
  readonly endPort: number | null;
  /** The named port the rule used, when it was resolved against the destination's containers. */
  readonly portName?: string;
  readonly l7: readonly L7Constraint[];
  readonly enforcers: readonly EnforcerId[];
  /** The highest layer of the edge's rules as classified (L7 when an L7 constraint applies); L4/L3 from the port otherwise. */
  readonly layer: Layer;
  readonly rules: readonly RuleRef[];
  /** Why (deny/unknown edges): "explicit deny", "default deny", "namespace labels unknown", … */
  readonly reason?: string;
}

export interface TrafficGraph {
  readonly version: 1;
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** Present when edges were left out at the edge bound: the client says "showing N of M edges" and offers to focus. */
  readonly truncated?: GraphTruncation;
}

export interface GraphTruncation {
  readonly shownEdges: number;
  readonly totalEdges: number;
}

export type ExplainDirection = 'egress' | 'ingress' | 'authz';

export interface ExplainStep {
  readonly enforcer: EnforcerId;
  readonly direction: ExplainDirection;
  readonly verdict: EdgeVerdict;
  readonly reason: string;
  readonly rules: readonly RuleRef[];
  /** Requests must match one of these to pass this step. */
  readonly l7?: readonly L7Constraint[];
}

/** `meshlens explain --format json`. */
export interface ExplainResult {
  readonly verdict: EdgeVerdict;
  readonly steps: readonly ExplainStep[];
}
