// What a change to the policies does to the traffic: the flows added, removed and changed between a base and a
// head revision, each with its state on both sides and the rules responsible. Plain data (JSON-safe), so it
// crosses the worker and the wire unchanged; `protocol/connectivityDiff.ts` re-exports it.
import type { EnforcerId, GraphRange, L7Constraint, Layer, RuleRef } from '../graph/trafficGraphModel';
import type { Finding } from '../model/finding';

export type FlowChangeKind = 'added' | 'removed' | 'changed';

/** Which properties of a flow differ between the revisions. */
export type FlowAspect = 'verdict' | 'ports' | 'l7' | 'enforcer' | 'layer';

/** One end of a flow: a workload, an IP range outside the cluster, a Cilium entity or an FQDN. */
export interface DiffPeer {
  /** Workloads `<namespace>/<name>` (the graph node id); `ip:<first>-<last>`; `entity:<name>`; `fqdn:<pattern>`. */
  readonly id: string;
  readonly kind: 'workload' | 'ip-range' | 'entity' | 'fqdn';
  readonly namespace?: string;
  readonly name: string;
  /** Deployment, DaemonSet, ReplicaSet, … for workloads. */
  readonly workloadKind?: string;
  /** IP ranges: first and last address, and the CIDR when the range is exactly one prefix. */
  readonly first?: string;
  readonly last?: string;
  readonly cidr?: string;
}

/** An L7 restriction on some of a flow's ports. */
export interface PortL7 {
  /** The ports it applies to, as `ports` writes them (`TCP 8080`). */
  readonly ports: string;
  readonly constraints: readonly L7Constraint[];
}

/** A flow as one revision decides it. */
export interface FlowState {
  /** allow: some port allowed; unknown: nothing allowed for sure but some ports undecidable; deny: nothing passes. */
  readonly verdict: 'allow' | 'deny' | 'unknown';
  /** Allowed protocols and ports in netpol-analyzer's wording: `All Connections`, `TCP 8080,UDP 53`, `No Connections`. */
  readonly ports: string;
  /** Ports whose verdict the workspace cannot decide (namespace labels unknown, …); absent when none. */
  readonly unknownPorts?: string;
  readonly l7: readonly PortL7[];
  readonly enforcers: readonly EnforcerId[];
  /** The highest layer of the deciding rules (absent when no rule decides: an unisolated workload). */
  readonly layer?: Layer;
  /** The rules that decided: the allowing ones, or for a flow that nothing allows, the denying ones. */
  readonly rules: readonly RuleRef[];
}

export interface FlowChange {
  readonly kind: FlowChangeKind;
  readonly from: DiffPeer;
  readonly to: DiffPeer;
  /** Undefined when an end does not exist in that revision. */
  readonly base?: FlowState;
  readonly head?: FlowState;
  readonly aspects: readonly FlowAspect[];
  /** The head allows something the base did not (ports, a verdict, a dropped L7 restriction). */
  readonly opens: boolean;
  /** The base allowed something the head does not. */
  readonly closes: boolean;
  /** Ends that exist in only one revision (netpol-analyzer's workloads-diff-info). */
  readonly newOrRemovedPeers?: readonly string[];
}

/** Changes between one source namespace and one destination namespace (`` for ends outside the cluster). */
export interface NamespacePairChanges {
  readonly fromNamespace: string;
  readonly toNamespace: string;
  readonly changes: readonly FlowChange[];
}

/** A finding the head reports and the base did not (errors and warnings only), with its 0-based position. */
export interface NewFinding {
  readonly file: string;
  readonly code: string;
  readonly severity: Finding['severity'];
  readonly message: string;
  readonly range: GraphRange;
}

export interface ConnectivityDiff {
  readonly version: 1;
  /** Changed, then added, then removed; each sorted by source then destination. */
  readonly changes: readonly FlowChange[];
  readonly stats: { readonly pairsEvaluated: number; readonly exhaustive: boolean };
}

/** Which side of a diff a rule, a file or a finding belongs to. */
export type DiffSide = 'base' | 'head';
