// The evaluation model of a workspace: every policy compiled once, rules indexed by the workloads they
// select, and the three gates of a flow (sender egress, receiver ingress, Istio at the destination)
// combined with AND (semantics §C). explainFlow and buildTrafficGraph both read it.
import type { EnforcerId, L7Constraint } from './trafficGraphModel';
import type { Inventory, NamespaceInfo, PolicySource, Workload } from '../inventory/inventoryModel';
import { workloadMeshMode } from '../workspace/meshMode';
import type { CompiledRule, Direction, MatchContext, WorkloadHint } from './compiledRule';
import type { LabelSelector } from './labelSelector';
import { compileCiliumPolicy } from './compileCiliumPolicy';
import { compileNetworkPolicy } from './compileNetworkPolicy';
import type { Endpoint, UndeclaredNamespaces } from './endpoint';
import { matchCiliumHttpRule } from './ciliumHttpMatch';
import { unknownWaypointReason, waypointHopOf, type WaypointHop } from './waypointHop';
import { directionPorts, verdictAt, type DirectionPorts, type PeerMatch } from './evaluateDirection';
import { evaluateIstio, istioMentionedPorts, policiesSelecting, sourceIndependentSteps, type IstioRequest, type IstioRuleRef, type IstioStep, type IstioWorld } from './evaluateIstio';
import { allPortSet, emptyPortSet, intersectPortSets, MAX_PORT, portSetHas, portSetOf, subtractPortSets, unionPortSets, type PortProtocol, type PortSet } from './portSet';

export interface TrafficModelOptions {
  readonly undeclaredNamespaces?: UndeclaredNamespaces;
}

/** One enforcement point's contribution to a flow verdict. */
export interface FlowStep {
  readonly enforcer: EnforcerId;
  readonly direction: 'egress' | 'ingress' | 'authz';
  readonly verdict: 'allow' | 'deny' | 'unknown';
  readonly reason: string;
  /** The rules that decided, each with the enforcer that applies it (a compiled rule's own, else the step's). */
  readonly rules: readonly { readonly policy: PolicySource; readonly path: readonly (string | number)[]; readonly enforcer: EnforcerId }[];
  readonly l7: readonly L7Constraint[];
}

export interface FlowVerdict {
  readonly verdict: 'allow' | 'deny' | 'unknown';
  readonly steps: readonly FlowStep[];
}

export interface FlowPorts {
  readonly allowed: PortSet;
  readonly unknown: PortSet;
  /** Istio's steps at a TCP port without a request, memoised for the edges of this flow. */
  readonly istioAt?: (port: number) => readonly IstioStep[];
  /** The same steps as flow steps, memoised too (each edge of the flow reads them). */
  readonly authzAt?: (port: number) => readonly FlowStep[];
  readonly egress?: DirectionPorts;
  readonly ingress?: DirectionPorts;
  /** The L3/L4 gates of the waypoint path for TCP, when a waypoint serves the destination (undefined: none). */
  readonly hop?: HopDirections;
}

/**
 * The L3/L4 gates of a waypoint path (semantics §C.3): the client's egress toward the waypoint pod, the
 * waypoint pod's own policies when some select it, and the destination's ingress from the waypoint, all on
 * HBONE TCP 15008.
 */
export interface HopDirections {
  readonly hop: WaypointHop;
  readonly egress: DirectionPorts;
  readonly waypointIngress?: DirectionPorts;
  readonly waypointEgress?: DirectionPorts;
  readonly ingress: DirectionPorts;
}

export interface TrafficModel {
  readonly inventory: Inventory;
  readonly context: MatchContext;
  readonly istio: IstioWorld;
  readonly rules: readonly CompiledRule[];
  rulesFor(workload: Workload, direction: Direction): readonly CompiledRule[];
  /** The workloads a rule selects. */
  subjectsOf(rule: CompiledRule): readonly Workload[];
  workloadEndpoint(workload: Workload): Endpoint;
  /** Workloads a hint narrows to (all workloads when the hint is empty). */
  candidateWorkloads(hint: WorkloadHint | undefined): readonly Workload[];
  /**
   * The rules each policy compiled to, by policy object (an incremental reader keeps a policy's object while its
   * key is the same, so the object names it; no key is serialised to build the model).
   */
  readonly rulesByPolicy: ReadonlyMap<PolicySource, readonly CompiledRule[]>;
  /** The workloads each rule selects (reusable while the workloads do not change). */
  readonly subjectsByRule: ReadonlyMap<CompiledRule, readonly Workload[]>;
}

/** What an incremental caller carries over from the previous model. */
export interface ModelReuse {
  /** Compiled rules by policy object: unchanged policies are not recompiled. */
  readonly rules?: ReadonlyMap<PolicySource, readonly CompiledRule[]>;
  /**
   * The previous model of an incremental caller: its compiled rules are reused like `rules`, read only if it
   * compiled them (else the rules it was given to reuse are passed on), so a model nobody asked for rules is
   * never compiled for the next one's sake.
   */
  readonly rulesFrom?: TrafficModel;
  /** Subjects by rule; only valid when the workloads, namespaces and services did not change. */
  readonly subjects?: ReadonlyMap<CompiledRule, readonly Workload[]>;
  /**
   * The previous model: while the inventory's workloads, namespaces and services are the same objects, its world is
   * kept and (when it compiled its rules) its indexes are updated, not rebuilt; its subjects are reused as `subjects`.
   */
  readonly model?: TrafficModel;
}

export function compilePolicy(policy: PolicySource, cidrGroups?: Inventory['cidrGroups']): CompiledRule[] {
  if (policy.kind === 'NetworkPolicy') return compileNetworkPolicy(policy);
  if (policy.kind === 'CiliumNetworkPolicy' || policy.kind === 'CiliumClusterwideNetworkPolicy') return compileCiliumPolicy(policy, cidrGroups);
  return [];
}

/**
 * The policies are compiled and the rules indexed by subject when something first reads the rules (`rules`,
 * `rulesByPolicy`, `subjectsByRule`, `rulesFor`, `subjectsOf`): the settle pass of an editor reads the inventory
 * and, only for a workspace with workloads, the rules (graph findings), so a policy-only workspace compiles nothing
 * until a graph, explain or lens asks. The answers are the same whenever the compile happens.
 */
export function buildTrafficModel(inventory: Inventory, options: TrafficModelOptions = {}, reuse: ModelReuse = {}): TrafficModel {
  const undeclaredNamespaces = options.undeclaredNamespaces ?? 'unknown';
  const prior = reuse.model;
  const priorWorld = prior ? modelWorlds.get(prior) : undefined;
  // Weakly: a session builds a model per edit, and a model that held its predecessor would keep every revision.
  const priorRef = prior ? new WeakRef(prior) : undefined;
  // The same workloads, namespaces and services: indexes, endpoints and match context carry over.
  const world = priorWorld && sameWorld(priorWorld, inventory, undeclaredNamespaces) ? priorWorld : workloadWorld(inventory, undeclaredNamespaces);
  const { context, candidateWorkloads, namespaceOf } = world;
  // What a compile reuses, resolved now (a previous model that never compiled passes on what it was given).
  const reusable = reuse.rules ?? (reuse.rulesFrom ? rulesToReuse(reuse.rulesFrom) : undefined);
  // Taken out of `reuse` now: the closure below must not hold `reuse`, which names the previous model.
  const subjects = reuse.subjects;
  let internals: ModelInternals | undefined;
  const compiled = (): ModelInternals => (internals ??= compileModel(model, inventory, world, reusable, priorRef?.deref(), subjects));

  const selectedPolicyCache = new Map<string, readonly PolicySource[]>();
  const meshModes = new Map<Workload, ReturnType<typeof workloadMeshMode>>();
  // AuthorizationPolicies by namespace (root-namespace ones apply everywhere), so attaching is not policies × workloads.
  const authorizationByNamespace = new Map<string, PolicySource[]>();
  for (const p of inventory.policies) if (p.kind === 'AuthorizationPolicy') push(authorizationByNamespace, p.namespace ?? '', p);
  const istio: IstioWorld = {
    selectedPolicies: (w) => {
      let hit = selectedPolicyCache.get(w.id);
      if (!hit) {
        hit = policiesSelecting({ ...istio, authorizationPolicies: [...(authorizationByNamespace.get(inventory.rootNamespace) ?? []), ...(w.namespace === inventory.rootNamespace ? [] : (authorizationByNamespace.get(w.namespace) ?? []))] }, w);
        selectedPolicyCache.set(w.id, hit);
      }
      return hit;
    },
    rootNamespace: inventory.rootNamespace,
    authorizationPolicies: inventory.policies.filter((p) => p.kind === 'AuthorizationPolicy'),
    peerAuthentications: inventory.policies.filter((p) => p.kind === 'PeerAuthentication'),
    requestAuthentications: inventory.policies.filter((p) => p.kind === 'RequestAuthentication'),
    services: inventory.services,
    waypoints: inventory.waypoints,
    meshModeOf: (w) => {
      // Asked several times per flow; a workload's mode depends on it, its namespace and the setting only.
      let mode = meshModes.get(w);
      if (mode === undefined) meshModes.set(w, (mode = workloadMeshMode(w, namespaceOf(w.namespace).labels, inventory.dataplaneMode)));
      return mode;
    },
    namespaceOf,
  };

  const model: TrafficModel = {
    inventory,
    context,
    istio,
    get rules() {
      return compiled().rules;
    },
    get rulesByPolicy() {
      return compiled().rulesByPolicy;
    },
    get subjectsByRule() {
      return compiled().ruleSubjects;
    },
    rulesFor: (workload, direction) => {
      const { subjectRules, rules } = compiled();
      return subjectListsOf(subjectRules, workload.id)?.[direction] ?? rules.filter((r) => r.direction === direction && r.selects(workload, context));
    },
    subjectsOf: (rule) => compiled().ruleSubjects.get(rule) ?? [],
    workloadEndpoint: world.context.endpointOf,
    candidateWorkloads,
  };
  modelWorlds.set(model, world);
  modelCompilers.set(model, compiled);
  if (reusable) pendingReuse.set(model, reusable);
  return model;
}

/** Every policy compiled (or its rules reused) and the rules indexed by the workloads they select. */
function compileModel(
  model: TrafficModel,
  inventory: Inventory,
  world: WorkloadWorld,
  reusable: ReadonlyMap<PolicySource, readonly CompiledRule[]> | undefined,
  prior: TrafficModel | undefined,
  subjects: ReadonlyMap<CompiledRule, readonly Workload[]> | undefined,
): ModelInternals {
  const rulesByPolicy = new Map<PolicySource, readonly CompiledRule[]>();
  for (const policy of inventory.policies) {
    const reused = reusable?.get(policy);
    // Kept rules must belong to this very policy object (its source gives their positions).
    const usable = reused && reused.every((r) => r.policy === policy && !r.usesCidrGroups);
    rulesByPolicy.set(policy, usable ? reused : compilePolicy(policy, inventory.cidrGroups));
  }
  const rules: CompiledRule[] = [];
  rulesByPolicy.forEach((list) => {
    for (let i = 0; i < list.length; i++) rules.push(list[i]);
  });
  // The previous model's indexes are updated only if it built them (it compiled) in the same world.
  const before = prior ? modelInternals.get(prior) : undefined;
  const update = before && prior && before.world === world ? updateSubjectIndex(before, rules, world, rulesByPolicy, before.rulesByPolicy) : undefined;
  const { subjectRules, ruleSubjects } = update ?? subjectIndex(rules, inventory.workloads, world, subjects ?? before?.ruleSubjects);
  const internals: ModelInternals = { world, rules, rulesByPolicy, subjectRules, ruleSubjects, ...(update && prior ? { changes: { since: new WeakRef(prior), added: update.added, removed: update.removed } } : {}) };
  modelInternals.set(model, internals);
  pendingReuse.delete(model);
  return internals;
}

/** The rules a model compiled, else those it was given to reuse (it never compiled). */
function rulesToReuse(model: TrafficModel): ReadonlyMap<PolicySource, readonly CompiledRule[]> | undefined {
  return modelInternals.get(model)?.rulesByPolicy ?? pendingReuse.get(model);
}

/** What depends on the workloads, namespaces and services only: kept across models while those are the same objects. */
interface WorkloadWorld {
  readonly inventory: Inventory;
  readonly undeclaredNamespaces: UndeclaredNamespaces;
  readonly context: MatchContext;
  readonly namespaceOf: (name: string) => NamespaceInfo;
  readonly candidateWorkloads: (hint: WorkloadHint | undefined) => readonly Workload[];
}

interface SubjectLists {
  readonly ingress: readonly CompiledRule[];
  readonly egress: readonly CompiledRule[];
}

/**
 * Rules by the workload they select: a base shared by successive models and the lists an edit changed since,
 * so a policy edit copies only what it touched (folded into a new base once the changes pile up).
 */
interface SubjectRules {
  readonly base: ReadonlyMap<string, SubjectLists>;
  readonly changed: ReadonlyMap<string, SubjectLists>;
}

function subjectListsOf(index: SubjectRules, id: string): SubjectLists | undefined {
  // A fresh index has no changes: one look-up (this runs twice per end of every flow).
  return (index.changed.size === 0 ? undefined : index.changed.get(id)) ?? index.base.get(id);
}

/** A model's indexes, for the next model of an incremental caller (never mutated once built). */
interface ModelInternals {
  readonly world: WorkloadWorld;
  readonly rules: readonly CompiledRule[];
  readonly rulesByPolicy: ReadonlyMap<PolicySource, readonly CompiledRule[]>;
  readonly subjectRules: SubjectRules;
  readonly ruleSubjects: ReadonlyMap<CompiledRule, readonly Workload[]>;
  /** The rules that arrived (in `rules` order) and left since the model this one was updated from (held weakly). */
  readonly changes?: { readonly since: WeakRef<TrafficModel>; readonly added: readonly CompiledRule[]; readonly removed: readonly CompiledRule[] };
}

/**
 * The rules that arrived (in the order of `model.rules`) and left since `previous`, when `model` was updated from
 * it (the same workloads): known without comparing the two rule lists. Undefined otherwise.
 */
export function ruleChangesSince(model: TrafficModel, previous: TrafficModel): { readonly added: readonly CompiledRule[]; readonly removed: readonly CompiledRule[] } | undefined {
  // Compiled now if nothing read its rules yet: the account is made by the compile.
  const changes = (modelInternals.get(model) ?? modelCompilers.get(model)?.())?.changes;
  return changes && changes.since.deref() === previous ? changes : undefined;
}

/** Set when a model compiles its rules. */
const modelInternals = new WeakMap<TrafficModel, ModelInternals>();
/** Each model's world (set when it is built; the next model of the same workloads keeps it). */
const modelWorlds = new WeakMap<TrafficModel, WorkloadWorld>();
/** Each model's compile (idempotent). */
const modelCompilers = new WeakMap<TrafficModel, () => ModelInternals>();
/** The compiled rules a model not compiled yet would reuse (passed on to the next model). */
const pendingReuse = new WeakMap<TrafficModel, ReadonlyMap<PolicySource, readonly CompiledRule[]>>();

function sameWorld(world: WorkloadWorld, inventory: Inventory, undeclaredNamespaces: UndeclaredNamespaces): boolean {
  const was = world.inventory;
  return (
    world.undeclaredNamespaces === undeclaredNamespaces &&
    was.workloads === inventory.workloads &&
    was.namespaces === inventory.namespaces &&
    was.services === inventory.services &&
    was.clusterName === inventory.clusterName
  );
}

function workloadWorld(inventory: Inventory, undeclaredNamespaces: UndeclaredNamespaces): WorkloadWorld {
  const namespaceOf = (name: string): NamespaceInfo => inventory.namespaces.get(name) ?? { name, labels: { 'kubernetes.io/metadata.name': name }, declared: false };
  const serviceWorkloadCache = new Map<string, Workload[] | undefined>();
  const index = workloadIndex(inventory.workloads, namespaceOf, undeclaredNamespaces);
  const { byNamespace } = index;
  const endpoints = new Map<Workload, Endpoint>();
  const endpointOf = (workload: Workload): Endpoint => {
    let endpoint = endpoints.get(workload);
    if (!endpoint) {
      endpoint = { kind: 'workload', workload, namespace: namespaceOf(workload.namespace) };
      endpoints.set(workload, endpoint);
    }
    return endpoint;
  };
  const context: MatchContext = {
    clusterName: inventory.clusterName,
    undeclaredNamespaces,
    namespaceOf,
    endpointOf,
    serviceWorkloads: (namespace, name) => {
      const key = `${namespace}/${name}`;
      if (!serviceWorkloadCache.has(key)) {
        const service = inventory.services.find((s) => s.namespace === namespace && s.name === name);
        const selector = service?.selector;
        serviceWorkloadCache.set(key, selector === undefined ? undefined : (byNamespace.get(namespace) ?? []).filter((w) => Object.entries(selector).every(([k, v]) => w.labels[k] === v)));
      }
      return serviceWorkloadCache.get(key);
    },
  };
  const candidateWorkloads = (hint: WorkloadHint | undefined): readonly Workload[] => candidatesOf(index, inventory.workloads, hint);
  return { inventory, undeclaredNamespaces, context, namespaceOf, candidateWorkloads };
}

/** Label value → items, per label key (nested maps: no `key=value` string per look-up). */
type LabelIndex<T> = Map<string, Map<string, T[]>>;

/**
 * Workloads by namespace, by label and by (namespace, label), and the namespaces that hold workloads by their
 * labels, so a selector peer tests only the workloads that can match it: a namespaceSelector (+ podSelector)
 * peer looks in the namespaces whose labels can match, not at every workload carrying the pod label.
 */
interface WorkloadIndex {
  readonly byNamespace: ReadonlyMap<string, Workload[]>;
  readonly byLabel: LabelIndex<Workload>;
  readonly byNamespaceLabel: ReadonlyMap<string, LabelIndex<Workload>>;
  /** Namespaces holding workloads, by their (known) labels; the automatic name label included. */
  readonly namespacesByLabel: LabelIndex<string>;
  /** Namespaces holding workloads whose other labels are unknown (no Namespace object, editor setting): any selector may match them. */
  readonly unknownNamespaces: readonly string[];
  /** A workload's place in the inventory: candidates from several namespaces are put back in that order. */
  readonly position: ReadonlyMap<Workload, number>;
  /** Candidates of namespace-selector hints (compiled peers keep their hint object; the graph and its findings both ask). */
  readonly byNamespaceSelector: WeakMap<WorkloadHint, readonly Workload[]>;
  /**
   * The same by what namespaceSelected reads (the hint's label equalities and the selector's matchLabels, in their
   * order): many peers of many policies spell the same selector, and at scale each filter walks thousands of workloads.
   */
  readonly byNamespaceSelectorText: Map<string, readonly Workload[]>;
}

function workloadIndex(workloads: readonly Workload[], namespaceOf: (name: string) => NamespaceInfo, undeclared: UndeclaredNamespaces): WorkloadIndex {
  const byNamespace = new Map<string, Workload[]>();
  const byLabel: LabelIndex<Workload> = new Map();
  const byNamespaceLabel = new Map<string, LabelIndex<Workload>>();
  const position = new Map<Workload, number>();
  workloads.forEach((w, i) => {
    position.set(w, i);
    push(byNamespace, w.namespace, w);
    let local = byNamespaceLabel.get(w.namespace);
    if (!local) byNamespaceLabel.set(w.namespace, (local = new Map()));
    for (const k in w.labels) {
      addLabelled(byLabel, k, w.labels[k], w);
      addLabelled(local, k, w.labels[k], w);
    }
  });
  const namespacesByLabel: LabelIndex<string> = new Map();
  const unknownNamespaces: string[] = [];
  for (const name of byNamespace.keys()) {
    const info = namespaceOf(name);
    for (const k in info.labels) addLabelled(namespacesByLabel, k, info.labels[k], name);
    // namespaceLabelLookup: an undeclared namespace's labels other than its name are unknown in the editor.
    if (!info.declared && undeclared === 'unknown') unknownNamespaces.push(name);
  }
  return { byNamespace, byLabel, byNamespaceLabel, namespacesByLabel, unknownNamespaces, position, byNamespaceSelector: new WeakMap(), byNamespaceSelectorText: new Map() };
}

function addLabelled<T>(index: LabelIndex<T>, key: string, value: string, item: T): void {
  let byValue = index.get(key);
  if (!byValue) index.set(key, (byValue = new Map()));
  push(byValue, value, item);
}

/** The smallest list of an index's plain label equalities (undefined: the hint names none, or the index has no key). */
function narrowest<T>(index: LabelIndex<T> | undefined, labels: Readonly<Record<string, unknown>> | undefined, pool: readonly T[]): readonly T[] {
  let out = pool;
  if (!labels) return out;
  for (const k in labels) {
    if (!Object.hasOwn(labels, k)) continue;
    // matchSelector compares a label with the selector value as a string.
    const expected = labels[k];
    const labelled = index?.get(k)?.get(typeof expected === 'string' ? expected : String(expected ?? '')) ?? [];
    if (labelled.length < out.length) out = labelled;
  }
  return out;
}

/**
 * A superset of the workloads a hint's selector can match (the caller still matches each): by namespace and
 * label equalities, and for a namespace selector, only in the namespaces whose labels do not rule it out.
 */
function candidatesOf(index: WorkloadIndex, workloads: readonly Workload[], hint: WorkloadHint | undefined): readonly Workload[] {
  if (hint?.namespace !== undefined) return inNamespace(index, hint.namespace, hint.labels);
  if (hint?.namespaceSelector === undefined) return narrowest(index.byLabel, hint?.labels, workloads);
  let known = index.byNamespaceSelector.get(hint);
  if (!known) {
    const text = `${equalitiesText(hint.labels)}|${equalitiesText(hint.namespaceSelector.matchLabels)}`;
    known = index.byNamespaceSelectorText.get(text);
    if (!known) index.byNamespaceSelectorText.set(text, (known = namespaceSelected(index, workloads, hint, hint.namespaceSelector)));
    index.byNamespaceSelector.set(hint, known);
  }
  return known;
}

/** Label equalities as narrowest and candidateNamespaces read them: own keys in order, values as strings (JSON: unambiguous). */
function equalitiesText(labels: unknown): string {
  if (!labels || typeof labels !== 'object') return '-';
  const pairs: string[] = [];
  for (const k in labels) {
    if (!Object.hasOwn(labels, k)) continue;
    const value = (labels as Record<string, unknown>)[k];
    pairs.push(k, typeof value === 'string' ? value : String(value ?? ''));
  }
  return JSON.stringify(pairs);
}

function namespaceSelected(index: WorkloadIndex, workloads: readonly Workload[], hint: WorkloadHint, selector: LabelSelector): readonly Workload[] {
  const labelled = narrowest(index.byLabel, hint.labels, workloads);
  const namespaces = candidateNamespaces(index, selector);
  if (namespaces === undefined) return labelled;
  // Few workloads carry the pod labels: keep those in the namespaces (already in inventory order).
  if (labelled.length <= 64 * namespaces.length) {
    const inSelected = new Set(namespaces);
    return labelled.filter((w) => inSelected.has(w.namespace));
  }
  const out: Workload[] = [];
  for (const ns of namespaces) for (const w of inNamespace(index, ns, hint.labels)) out.push(w);
  // Several namespaces: back to inventory order (the order of pairs, and so of edges, is the inventory's).
  if (namespaces.length > 1) out.sort((a, b) => index.position.get(a)! - index.position.get(b)!);
  return out;
}

function inNamespace(index: WorkloadIndex, namespace: string, labels: Readonly<Record<string, string>> | undefined): readonly Workload[] {
  return narrowest(index.byNamespaceLabel.get(namespace), labels, index.byNamespace.get(namespace) ?? []);
}

/**
 * Namespaces holding workloads whose labels may match a namespace selector, from one of its matchLabels
 * equalities (plus the namespaces with unknown labels); undefined when it has none (look everywhere).
 */
function candidateNamespaces(index: WorkloadIndex, selector: LabelSelector): readonly string[] | undefined {
  const labels = selector.matchLabels;
  if (!labels || typeof labels !== 'object') return undefined;
  let best: readonly string[] | undefined;
  for (const k in labels) {
    if (!Object.hasOwn(labels, k)) continue;
    const expected = labels[k];
    const named = index.namespacesByLabel.get(k)?.get(typeof expected === 'string' ? expected : String(expected ?? '')) ?? [];
    if (best === undefined || named.length < best.length) best = named;
  }
  if (best === undefined || index.unknownNamespaces.length === 0) return best;
  const out = new Set(best);
  for (const ns of index.unknownNamespaces) out.add(ns);
  return [...out];
}

function subjectsOfRule(rule: CompiledRule, world: WorkloadWorld): readonly Workload[] {
  return world.candidateWorkloads(rule.subjectHint).filter((w) => rule.selects(w, world.context));
}

/** Rules indexed by the workloads they select: cost grows with rules × candidate workloads, not pods². */
function subjectIndex(rules: readonly CompiledRule[], workloads: readonly Workload[], world: WorkloadWorld, known?: ReadonlyMap<CompiledRule, readonly Workload[]>): Pick<ModelInternals, 'subjectRules' | 'ruleSubjects'> {
  // Most workloads of a big workspace are selected by no rule, or in one direction only: they share the empty
  // lists. Workloads selected by the same rules share one list (the rules are met in order, so equal lists are
  // the same path through SubjectListNode): kept once, and what is worked out per list (its ids, isolating
  // rules, rule references, matches of a peer) is worked out once for all of them.
  const subjectRules = new Map<string, SubjectLists>();
  const ruleSubjects = new Map<CompiledRule, readonly Workload[]>();
  for (let i = 0; i < workloads.length; i++) subjectRules.set(workloads[i].id, noSubjectLists);
  const selected = new Map<string, { ingress: SubjectListNode; egress: SubjectListNode }>();
  const root: SubjectListNode = { list: noSubjectRules, next: undefined, own: false };
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r];
    const subjects = known?.get(rule) ?? subjectsOfRule(rule, world);
    for (let i = 0; i < subjects.length; i++) {
      const id = subjects[i].id;
      let at = selected.get(id);
      if (at === undefined) {
        if (!subjectRules.has(id)) continue;
        selected.set(id, (at = { ingress: root, egress: root }));
      }
      if (rule.direction === 'ingress') at.ingress = extendedList(at.ingress, rule);
      else at.egress = extendedList(at.egress, rule);
    }
    ruleSubjects.set(rule, subjects);
  }
  selected.forEach((at, id) => subjectRules.set(id, { ingress: at.ingress.list, egress: at.egress.list }));
  return { subjectRules: { base: subjectRules, changed: new Map() }, ruleSubjects };
}

/** A subject list while the index is built: shared by the workloads the same rules selected so far. */
interface SubjectListNode {
  readonly list: readonly CompiledRule[];
  next: Map<CompiledRule, SubjectListNode> | undefined;
  /** A long list of one workload's own, pushed to (sharing would copy it per rule). */
  readonly own: boolean;
}

function extendedList(node: SubjectListNode, rule: CompiledRule): SubjectListNode {
  if (node.own) {
    (node.list as CompiledRule[]).push(rule);
    return node;
  }
  let next = node.next?.get(rule);
  if (next === undefined) {
    const own = node.list.length >= 32;
    next = { list: node.list.length === 0 ? [rule] : node.list.concat(rule), next: undefined, own };
    if (!own) (node.next ??= new Map()).set(rule, next);
  }
  return next;
}

const noSubjectRules: readonly CompiledRule[] = Object.freeze([]);
const noSubjectLists: SubjectLists = { ingress: noSubjectRules, egress: noSubjectRules };

/**
 * The previous model's subject index with the rules that left or arrived applied: only the workloads those
 * rules select get new lists (in the order a fresh build gives: the order of `rules`), the rest are shared.
 */
type SubjectUpdate = Pick<ModelInternals, 'subjectRules' | 'ruleSubjects'> & { readonly added: readonly CompiledRule[]; readonly removed: readonly CompiledRule[] };

function updateSubjectIndex(
  before: ModelInternals,
  rules: readonly CompiledRule[],
  world: WorkloadWorld,
  byPolicy: ReadonlyMap<PolicySource, readonly CompiledRule[]>,
  wasByPolicy: ReadonlyMap<PolicySource, readonly CompiledRule[]>,
): SubjectUpdate {
  // A policy's rules are kept or compiled again as one list: the lists that changed hold every rule that came or went.
  const added: CompiledRule[] = [];
  byPolicy.forEach((list, key) => {
    if (wasByPolicy.get(key) === list) return;
    for (let i = 0; i < list.length; i++) if (!before.ruleSubjects.has(list[i])) added.push(list[i]);
  });
  const removed: CompiledRule[] = [];
  wasByPolicy.forEach((list, key) => {
    if (byPolicy.get(key) === list) return;
    for (let i = 0; i < list.length; i++) if (before.ruleSubjects.has(list[i])) removed.push(list[i]);
  });
  // Many changes (a big paste, a new file of policies): a fresh index costs less than patching.
  if ((removed.length + added.length) * 4 > rules.length + 16) return { ...subjectIndex(rules, world.inventory.workloads, world, before.ruleSubjects), added, removed };
  const ruleSubjects = new Map(before.ruleSubjects);
  for (const rule of removed) ruleSubjects.delete(rule);
  const touched = new Set<string>();
  for (const rule of removed) for (const w of before.ruleSubjects.get(rule) ?? []) touched.add(w.id);
  for (const rule of added) {
    const subjects = subjectsOfRule(rule, world);
    ruleSubjects.set(rule, subjects);
    for (const w of subjects) touched.add(w.id);
  }
  if (touched.size === 0) return { subjectRules: before.subjectRules, ruleSubjects, added, removed };
  const changed = new Map(before.subjectRules.changed);
  const gone = new Set(removed);
  const arriving = new Map<string, CompiledRule[]>();
  for (const rule of added) for (const w of ruleSubjects.get(rule) ?? []) push(arriving, w.id, rule);
  const lists: { id: string; ingress: CompiledRule[]; egress: CompiledRule[] }[] = [];
  // Positions in `rules` of the rules these lists hold only (found in one pass, no map of every rule).
  const order = new Map<CompiledRule, number>();
  for (const id of touched) {
    const was = subjectListsOf(before.subjectRules, id);
    if (!was) continue;
    const next = { id, ingress: was.ingress.filter((r) => !gone.has(r)), egress: was.egress.filter((r) => !gone.has(r)) };
    for (const rule of arriving.get(id) ?? []) next[rule.direction].push(rule);
    for (const rule of next.ingress) order.set(rule, -1);
    for (const rule of next.egress) order.set(rule, -1);
    lists.push(next);
  }
  for (let i = 0; i < rules.length; i++) if (order.has(rules[i])) order.set(rules[i], i);
  for (const { id, ingress, egress } of lists) {
    ingress.sort((a, b) => order.get(a)! - order.get(b)!);
    egress.sort((a, b) => order.get(a)! - order.get(b)!);
    changed.set(id, { ingress, egress });
  }
  if (changed.size * 8 <= before.subjectRules.base.size + 1024) return { subjectRules: { base: before.subjectRules.base, changed }, ruleSubjects, added, removed };
  const base = new Map(before.subjectRules.base);
  for (const [id, lists] of changed) base.set(id, lists);
  return { subjectRules: { base, changed: new Map() }, ruleSubjects, added, removed };
}

/** The verdict of one flow, with a step per enforcement point (sender egress, receiver ingress, Istio). */
export function evaluateFlow(model: TrafficModel, from: Endpoint, to: Endpoint, protocol: PortProtocol | 'ICMP', port: number, request?: IstioRequest): FlowVerdict {
  return flowVerdictAt(model, from, to, directionsOf(model, from, to), protocol, port, request);
}

/** Sender egress and receiver ingress of a flow, computed once and reusable for every port. */
export function directionsOf(model: TrafficModel, from: Endpoint, to: Endpoint, peerMatch?: PeerMatch): { egress?: DirectionPorts; ingress?: DirectionPorts } {
  // Asked for every flow the graph evaluates: one object of the shape that applies, no spread.
  const egress = from.kind === 'workload' ? directionPorts('egress', model.rulesFor(from.workload, 'egress'), to, to, model.context, peerMatch) : undefined;
  const ingress = to.kind === 'workload' ? directionPorts('ingress', model.rulesFor(to.workload, 'ingress'), from, to, model.context, peerMatch) : undefined;
  return egress ? (ingress ? { egress, ingress } : { egress }) : ingress ? { ingress } : {};
}

export function flowVerdictAt(
  model: TrafficModel,
  from: Endpoint,
  to: Endpoint,
  directions: { egress?: DirectionPorts; ingress?: DirectionPorts; istioAt?: (port: number) => readonly IstioStep[]; authzAt?: (port: number) => readonly FlowStep[]; hop?: HopDirections },
  protocol: PortProtocol | 'ICMP',
  port: number,
  request?: IstioRequest,
): FlowVerdict {
  const steps: FlowStep[] = [];
  // Mesh traffic into an ambient pod is HBONE on TCP 15008: that is the port Cilium and NetworkPolicy see.
  const hbone = protocol === 'TCP' && isHbone(model, from, to);
  const hop = hbone ? ('hop' in directions ? directions.hop : hopDirectionsOf(model, from, to)) : undefined;
  if (hop) {
    steps.push(...hopSteps(hop));
  } else {
    const wirePort = hbone ? HBONE_PORT : port;
    const wire = (step: FlowStep): FlowStep => (hbone ? { ...step, reason: `${step.reason} (mesh traffic arrives as HBONE on TCP ${HBONE_PORT})` } : step);
    if (directions.egress) steps.push(wire(l34Step('egress', directions.egress, protocol, wirePort, hbone ? undefined : request)));
    if (directions.ingress) steps.push(wire(l34Step('ingress', directions.ingress, protocol, wirePort, hbone ? undefined : request)));
  }
  if (to.kind === 'workload') {
    if (!request && protocol === 'TCP' && directions.authzAt) {
      const authz = directions.authzAt(port);
      for (let i = 0; i < authz.length; i++) steps.push(authz[i]);
    } else {
      const istio = !request && protocol === 'TCP' && directions.istioAt ? directions.istioAt(port) : evaluateIstio(model.istio, from, to.workload, port, request ? 'HTTP' : protocol, request);
      for (const step of istio) steps.push(authzStep(step));
    }
  }
  let verdict: 'allow' | 'deny' | 'unknown' = 'allow';
  for (let i = 0; i < steps.length; i++) if (steps[i].verdict === 'deny' || (steps[i].verdict === 'unknown' && verdict === 'allow')) verdict = steps[i].verdict;
  return { verdict, steps };
}

/** Istio's step as a flow step. */
function authzStep(step: IstioStep): FlowStep {
  return { enforcer: step.enforcer, direction: 'authz', verdict: step.verdict, reason: step.reason, rules: step.rules.map((r) => ({ ...r, enforcer: step.enforcer })), l7: step.l7 };
}

/** The waypoint path's gates for a mesh client and an ambient destination a waypoint serves; undefined otherwise. */
export function hopDirectionsOf(model: TrafficModel, from: Endpoint, to: Endpoint): HopDirections | undefined {
  if (from.kind !== 'workload' || to.kind !== 'workload' || !isHbone(model, from, to)) return undefined;
  const hop = waypointHopOf(model, to.workload);
  if (!hop) return undefined;
  const waypoint = hop.endpoint;
  // The waypoint pod's own policies count only when the workspace holds it (its rules select a known pod).
  const own = (direction: Direction, peer: Endpoint, destination: Endpoint): DirectionPorts | undefined => {
    if (!hop.known) return undefined;
    const result = directionPorts(direction, model.rulesFor(waypoint.workload, direction), peer, destination, model.context);
    return result.isolated ? result : undefined;
  };
  const waypointIngress = own('ingress', from, waypoint);
  const waypointEgress = own('egress', to, to);
  return {
    hop,
    egress: directionPorts('egress', model.rulesFor(from.workload, 'egress'), waypoint, waypoint, model.context),
    ...(waypointIngress ? { waypointIngress } : {}),
    ...(waypointEgress ? { waypointEgress } : {}),
    ingress: directionPorts('ingress', model.rulesFor(to.workload, 'ingress'), waypoint, to, model.context),
  };
}

function hopSteps(hop: HopDirections): FlowStep[] {
  const { namespace, name } = hop.hop.waypoint;
  const waypoint = `waypoint ${namespace}/${name}`;
  const at = (step: FlowStep, where: string): FlowStep => {
    const reason = step.verdict === 'unknown' && !hop.hop.known ? unknownWaypointReason(hop.hop) : step.reason;
    return { ...step, reason: `${reason} (${where}: HBONE on TCP ${HBONE_PORT})` };
  };
  return [
    at(l34Step('egress', hop.egress, 'TCP', HBONE_PORT), `to ${waypoint}`),
    ...(hop.waypointIngress ? [at(l34Step('ingress', hop.waypointIngress, 'TCP', HBONE_PORT), `at ${waypoint}, from the client`)] : []),
    ...(hop.waypointEgress ? [at(l34Step('egress', hop.waypointEgress, 'TCP', HBONE_PORT), `at ${waypoint}, to the destination`)] : []),
    at(l34Step('ingress', hop.ingress, 'TCP', HBONE_PORT), `after the waypoint hop Cilium sees ${waypoint}, not the client`),
  ];
}

export function combineVerdicts(verdicts: readonly ('allow' | 'deny' | 'unknown')[]): 'allow' | 'deny' | 'unknown' {
  if (verdicts.includes('deny')) return 'deny';
  return verdicts.includes('unknown') ? 'unknown' : 'allow';
}

function l34Step(direction: Direction, result: DirectionPorts, protocol: PortProtocol | 'ICMP', port: number, request?: IstioRequest): FlowStep {
  const verdict = verdictAt(result, protocol, port);
  const enforcer: EnforcerId = verdict.enforcers.find((e) => e !== 'k8s-netpol') ?? verdict.enforcers[0] ?? (result.isolatingRules[0]?.enforcer ?? 'cilium-bpf');
  // Only a request is matched against HTTP rules: without one (every graph edge) no filtered list is made.
  const http = verdict.verdict === 'allow' && request !== undefined ? verdict.l7.filter((c) => c.kind === 'http') : noL7;
  if (verdict.verdict === 'allow' && request !== undefined && http.length > 0) {
    const rules = verdict.rules.map((r) => ({ policy: r.policy, path: r.path, enforcer: r.enforcer }));
    const results = http.map((c) => matchCiliumHttpRule(c, request));
    const matched = results.filter((r) => r.match === 'yes');
    if (matched.length > 0) {
      // With mismatch actions the proxy evaluates every rule (no short circuit), so each matching rule's actions apply.
      const effects = [...new Set(matched.flatMap((r) => r.effects))];
      return { enforcer: 'cilium-envoy', direction, verdict: 'allow', reason: `the request matches an L7 HTTP rule${effects.length ? `; ${effects.join('; ')}` : ''}`, rules, l7: verdict.l7 };
    }
    const unknown = results.find((r) => r.match === 'unknown');
    if (unknown) return { enforcer: 'cilium-envoy', direction, verdict: 'unknown', reason: `whether an L7 HTTP rule matches is unknown: ${unknown.reason}`, rules, l7: verdict.l7 };
    // Cilium's proxy answers a request no L7 rule matches with HTTP 403 (layer7.rst).
    const why = results.length === 1 && results[0].reason ? `: ${results[0].reason}` : '';
    return { enforcer: 'cilium-envoy', direction, verdict: 'deny', reason: `no L7 HTTP rule matches the request (HTTP 403)${why}`, rules, l7: verdict.l7 };
  }
  // Compiled rules carry the policy, path and enforcer a step names.
  return { enforcer, direction, verdict: verdict.verdict, reason: verdict.reason, rules: verdict.rules, l7: verdict.l7 };
}

const noL7: readonly L7Constraint[] = [];

/** ztunnel's inbound HBONE port (istio.io ambient architecture: traffic redirection, HBONE). */
export const HBONE_PORT = 15008;

/**
 * A mesh client (ambient or sidecar) talking to an ambient pod tunnels through HBONE, so Cilium and
 * NetworkPolicy see TCP 15008, not the app port (semantics §C.2; istio.io ambient-and-networkpolicy).
 */
export function isHbone(model: TrafficModel, from: Endpoint, to: Endpoint): boolean {
  return from.kind === 'workload' && to.kind === 'workload' && model.istio.meshModeOf(to.workload) === 'ambient' && model.istio.meshModeOf(from.workload) !== 'none';
}

/**
 * Every protocol/port on which `from` may reach `to`: egress ∩ ingress ∩ Istio (semantics §C). `peerMatch`
 * answers for the flow's own ends as matchPeers does (the graph passes the matches it found per rule).
 */
export function flowPorts(model: TrafficModel, from: Endpoint, to: Endpoint, peerMatch?: PeerMatch): FlowPorts {
  let allowed = allPortSet;
  let unknown = emptyPortSet;
  const gate = (gateAllowed: PortSet, gateUnknown: PortSet): void => {
    // Unknown stays unknown unless another gate denies it for sure.
    unknown = intersectPortSets(unionPortSets(unknown, intersectPortSets(allowed, gateUnknown)), unionPortSets(gateAllowed, gateUnknown));
    allowed = intersectPortSets(allowed, gateAllowed);
  };
  const { egress, ingress } = directionsOf(model, from, to, peerMatch);
  // For HBONE flows the L3/L4 gates decide every TCP port by what they say about TCP 15008; through a
  // waypoint those are the gates of the waypoint path (UDP and SCTP are not tunnelled: they stay direct).
  const hbone = isHbone(model, from, to);
  const hop = hbone ? hopDirectionsOf(model, from, to) : undefined;
  const onWire = (set: PortSet, tcp: PortSet = set): PortSet => (hbone ? { ...set, TCP: portSetHas(tcp, 'TCP', HBONE_PORT) ? [[1, MAX_PORT]] : [] } : set);
  if (egress) gate(onWire(egress.allowed, hop?.egress.allowed), onWire(egress.unknown, hop?.egress.unknown));
  if (hop?.waypointIngress) gate(onWire(allPortSet, hop.waypointIngress.allowed), onWire(emptyPortSet, hop.waypointIngress.unknown));
  if (hop?.waypointEgress) gate(onWire(allPortSet, hop.waypointEgress.allowed), onWire(emptyPortSet, hop.waypointEgress.unknown));
  if (ingress) gate(onWire(ingress.allowed, hop?.ingress.allowed), onWire(ingress.unknown, hop?.ingress.unknown));
  let istioAt: ((port: number) => readonly IstioStep[]) | undefined;
  let authzAt: ((port: number) => readonly FlowStep[]) | undefined;
  const fixed = to.kind === 'workload' ? fixedIstioSteps(model, to.workload) : undefined;
  if (fixed) {
    // Istio reads neither the source nor the port here (no proxy, or one with no policy to apply): the same
    // steps at every port, which allow or say nothing, so its gate changes no port set.
    istioAt = fixed.istioAt;
    authzAt = fixed.authzAt;
  } else if (to.kind === 'workload') {
    const memo = new Map<number, readonly IstioStep[]>();
    istioAt = (port) => {
      let steps = memo.get(port);
      if (!steps) {
        steps = evaluateIstio(model.istio, from, to.workload, port, 'TCP');
        memo.set(port, steps);
      }
      return steps;
    };
    const istio = istioPorts(model, to.workload, istioAt);
    if (istio) gate(istio.allowed, istio.unknown);
    const asFlowSteps = new Map<number, readonly FlowStep[]>();
    const stepsAt = istioAt;
    authzAt = (port) => {
      let steps = asFlowSteps.get(port);
      if (!steps) asFlowSteps.set(port, (steps = stepsAt(port).map(authzStep)));
      return steps;
    };
  }
  return { allowed, unknown: subtractPortSets(unknown, allowed), istioAt, authzAt, egress, ingress, hop };
}

/** Whether Istio's verdicts at this destination read nothing of the source or port (graph template keys). */
export function istioIgnoresSource(model: TrafficModel, to: Workload): boolean {
  return fixedIstioSteps(model, to) !== undefined;
}

interface FixedIstioSteps {
  readonly istioAt: (port: number) => readonly IstioStep[];
  readonly authzAt: (port: number) => readonly FlowStep[];
}

const fixedSteps = new WeakMap<TrafficModel, Map<Workload, FixedIstioSteps | null>>();

/** Istio's steps at a destination where they depend on neither source nor port (sourceIndependentSteps), once per model and workload. */
function fixedIstioSteps(model: TrafficModel, to: Workload): FixedIstioSteps | undefined {
  let perModel = fixedSteps.get(model);
  if (!perModel) fixedSteps.set(model, (perModel = new Map()));
  let known = perModel.get(to);
  if (known === undefined) {
    const steps = sourceIndependentSteps(model.istio, to);
    // Only steps that allow leave the port sets as they are (the gate is skipped).
    const asFlowSteps = steps && steps.every((s) => s.verdict === 'allow') ? steps.map(authzStep) : undefined;
    known = steps && asFlowSteps ? { istioAt: () => steps, authzAt: () => asFlowSteps } : null;
    perModel.set(to, known);
  }
  return known ?? undefined;
}

/** Istio's TCP verdict per port, evaluated at every port the policies mention plus one representative other port. */
function istioPorts(model: TrafficModel, to: Workload, istioAt: (port: number) => readonly IstioStep[]): { allowed: PortSet; unknown: PortSet } | undefined {
  if (model.istio.meshModeOf(to) === 'none') return undefined;
  const mentioned = mentionedPortsOf(model, to);
  let other = 1;
  while (mentioned.includes(other)) other++;
  const verdictAtPort = (port: number): 'allow' | 'deny' | 'unknown' => combineVerdicts(istioAt(port).map((s) => s.verdict));
  const otherVerdict = verdictAtPort(other);
  const nonTcp = { ...allPortSet, TCP: [] };
  let allowed = otherVerdict === 'allow' ? subtractPortSets(allPortSet, tcpSet(mentioned)) : nonTcp;
  let unknown = otherVerdict === 'unknown' ? subtractPortSets(portSetOf('TCP', 1, 65535), tcpSet(mentioned)) : emptyPortSet;
  for (const port of mentioned) {
    const v = verdictAtPort(port);
    if (v === 'allow') allowed = unionPortSets(allowed, portSetOf('TCP', port));
    if (v === 'unknown') unknown = unionPortSets(unknown, portSetOf('TCP', port));
  }
  return { allowed, unknown };
}

const mentionedPortsCache = new WeakMap<TrafficModel, Map<string, number[]>>();

function mentionedPortsOf(model: TrafficModel, workload: Workload): number[] {
  let perModel = mentionedPortsCache.get(model);
  if (!perModel) {
    perModel = new Map();
    mentionedPortsCache.set(model, perModel);
  }
  let ports = perModel.get(workload.id);
  if (!ports) {
    ports = istioMentionedPorts(model.istio, workload).sort((a, b) => a - b);
    perModel.set(workload.id, ports);
  }
  return ports;
}

function tcpSet(ports: readonly number[]): PortSet {
  return ports.reduce((acc, p) => unionPortSets(acc, portSetOf('TCP', p)), emptyPortSet);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export type { IstioRuleRef };
