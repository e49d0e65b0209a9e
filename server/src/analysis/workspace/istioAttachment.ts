// The one owner of "which workloads does an Istio policy attach to" (AuthorizationPolicy,
// PeerAuthentication, RequestAuthentication): `selector` (matchLabels, a subset of the pod labels), no
// selector = the whole namespace, the root namespace = the whole mesh, and `targetRef(s)` = never by
// selector (a waypoint or gateway picks it up instead). Upstream: istio/istio pilot/pkg/model/policyattachment.go,
// istio/api type/v1beta1/selector.proto; semantics.md §B.2. Hover/ML4xxx (enforcement/resolveIstioAttachment.ts),
// the graph (graph/evaluateIstio.ts, buildTrafficGraph.ts) and the panel focus all ask here.
import type { ValuePath } from '../model/sourceSpan';
import type { Labels } from './meshMode';

/** What attachment reads of a policy: its namespace (undefined for cluster-wide kinds) and its value. */
export interface IstioPolicyLike {
  readonly namespace?: string;
  readonly value: Record<string, unknown>;
}

/** What attachment reads of a workload. */
export interface SelectableWorkload {
  readonly namespace: string;
  readonly labels: Labels;
}

export interface TargetRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly path: ValuePath;
}

/** `spec.targetRefs[*]` and the deprecated single `spec.targetRef`. */
export function targetRefsOf(spec: Record<string, unknown>): TargetRef[] {
  const refs: TargetRef[] = [];
  const push = (value: unknown, path: ValuePath): void => {
    if (typeof value !== 'object' || value === null) return;
    const ref = value as Record<string, unknown>;
    refs.push({ kind: String(ref.kind ?? ''), name: String(ref.name ?? ''), namespace: typeof ref.namespace === 'string' ? ref.namespace : undefined, path });
  };
  if (Array.isArray(spec.targetRefs)) spec.targetRefs.forEach((r, i) => push(r, ['spec', 'targetRefs', i]));
  if (spec.targetRef !== undefined) push(spec.targetRef, ['spec', 'targetRef']);
  return refs;
}

/** A policy with targetRef(s) never attaches by selector (policyattachment.go: targetRefs take precedence). */
export function hasTargetRefs(spec: Record<string, unknown>): boolean {
  return spec.targetRef !== undefined || spec.targetRefs !== undefined;
}

/** `spec.selector.matchLabels` as strings; undefined when the policy has no selector. */
export function istioSelectorLabels(spec: Record<string, unknown>): Labels | undefined {
  const selector = spec.selector;
  if (typeof selector !== 'object' || selector === null || Array.isArray(selector)) return undefined;
  const matchLabels = (selector as Record<string, unknown>).matchLabels;
  const out: Record<string, string> = {};
  if (typeof matchLabels === 'object' && matchLabels !== null && !Array.isArray(matchLabels)) {
    for (const [k, v] of Object.entries(matchLabels)) if (v !== null && v !== undefined && typeof v !== 'object') out[k] = String(v);
  }
  return out;
}

export function labelsMatch(selector: Labels, labels: Labels): boolean {
  for (const key in selector) if (labels[key] !== selector[key]) return false;
  return true;
}

function specOf(policy: IstioPolicyLike): Record<string, unknown> {
  const spec = policy.value.spec;
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}

/** Whether the policy attaches to the workload by selector, namespace or root namespace (targetRefs never do). */
export function attachesToWorkload(policy: IstioPolicyLike, workload: SelectableWorkload, rootNamespace: string): boolean {
  const spec = specOf(policy);
  if (hasTargetRefs(spec)) return false;
  if (policy.namespace !== rootNamespace && policy.namespace !== workload.namespace) return false;
  const selector = istioSelectorLabels(spec);
  return selector === undefined || labelsMatch(selector, workload.labels);
}

/** The workloads a policy attaches to by selector / namespace / root namespace, in the given order. */
export function workloadsSelectedBy<W extends SelectableWorkload>(policy: IstioPolicyLike, workloads: readonly W[], rootNamespace: string): W[] {
  // attachesToWorkload for each workload, with the policy's part read once (a namespace holds thousands of workloads).
  const spec = specOf(policy);
  if (hasTargetRefs(spec)) return [];
  const selector = istioSelectorLabels(spec);
  const anyNamespace = policy.namespace === rootNamespace;
  return workloads.filter((w) => (anyNamespace || policy.namespace === w.namespace) && (selector === undefined || labelsMatch(selector, w.labels)));
}

/**
 * The workloads whose traffic a policy can speak about: those it attaches to, and for a targetRefs policy
 * every workload of its namespace (of the mesh, in the root namespace), since the waypoint or gateway it
 * binds to may front any of them; evaluation decides which flows it really reaches. Used for graph
 * candidate flows and the panel's focus on a policy file.
 */
export function workloadsReachedBy<W extends SelectableWorkload>(policy: IstioPolicyLike, workloads: readonly W[], rootNamespace: string): W[] {
  if (!hasTargetRefs(specOf(policy))) return workloadsSelectedBy(policy, workloads, rootNamespace);
  return policy.namespace === rootNamespace ? [...workloads] : workloads.filter((w) => w.namespace === policy.namespace);
}
