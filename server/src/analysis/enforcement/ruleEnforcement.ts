// The result of classifying one rule: its OSI layer, the component that enforces it and why.
// Produced by classifyRules; read by hover, inlay hints, the CLI and the traffic-graph legend.
import type { SourceSpan, ValuePath } from '../model/sourceSpan';

export type Layer = 'L3' | 'L4' | 'L7';

/** Enforcer ids from ../shared/design/semantics.md §0.3. */
export type EnforcerId =
  | 'cilium-bpf'
  | 'cilium-dns-proxy'
  | 'cilium-envoy'
  | 'istio-ztunnel'
  | 'istio-waypoint'
  | 'istio-sidecar'
  | 'istio-gateway'
  | 'k8s-netpol';

/** The Istio data-plane mode of the workloads a rule applies to; 'n/a' for Cilium and Kubernetes rules. */
export type RuleMode = 'sidecar' | 'ambient' | 'unknown' | 'n/a';

export type RuleAction = 'allow' | 'deny' | 'audit' | 'custom' | 'authenticate' | 'mtls';

/**
 * What the enforcer does with the rule as written:
 * enforced as written; dropped (an ALLOW rule omitted, fail closed); widened (a DENY rule kept without its
 * HTTP parts); no-effect (a DENY rule that can no longer fire); ignored (the enforcer does not read it);
 * selects-nothing (an explicitly empty peer list); never-matches (an ALLOW rule that cannot match).
 */
export type RuleEffect = 'enforced' | 'dropped' | 'widened' | 'no-effect' | 'ignored' | 'selects-nothing' | 'never-matches';

/** One possible outcome when the data-plane mode is not known (the other mode's enforcer). */
export interface EnforcementAlternative {
  readonly layer: Layer;
  readonly enforcer: EnforcerId;
  readonly mode: RuleMode;
  readonly effect: RuleEffect;
  readonly note: string;
  /** See ClassifiedRule.needsWaypoint. */
  readonly needsWaypoint?: boolean;
}

/**
 * What a classification writes besides the outcome (path, layer, enforcer, mode, action, effect, waypoint
 * need, alternatives, becausePath): `full` also the source spans and the plain-words summary and note (hover,
 * inlay hints, the CLI); `outcome` may leave spans empty (at the document's start) and texts blank, for callers
 * that read the outcome only (the graph's edge annotations, the Istio pitfalls: Istio writes its notes either way).
 * Both come from the same walk, so outcomes agree. `ruleOutcomes` is `outcome` without the entries of an
 * AuthorizationPolicy rule's from/to/when parts (its rules, in order, and every entry of other kinds): what the
 * Istio pitfalls read on the settle pass.
 */
export type ClassificationDetail = 'full' | 'outcome' | 'ruleOutcomes';

export interface ClassifiedRule {
  readonly path: ValuePath;
  /** The rule's whole value in the text. */
  readonly span: SourceSpan;
  /** The key of the rule (or its first line) — where inlay hints go. */
  readonly anchor: SourceSpan;
  readonly layer: Layer;
  readonly enforcer: EnforcerId;
  /** The field that decided the layer and enforcer. */
  readonly because: SourceSpan;
  readonly becausePath: ValuePath;
  readonly mode: RuleMode;
  readonly action: RuleAction;
  readonly effect: RuleEffect;
  /** Plain words: who → whom, ports, L7 constraints. */
  readonly summary: string;
  /** Why this layer and enforcer, plus any caveat. */
  readonly note: string;
  /** Upstream doc that states the behaviour. */
  readonly upstream: string;
  /**
   * The enforcer (ztunnel) cannot read attributes of this rule that only a waypoint enforces (HTTP ones,
   * trust domains): the rule keeps its written layer and the label says `needs a waypoint — dropped by ztunnel`.
   */
  readonly needsWaypoint?: boolean;
  /** Other outcomes when the Istio mode is unknown. */
  readonly alternatives?: readonly EnforcementAlternative[];
}

const layerRank: Record<Layer, number> = { L3: 3, L4: 4, L7: 7 };

export function higherLayer(a: Layer, b: Layer): Layer {
  return layerRank[a] >= layerRank[b] ? a : b;
}
