// Builds the allowed-traffic graph of a workspace: workload, entity, CIDR, FQDN and namespace nodes, and
// edges for every flow some rule speaks about (allowed, denied or unknown), with ports, L7 constraints,
// enforcers and the rules that decided. Flows no policy mentions stay implicit: nodes carry whether they
// are isolated, so a graph of N open workloads is not N² edges. Verdicts are computed once per pair of ends
// that look alike to the flow's rules and policies (which rules each end matches, ports, mesh facts; full
// identities where Istio reads the client), so cost follows what the policies tell apart, not pods.
import type { EnforcerId, GraphEdge, GraphNode, GraphProtocol, L7Constraint, Layer, RuleRef, TrafficGraph } from './trafficGraphModel';
import { higherLayer } from '../enforcement/ruleEnforcement';
import { createClassificationMemo, createRuleAnnotator, type ClassificationMemo } from './ruleClassification';
import type { ContainerPort, PolicySource, Workload } from '../inventory/inventoryModel';
import type { CompiledRule, ExternalPeer, MatchContext, PeerMatcher } from './compiledRule';
import { endpointId, type Endpoint } from './endpoint';
import { matchPeers, rulePorts, type PeerMatch } from './evaluateDirection';
import { istioMentionedPorts, readsOnlySourceMeshMembership } from './evaluateIstio';
import { workloadsReachedBy } from '../workspace/istioAttachment';
import { portProtocols, portSetOf, isAllPortSet, isEmptyPortSet, subtractPortSets, unionPortSets, emptyPortSet, MAX_PORT, type PortSet } from './portSet';
import { createRuleReferencer, type RuleReferencer } from './ruleReference';
import { flowPorts, flowVerdictAt, istioIgnoresSource, ruleChangesSince, type FlowPorts, type FlowStep, type TrafficModel } from './trafficModel';

export interface TrafficGraphOptions {
  /** Only edges touching these workloads (the focus of a policy file); all when absent. */
  readonly focus?: ReadonlySet<string>;
  /** Stop adding edges past this many (huge workspaces); the graph says so in `truncated`. */
  readonly maxEdges?: number;
  readonly referencer?: RuleReferencer;
  /** Carried between runs by an incremental caller (trafficSession.ts); must be dropped when workloads change. */
  readonly cache?: GraphCache;
  /** Evaluate every pair on its own, sharing no edge template (the plain answer the template keys are checked against). */
  readonly evaluateEveryPair?: boolean;
}

export interface GraphCache {
  /**
   * Edge templates by (source view or identity + its egress rules, destination view or identity + its ingress/Istio
   * rules, peer matches, pair rules; see evaluate in buildTrafficGraph). Their RuleRefs read the policies' current
   * positions (ruleReference.ts), so a policy that moved keeps them.
   */
  readonly templates: TemplateCache;
  /** Peer endpoints each rule matches. */
  readonly peers: Map<CompiledRule, Endpoint[]>;
  /** One endpoint object per external peer (CIDR, entity, FQDN) id, so pairs can be found by endpoint identity. */
  readonly externals: Map<string, Endpoint>;
  /** The previous run's flows, updated in place by the next run. */
  state?: GraphState;
  /** Rule classifications of the edges' policies, kept while what they read is unchanged (ruleClassification.ts). */
  readonly classification: ClassificationMemo;
  /**
   * How often Istio policies (AuthorizationPolicy, PeerAuthentication, RequestAuthentication) changed, by namespace
   * ('' counts root-namespace ones, which reach everywhere): part of a mesh destination's template key, since its
   * verdicts read policies the key does not list (STRICT mTLS, policies attached to its waypoint).
   */
  readonly istioChanges: Map<string, number>;
  /** The Istio policies of the last run (whatever its focus), to count what changed since. */
  istioPolicies?: ReadonlySet<PolicySource>;
}

/**
 * Templates by source key, then destination key (each made once per endpoint and run), then the peer matches and
 * the pair's rules: a look-up hashes a short per-pair string, not a concatenation of both keys. A template is the
 * edge list of the first pair that made it: that pair's answer holds the very same list (no copy per edge),
 * another pair with the same keys copies it with its own ends. (Nested maps per key part cost less hashing but
 * keep a map per pair of ends for the session, which the scavenger copies: more than the short-lived key strings.)
 */
interface TemplateCache {
  readonly bySource: Map<string, Map<string, Map<string, readonly GraphEdge[]>>>;
  size: number;
}

/** What the template keys of a run read of one end (evaluate in buildTrafficGraph); undefined until first asked. */
interface EndKeys {
  egressSignature: string | undefined;
  ingressSignature: string | undefined;
  /** sourceView toward a destination with a proxy, and without. */
  proxiedView: string | undefined;
  directView: string | undefined;
  destinationView: string | undefined;
  istioBlind: boolean | undefined;
  /** Whether Istio at this destination reads neither source nor port (istioIgnoresSource). */
  istioFixed: boolean | undefined;
  /** The model's rule lists of a workload end (empty for other ends). */
  readonly egressRules: readonly CompiledRule[];
  readonly ingressRules: readonly CompiledRule[];
  /** A workload end whose mesh mode is not 'none'. */
  readonly meshed: boolean;
}

const noCompiledRules: readonly CompiledRule[] = [];

function createTemplateCache(): TemplateCache {
  return { bySource: new Map(), size: 0 };
}

export function createGraphCache(): GraphCache {
  return { templates: createTemplateCache(), peers: new Map(), externals: new Map(), classification: createClassificationMemo(), istioChanges: new Map() };
}

export interface TrafficGraphResult {
  readonly graph: TrafficGraph;
  readonly truncated: boolean;
  /** Candidate flows looked at, and how many of them had to be evaluated (the rest came from the cache). */
  readonly stats: { readonly pairs: number; readonly evaluated: number };
}

/** A flow candidate: two endpoints and the rules that made us look at them. */
export interface CandidatePair {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly rules: CompiledRule[];
}

/** A live flow candidate: the pair itself (one object per pair, not an entry wrapping it) and what the run made of it. */
interface PairEntry extends CandidatePair {
  /** Replaced by a longer copy when a rule joins (see add). */
  rules: CompiledRule[];
  /** How many AuthorizationPolicies name it by a principal or namespace. */
  istio: number;
  edges: readonly GraphEdge[];
}

/** Flows of one run: what the next run updates instead of recomputing (the workloads must be the same). */
interface GraphState {
  model?: TrafficModel;
  readonly focusKey: string;
  /** Live pairs, in the order they were first met (the edge order of the answer). */
  readonly pairs: Set<PairEntry>;
  /**
   * Live pairs by their endpoint objects (found by identity: a pair is met once per rule naming it). Most sources
   * have one or two destinations: the first pair of a source is kept as it is, a map only once there are more.
   */
  readonly pairIndex: Map<Endpoint, PairEntry | Map<Endpoint, PairEntry>>;
  istioPolicies: readonly PolicySource[];
  /** Pair keys each AuthorizationPolicy names (istioPairs), kept while the policy object is. */
  readonly istioNamed: Map<PolicySource, readonly PairEntry[]>;
  /** The last answer's nodes (namespace nodes apart), updated in place by the next run. */
  shown?: ShownNodes;
}

interface ShownNodes {
  readonly nodes: Map<string, GraphNode>;
  /** How many live pairs have each endpoint id at an end. */
  readonly uses: Map<string, number>;
  /** The inventory's workloads (fixed for a state: a workload change starts a new cache), and by id once asked (shownWorkloads). */
  readonly inventoryWorkloads: readonly Workload[];
  workloads?: ReadonlyMap<string, Workload>;
  namespaceNodes: readonly GraphNode[];
}

/**
 * Builds the graph. With a cache from a previous run over the same workloads, only the flows of rules that
 * appeared or disappeared, and of the workloads those rules select, are looked at again.
 */
export function buildTrafficGraph(model: TrafficModel, options: TrafficGraphOptions = {}): TrafficGraphResult {
  const graphCache = options.cache ?? createGraphCache();
  const referencer = options.referencer ?? createRuleReferencer(createRuleAnnotator(model.inventory, graphCache.classification));
  const focus = options.focus;
  const focusKey = focus ? [...focus].sort().join(',') : '';
  // Edge templates assume one data-plane setting (mesh modes are not part of identity keys).
  if (graphCache.state?.model && graphCache.state.model.inventory.dataplaneMode !== model.inventory.dataplaneMode) {
    graphCache.templates.bySource.clear();
    graphCache.templates.size = 0;
    graphCache.peers.clear();
    graphCache.externals.clear();
    graphCache.state = undefined;
  }
  let state = graphCache.state;
  if (!state || state.focusKey !== focusKey) {
    state = { focusKey, pairs: new Set(), pairIndex: new Map(), istioPolicies: [], istioNamed: new Map() };
  }
  const { pairs } = state;
  const dirtyPairs = new Set<PairEntry>();
  const dirtyWorkloads = new Set<string>();
  const previous = state.model;
  // Endpoints of pairs made or dropped by this run, for the kept node list (a first run lists every node anyway).
  const nodeChanges: { endpoint: Endpoint; delta: 1 | -1 }[] = [];
  const trackNodes = previous !== undefined && state.shown !== undefined;
  // A new state looks at every pair it makes: no dirty set to fill.
  const fresh = previous === undefined;

  const grownRules: PairEntry[] = [];
  const add = (from: Endpoint, to: Endpoint, rule: CompiledRule | undefined): PairEntry | undefined => {
    if (from.kind === 'workload' && to.kind === 'workload' && from.workload.id === to.workload.id) return undefined;
    if (focus && !(from.kind === 'workload' && focus.has(from.workload.id)) && !(to.kind === 'workload' && focus.has(to.workload.id))) return undefined;
    const byTo = state.pairIndex.get(from);
    let entry = byTo === undefined ? undefined : byTo instanceof Map ? byTo.get(to) : byTo.to === to ? byTo : undefined;
    if (!entry) {
      // Kept for the session: a list made by its first element is allocated at its size (an empty list that is
      // pushed to gets room for 16), which the scavenger then copies and promotes for every pair.
      entry = { from, to, rules: rule ? [rule] : [], istio: 0, edges: noEdges };
      if (byTo === undefined) state.pairIndex.set(from, entry);
      else if (byTo instanceof Map) byTo.set(to, entry);
      else {
        // Set one by one: a Map made from a list of pairs walks it with the iterator protocol.
        const byDestination = new Map<Endpoint, PairEntry>();
        byDestination.set(byTo.to, byTo);
        byDestination.set(to, entry);
        state.pairIndex.set(from, byDestination);
      }
      pairs.add(entry);
      if (trackNodes) nodeChanges.push({ endpoint: from, delta: 1 }, { endpoint: to, delta: 1 });
    }
    // A pair's rule list is kept for the session: a short one is copied at its size (pushing onto one or two rules
    // gives room for 16 or more); a longer one is pushed to (copying it per rule would cost the square of its
    // length) and copied at its size once the rules are in (grownRules).
    else if (rule && !entry.rules.includes(rule)) {
      if (entry.rules.length < 4) entry.rules = entry.rules.concat(rule);
      else {
        if (entry.rules.length === 4) grownRules.push(entry);
        entry.rules.push(rule);
      }
    }
    if (!rule) entry.istio += 1;
    if (!fresh) dirtyPairs.add(entry);
    return entry;
  };

  // Rules that disappeared (edited or removed policies) give up their flows (taken out of their pairs below); new
  // rules add theirs. The model updated from the previous one knows both lists, else the rule lists are compared.
  const { added, removed: gone } = (previous && ruleChangesSince(model, previous)) ?? ruleChanges(model.rules, previous?.rules ?? []);
  const removed = new Set<CompiledRule>(gone);
  // Which workloads each rule's peers match, for the template keys (matchesOf): kept from the peer look-up of
  // the rules added by this run, found the same way for others when first asked.
  const ruleMatches = new Map<CompiledRule, RuleWorkloadMatches>();
  for (let r = 0; r < gone.length; r++) {
    const subjects = previous!.subjectsOf(gone[r]);
    for (let i = 0; i < subjects.length; i++) dirtyWorkloads.add(subjects[i].id);
  }
  for (let r = 0; r < added.length; r++) {
    const rule = added[r];
    const subjects = model.subjectsOf(rule);
    // A first run evaluates every pair and lists every node: nothing reads which workloads are dirty.
    if (!fresh) for (const w of subjects) dirtyWorkloads.add(w.id);
    if (subjects.length === 0) continue;
    let peers = graphCache.peers.get(rule);
    if (!peers) {
      const found = rulePeers(model, rule);
      if (found.matches) ruleMatches.set(rule, found.matches);
      peers = found.endpoints.map((e) => canonicalEndpoint(graphCache.externals, e));
      graphCache.peers.set(rule, peers);
    }
    // Indexed loops: this runs once per (rule, subject, peer), in a function too big to be optimised well.
    for (let i = 0; i < subjects.length; i++) {
      const local = model.workloadEndpoint(subjects[i]);
      for (let j = 0; j < peers.length; j++) {
        if (rule.direction === 'ingress') add(peers[j], local, rule);
        else add(local, peers[j], rule);
      }
    }
  }
  for (let i = 0; i < grownRules.length; i++) grownRules[i].rules = grownRules[i].rules.slice();
  // Istio-named flows are few: recompute them, and re-evaluate everything at destinations whose policies changed.
  const istioPolicies = [...model.istio.authorizationPolicies, ...model.istio.peerAuthentications, ...model.istio.requestAuthentications];
  const before = new Set(state.istioPolicies);
  const now = new Set(istioPolicies);
  const changedIstio = [...istioPolicies.filter((p) => !before.has(p)), ...state.istioPolicies.filter((p) => !now.has(p))];
  // Templates outlive a state (another focus makes a new one): changes are counted against the cache's last run.
  if (graphCache.istioPolicies) {
    const seen = graphCache.istioPolicies;
    const count = (policy: PolicySource): void => {
      const at = istioPolicyNamespaceReach(model, policy) ?? '';
      graphCache.istioChanges.set(at, (graphCache.istioChanges.get(at) ?? 0) + 1);
    };
    for (const policy of now) if (!seen.has(policy)) count(policy);
    for (const policy of seen) if (!now.has(policy)) count(policy);
  }
  graphCache.istioPolicies = now;
  // On a first run every flow is new anyway.
  if (previous) {
    for (const policy of changedIstio) {
      const namespace = istioPolicyNamespaceReach(model, policy);
      for (const w of model.candidateWorkloads(namespace === undefined ? undefined : { namespace })) dirtyWorkloads.add(w.id);
    }
  }
  state.istioPolicies = istioPolicies;
  // Pairs an AuthorizationPolicy names depend on it and on the workloads (fixed for this state): kept per policy.
  const authorization = new Set(model.istio.authorizationPolicies);
  for (const [policy, entries] of state.istioNamed) {
    if (authorization.has(policy)) continue;
    state.istioNamed.delete(policy);
    for (const entry of entries) {
      if (!pairs.has(entry)) continue;
      entry.istio -= 1;
      dirtyPairs.add(entry);
    }
  }
  for (const policy of model.istio.authorizationPolicies) {
    if (state.istioNamed.has(policy)) continue;
    const entries: PairEntry[] = [];
    for (const [from, to] of istioPairsOf(model, policy)) {
      const entry = add(from, to, undefined);
      if (entry) entries.push(entry);
    }
    state.istioNamed.set(policy, entries);
  }
  // One pass over the live pairs instead of per-workload and per-rule indexes: an edit's pass costs a few ms,
  // while keeping those indexes cost every fresh build ~20k sets and lists (and their garbage collection).
  if (!fresh && (removed.size > 0 || dirtyWorkloads.size > 0)) {
    pairs.forEach((entry) => {
      const pair = entry;
      const rules = pair.rules;
      if (removed.size > 0 && rules.length > 0) {
        let kept = 0;
        for (let i = 0; i < rules.length; i++) if (!removed.has(rules[i])) rules[kept++] = rules[i];
        if (kept < rules.length) {
          rules.length = kept;
          dirtyPairs.add(entry);
        }
      }
      if ((pair.from.kind === 'workload' && dirtyWorkloads.has(pair.from.workload.id)) || (pair.to.kind === 'workload' && dirtyWorkloads.has(pair.to.workload.id))) dirtyPairs.add(entry);
    });
  }

  const cache = graphCache.templates;
  // What the keys read of each end, made once per endpoint and run: one record per end (one look-up per end and
  // pair, not one per key and map).
  const ends = new Map<Endpoint, EndKeys>();
  const keysOf = (e: Endpoint): EndKeys => {
    let keys = ends.get(e);
    if (keys === undefined) {
      const w = e.kind === 'workload' ? e.workload : undefined;
      keys = {
        egressSignature: undefined,
        ingressSignature: undefined,
        proxiedView: undefined,
        directView: undefined,
        destinationView: undefined,
        istioBlind: undefined,
        istioFixed: undefined,
        egressRules: w ? model.rulesFor(w, 'egress') : noCompiledRules,
        ingressRules: w ? model.rulesFor(w, 'ingress') : noCompiledRules,
        meshed: w !== undefined && model.istio.meshModeOf(w) !== 'none',
      };
      ends.set(e, keys);
    }
    return keys;
  };
  // A template depends on both identities, every rule that selects either end, and the Istio policies at the destination.
  const signature = (e: Endpoint, keys: EndKeys, direction: 'egress' | 'ingress'): string => {
    let sig = direction === 'egress' ? keys.egressSignature : keys.ingressSignature;
    if (sig === undefined) {
      sig = e.kind !== 'workload' ? identityKey(e) : `${identityKey(e)}#${idList(direction === 'egress' ? keys.egressRules : keys.ingressRules, ruleId)}${direction === 'ingress' ? `#${idList(model.istio.selectedPolicies?.(e.workload) ?? [], policyId)}${istioChangesAt(e.workload)}` : ''}`;
      if (direction === 'egress') keys.egressSignature = sig;
      else keys.ingressSignature = sig;
    }
    return sig;
  };
  const istioChangesAt = (w: Workload): string => {
    if (graphCache.istioChanges.size === 0 || model.istio.meshModeOf(w) === 'none') return '';
    return `#${graphCache.istioChanges.get('') ?? 0}.${graphCache.istioChanges.get(w.namespace) ?? 0}`;
  };
  const exact = options.evaluateEveryPair === true;
  // Per run: whether Istio at a mesh destination reads nothing of the source but whether it is in the mesh.
  const istioBlind = (e: Endpoint & { kind: 'workload' }, keys: EndKeys): boolean => {
    let known = keys.istioBlind;
    if (known === undefined) keys.istioBlind = known = readsOnlySourceMeshMembership(model.istio, e.workload);
    return known;
  };
  // Which rules of a list a workload peer matches: looked up in the matched workloads of the rules this run added
  // (RuleWorkloadMatches, every rule on a first run), not matched selector by selector. Another rule (an edit's run
  // re-evaluates a few pairs, whose lists mostly hold rules it did not add) is matched against the one peer.
  // Workloads selected by the same rules share their list (trafficModel.ts subjectIndex): a long list's letters for a
  // peer are kept per list, so the pairs of a peer with each of those workloads spell them once.
  const listMatches = new Map<readonly CompiledRule[], Map<Endpoint, number | string>>();
  const matchesOf = (rules: readonly CompiledRule[], peer: Endpoint): number | string => {
    if (rules.length === 0) return '';
    if (rules.length < 4) return spelledMatches(rules, peer);
    let byPeer = listMatches.get(rules);
    if (byPeer === undefined) listMatches.set(rules, (byPeer = new Map()));
    let known = byPeer.get(peer);
    if (known === undefined) byPeer.set(peer, (known = spelledMatches(rules, peer)));
    return known;
  };
  // Asked for every pair: the letters of a list of up to 30 rules are one number (a base-3 digit per rule, times 32,
  // plus the count), not a string grown letter by letter; a longer list spells them out.
  const spelledMatches = (rules: readonly CompiledRule[], peer: Endpoint): number | string => {
    if (rules.length > 30) {
      let out = '';
      for (let i = 0; i < rules.length; i++) out += matchLetterOf(rules[i], peer);
      return out;
    }
    let code = 0;
    for (let i = 0; i < rules.length; i++) code = code * 3 + matchDigits[matchLetterOf(rules[i], peer)];
    return code * 32 + rules.length;
  };
  const matchLetterOf = (rule: CompiledRule, peer: Endpoint): 'y' | 'n' | '?' => {
    const matches = rule.peers === 'any' ? undefined : ruleMatches.get(rule);
    return matches ? workloadMatch(matches, peer, model.context) : matchLetters[matchPeers(rule, peer, model.context)];
  };
  // What a flow reads of a workload source: its own egress rules, whether it is host-network (allow-localhost at
  // the destination) and in the mesh (HBONE, mTLS); which of the destination's ingress rules it matches goes in
  // the last key. Made once per endpoint and run (toward destinations with and without a proxy), like signatures.
  const sourceView = (e: Endpoint & { kind: 'workload' }, keys: EndKeys, proxied: boolean): string => {
    let view = proxied ? keys.proxiedView : keys.directView;
    if (view === undefined) {
      const w = e.workload;
      const mesh = proxied ? (keys.meshed ? 'm' : 'o') : '';
      view = `~${w.hostNetwork ? 'h' : ''}${mesh}#${idList(keys.egressRules, ruleId)}`;
      if (proxied) keys.proxiedView = view;
      else keys.directView = view;
    }
    return view;
  };
  // What a flow reads of a destination whose Istio verdicts read neither source nor port (no proxy, or one with
  // no policy to apply): its mesh mode (HBONE, the proxy's step), its ingress rules, its container ports (named
  // ports, rule port sets); which of the source's egress rules it matches goes in the last key.
  const destinationView = (e: Endpoint & { kind: 'workload' }, keys: EndKeys): string => {
    let view = keys.destinationView;
    if (view === undefined) keys.destinationView = view = `~${model.istio.meshModeOf(e.workload)}#${idList(keys.ingressRules, ruleId)}#${portsKey(e.workload)}`;
    return view;
  };
  // What the flows' directions ask of their ends (matchPeers), read from the rules' matched workloads where this
  // run found them (rulePeers), like the template keys: a look-up instead of each peer's selectors.
  const peerMatch: PeerMatch = (rule, peer) => {
    if (rule.peers !== 'any' && peer.kind === 'workload') {
      const matches = ruleMatches.get(rule);
      if (matches !== undefined && model.workloadEndpoint(peer.workload) === peer) return matchWords[workloadMatch(matches, peer, model.context)];
    }
    return matchPeers(rule, peer, model.context);
  };
  let evaluated = 0;
  // forEach, not for-of: this function is too big for the optimiser to drop an iterator result per pair.
  const evaluate = (entry: PairEntry): void => {
    if (!fresh && !pairs.has(entry)) return;
    const pair = entry;
    if (pair.rules.length === 0 && entry.istio <= 0) {
      pairs.delete(entry);
      const byTo = state.pairIndex.get(pair.from);
      if (byTo instanceof Map) byTo.delete(pair.to);
      else if (byTo === pair) state.pairIndex.delete(pair.from);
      if (trackNodes) nodeChanges.push({ endpoint: pair.from, delta: -1 }, { endpoint: pair.to, delta: -1 });
      return;
    }
    const { from, to } = pair;
    // A workload end is keyed by what this flow's rules and policies read of it (sourceView, destinationView and
    // matchesOf: pairs of different workloads that look alike to them share a template), else by its identity.
    const coarse = pair.rules.length > 0 && !exact;
    const fromKeys = keysOf(from);
    const toKeys = keysOf(to);
    const coarseFrom = coarse && from.kind === 'workload' && (to.kind !== 'workload' || istioBlind(to, toKeys));
    const coarseTo = coarse && to.kind === 'workload' && (toKeys.istioFixed ??= istioIgnoresSource(model, to.workload));
    const source = coarseFrom ? sourceView(from, fromKeys, toKeys.meshed) : signature(from, fromKeys, 'egress');
    const destination = coarseTo ? destinationView(to, toKeys) : signature(to, toKeys, 'ingress');
    const egressMatches = coarseTo && from.kind === 'workload' ? matchesOf(fromKeys.egressRules, to) : '';
    const ingressMatches = coarseFrom && to.kind === 'workload' ? matchesOf(toKeys.ingressRules, from) : '';
    let byDestination = cache.bySource.get(source);
    if (!byDestination) cache.bySource.set(source, (byDestination = new Map()));
    let byRest = byDestination.get(destination);
    if (!byRest) byDestination.set(destination, (byRest = new Map()));
    let rules = pair.rules.length === 0 ? '' : ruleId(pair.rules[0]);
    for (let i = 1; i < pair.rules.length; i++) rules += `,${ruleId(pair.rules[i])}`;
    const key = egressMatches === '' && ingressMatches === '' ? rules : `${egressMatches}|${ingressMatches}|${rules}`;
    let templates = exact ? undefined : byRest.get(key);
    if (!templates) {
      evaluated++;
      templates = pairEdges(model, pair, referencer, peerMatch);
      if (!exact) {
        byRest.set(key, templates);
        cache.size += 1;
      }
    }
    entry.edges = edgesOf(pair, templates);
  };
  if (fresh) pairs.forEach(evaluate);
  else dirtyPairs.forEach(evaluate);
  // Templates outlive their flows; drop them once they clearly outnumber the live flows.
  if (cache.size > 4 * pairs.size + 1000) {
    cache.bySource.clear();
    cache.size = 0;
  }

  const maxEdges = options.maxEdges ?? Number.POSITIVE_INFINITY;
  // Past the bound edges are only counted, so the answer can say how many were left out. Counted first, so the
  // list is made at its size (grown by pushing, a list of ~36k edges is copied a dozen times per answer).
  let totalEdges = 0;
  pairs.forEach((entry) => {
    totalEdges += entry.edges.length;
  });
  const edges = new Array<GraphEdge>(Math.min(totalEdges, maxEdges));
  let shownEdges = 0;
  pairs.forEach((entry) => {
    const list = entry.edges;
    for (let i = 0; i < list.length && shownEdges < edges.length; i++) edges[shownEdges++] = list[i];
  });
  const truncated = totalEdges > edges.length;
  state.model = model;
  graphCache.state = state;
  const nodes = trackNodes && state.shown ? updatedNodes(model, state.shown, dirtyWorkloads, nodeChanges, focus) : graphNodes(model, state, focus);
  const graph: TrafficGraph = truncated ? { version: 1, nodes, edges, truncated: { shownEdges: edges.length, totalEdges } } : { version: 1, nodes, edges };
  return { graph, truncated, stats: { pairs: pairs.size, evaluated } };
}


/** A pair's edges from its templates (whose rule references read the policies' current positions). */
function edgesOf(pair: CandidatePair, templates: readonly GraphEdge[]): readonly GraphEdge[] {
  const from = endpointId(pair.from);
  const to = endpointId(pair.to);
  if (templates.length === 0 || (templates[0].from === from && templates[0].to === to)) return templates;
  const out = new Array<GraphEdge>(templates.length);
  for (let i = 0; i < templates.length; i++) out[i] = withEnds(templates[i], from, to);
  return out;
}

/**
 * A template edge with other ends: the same keys in the same order as edgeFor's, written out (not spread), so
 * the copies share the templates' two object shapes and their parts (rules, enforcers, constraints, reason).
 */
function withEnds(t: GraphEdge, from: string, to: string): GraphEdge {
  return t.reason !== undefined
    ? { from, to, verdict: t.verdict, protocol: t.protocol, port: t.port, endPort: t.endPort, l7: t.l7, enforcers: t.enforcers, layer: t.layer, rules: t.rules, reason: t.reason }
    : { from, to, verdict: t.verdict, protocol: t.protocol, port: t.port, endPort: t.endPort, l7: t.l7, enforcers: t.enforcers, layer: t.layer, rules: t.rules };
}

/** The endpoints a rule's peers match: workloads by selector, and each external peer as one endpoint. */
export function peerEndpoints(model: TrafficModel, rule: CompiledRule): Endpoint[] {
  return rulePeers(model, rule).endpoints;
}

/**
 * Which workload endpoints a rule's peers match: those its workload-selecting peers match, found among their
 * candidates ('y' or '?'; the index hands over every workload such a peer can match, workloadIndex.test.ts), and
 * the peers that select no workload (CIDR, ipBlock, entities, FQDN), matched one by one when asked (workloadMatch).
 */
export interface RuleWorkloadMatches {
  readonly matched: ReadonlyMap<Endpoint, 'y' | '?'>;
  readonly others: readonly PeerMatcher[];
}

const anyPeerMatches: RuleWorkloadMatches = { matched: new Map(), others: [] };
const matchLetters = { yes: 'y', no: 'n', unknown: '?' } as const;
const matchWords = { y: 'yes', n: 'no', '?': 'unknown' } as const;
const matchDigits = { n: 0, y: 1, '?': 2 } as const;

/** A rule's peer endpoints (peerEndpoints), and which workloads its peers match (undefined for a rule of any peer). */
function rulePeers(model: TrafficModel, rule: CompiledRule): { endpoints: Endpoint[]; matches?: RuleWorkloadMatches } {
  if (rule.peers === 'any') return { endpoints: [{ kind: 'entity', name: 'all' }] };
  const out: Endpoint[] = [];
  const matched = new Map<Endpoint, 'y' | '?'>();
  let others: PeerMatcher[] | undefined;
  for (const peer of rule.peers) {
    if (peer.external) out.push(externalEndpoint(peer.external));
    if (!peer.selectsWorkloads) {
      (others ??= []).push(peer);
      continue;
    }
    const candidates = model.candidateWorkloads(peer.candidates);
    for (let i = 0; i < candidates.length; i++) {
      const endpoint = model.workloadEndpoint(candidates[i]);
      const m = peer.match(endpoint, model.context);
      if (m === 'no') continue;
      out.push(endpoint);
      if (m === 'yes') matched.set(endpoint, 'y');
      else if (!matched.has(endpoint)) matched.set(endpoint, '?');
    }
  }
  return { endpoints: out, matches: { matched, others: others ?? noPeers } };
}

const noPeers: readonly PeerMatcher[] = [];

/** matchPeers of a rule with these matches against a workload endpoint, as one letter: 'y', 'n' or '?'. */
export function workloadMatch(matches: RuleWorkloadMatches, peer: Endpoint, context: MatchContext): 'y' | 'n' | '?' {
  let out: 'y' | 'n' | '?' = matches.matched.get(peer) ?? 'n';
  if (out === 'y') return out;
  const others = matches.others;
  for (let i = 0; i < others.length; i++) {
    const m = others[i].match(peer, context);
    if (m === 'yes') return 'y';
    if (m === 'unknown') out = '?';
  }
  return out;
}

/** A rule's workload matches as workloadMatch reads them (exported for the test against matchPeers). */
export function ruleWorkloadMatches(model: TrafficModel, rule: CompiledRule): RuleWorkloadMatches {
  return rulePeers(model, rule).matches ?? anyPeerMatches;
}

function canonicalEndpoint(externals: Map<string, Endpoint>, e: Endpoint): Endpoint {
  if (e.kind === 'workload') return e;
  const id = endpointId(e);
  const known = externals.get(id);
  if (known) return known;
  externals.set(id, e);
  return e;
}

function externalEndpoint(peer: ExternalPeer): Endpoint {
  if (peer.kind === 'cidr') return { kind: 'cidr', cidr: peer.cidr, range: peer.range, except: peer.except };
  return peer;
}

/**
 * The one namespace whose workloads an Istio policy can change verdicts of, or undefined for any: a root-namespace
 * policy applies everywhere, and one attached by targetRefs (a waypoint, a Service) reaches the workloads that
 * use it, which may live in other namespaces.
 */
function istioPolicyNamespaceReach(model: TrafficModel, policy: PolicySource): string | undefined {
  if (policy.namespace === undefined || policy.namespace === model.istio.rootNamespace) return undefined;
  const spec = record(policy.value.spec);
  return spec.targetRefs !== undefined || spec.targetRef !== undefined ? undefined : policy.namespace;
}

/** Sources named by an AuthorizationPolicy's principals / namespaces, toward the workloads the policy selects. */
function istioPairsOf(model: TrafficModel, policy: PolicySource): [Endpoint, Endpoint][] {
  const out: [Endpoint, Endpoint][] = [];
  const spec = record(policy.value.spec);
  const targets = istioPolicyReach(model, policy).filter((w) => model.istio.meshModeOf(w) !== 'none');
  if (targets.length === 0) return out;
  const sources = new Set<Workload>();
  for (const rule of list(spec.rules)) {
    for (const from of list(record(rule).from)) {
      const source = record(record(from).source);
      for (const principal of list(source.principals).map(String)) {
        const m = /^[^/]+\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
        if (m) for (const w of model.candidateWorkloads({ namespace: m[1] })) if (w.serviceAccount === m[2]) sources.add(w);
      }
      for (const ns of list(source.namespaces).map(String)) for (const w of model.candidateWorkloads({ namespace: ns })) sources.add(w);
    }
  }
  for (const s of sources) for (const t of targets) out.push([model.workloadEndpoint(s), model.workloadEndpoint(t)]);
  return out;
}

/** The workloads an Istio policy can speak about (workspace/istioAttachment.ts), via the namespace index. */
function istioPolicyReach(model: TrafficModel, policy: PolicySource): Workload[] {
  const inRoot = policy.namespace === model.istio.rootNamespace;
  return workloadsReachedBy(policy, model.candidateWorkloads(inRoot ? undefined : { namespace: policy.namespace }), model.istio.rootNamespace);
}

/**
 * The workloads the policies of one file select or speak about: the panel's and `meshlens graph --focus`'s
 * focus. Compiled rules by their subjects, Istio policies by attachment (one owner for both).
 */
export function workloadsOfPolicyFile(model: TrafficModel, sameFile: (file: string) => boolean): Set<string> {
  const ids = new Set<string>();
  for (const rule of model.rules) if (sameFile(rule.policy.source.file)) for (const w of model.subjectsOf(rule)) ids.add(w.id);
  for (const policy of model.istio.authorizationPolicies) if (sameFile(policy.source.file)) for (const w of istioPolicyReach(model, policy)) ids.add(w.id);
  return ids;
}

function pairEdges(model: TrafficModel, pair: CandidatePair, referencer: RuleReferencer, peerMatch?: PeerMatch): GraphEdge[] {
  const ports = flowPorts(model, pair.from, pair.to, peerMatch);
  const destination = pair.to;
  // Allowed flows are drawn on the ports the pair's rules speak about; open workloads stay implicit.
  // Denied flows are drawn where a deny rule or a port-specific allow names the port but the flow fails.
  let mentioned: PortSet = emptyPortSet;
  let specific: PortSet = emptyPortSet;
  for (const rule of pair.rules) {
    const set = rulePorts(rule.ports, destination);
    mentioned = unionPortSets(mentioned, set);
    if (rule.action === 'deny' || rule.ports !== 'all') specific = unionPortSets(specific, set);
  }
  // Pairs named only by Istio principals speak about TCP (Istio does not proxy UDP or SCTP); denials are
  // drawn on the ports the destination serves or its policies name, not on all 65,535.
  if (pair.rules.length === 0) {
    mentioned = portSetOf('TCP', 1, MAX_PORT);
    specific = pair.to.kind === 'workload' ? istioMentionedPorts(model.istio, pair.to.workload).reduce((acc, p) => unionPortSets(acc, portSetOf('TCP', p)), emptyPortSet) : emptyPortSet;
  }
  const allowed = intersectWith(ports.allowed, mentioned);
  const unknown = intersectWith(ports.unknown, mentioned);
  const denied = subtractPortSets(subtractPortSets(specific, ports.allowed), ports.unknown);
  const out: GraphEdge[] = [];
  const push = (verdict: 'allow' | 'deny' | 'unknown', set: PortSet): void => {
    if (isEmptyPortSet(set)) return;
    const cut = slices(set);
    for (let i = 0; i < cut.length; i++) out.push(edgeFor(model, pair, ports, verdict, cut[i], referencer));
  };
  push('allow', allowed);
  push('unknown', unknown);
  push('deny', denied);
  // Kept as the pair's template: at its size (see keptList).
  return keptList(out);
}

const noEdges: readonly GraphEdge[] = [];

/** The rules of `now` not in `was` (in `now` order) and those of `was` not in `now`. */
function ruleChanges(now: readonly CompiledRule[], was: readonly CompiledRule[]): { added: CompiledRule[]; removed: CompiledRule[] } {
  if (was.length === 0) return { added: now.slice(), removed: [] };
  const current = new Set(now);
  const known = new Set(was);
  return { added: now.filter((r) => !known.has(r)), removed: was.filter((r) => !current.has(r)) };
}

/**
 * A list built by pushing, copied at its length when it is kept (edges, templates, pairs live for the session):
 * V8 gives a list that is pushed to room for 16 elements, so a kept one- or two-element list would carry ~100
 * bytes of slack that every scavenge copies and then promotes.
 */
function keptList<T>(list: readonly T[]): T[] {
  return list.length === 0 ? [] : list.length === 1 ? [list[0]] : list.slice();
}

function intersectWith(a: PortSet, b: PortSet): PortSet {
  return subtractPortSets(a, subtractPortSets(a, b));
}

export interface PortSlice {
  readonly protocol: GraphProtocol;
  readonly port: number | null;
  readonly endPort: number | null;
}

/** Cuts a port set into edges: one `ANY` edge for everything, else one per protocol interval. */
export function slices(set: PortSet): PortSlice[] {
  if (isAllPortSet(set)) return [{ protocol: 'ANY', port: null, endPort: null }];
  const out: PortSlice[] = [];
  for (const protocol of portProtocols) {
    const intervals = set[protocol];
    for (let i = 0; i < intervals.length; i++) {
      const lo = intervals[i][0];
      const hi = intervals[i][1];
      if (lo === 1 && hi === MAX_PORT) out.push({ protocol, port: null, endPort: null });
      else out.push({ protocol, port: lo, endPort: hi === lo ? null : hi });
    }
  }
  if (set.other) out.push({ protocol: 'ICMP', port: null, endPort: null });
  return out;
}

/** The edge of a pair for one verdict and port slice (its ends are the pair's). */
export function edgeFor(model: TrafficModel, pair: CandidatePair, directions: FlowPorts, verdict: 'allow' | 'deny' | 'unknown', slice: PortSlice, referencer: RuleReferencer): GraphEdge {
  const probeProtocol = slice.protocol === 'ANY' ? 'TCP' : slice.protocol;
  const flow = flowVerdictAt(model, pair.from, pair.to, directions, probeProtocol, slice.port ?? 1);
  // Few enforcers and rules per edge: arrays in first-seen order. The referencer returns one object per rule,
  // so identity is enough to drop duplicates. The deciding steps are the flow's steps with the edge's verdict.
  // Scratch lists (edgeFor does not re-enter): the edge keeps copies at their size (keptList, internedEnforcers).
  const enforcers = scratchEnforcers;
  const rules = scratchRules;
  const l7 = scratchL7;
  enforcers.length = 0;
  rules.length = 0;
  l7.length = 0;
  let reason: string | undefined;
  // The one step whose rules the edge lists, while only one has any: its reference list is the edge's (shared).
  let only: readonly RuleRef[] | undefined;
  let several = false;
  const steps = flow.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.verdict !== verdict) continue;
    if ((step.rules.length > 0 || step.direction === 'authz') && !enforcers.includes(step.enforcer)) enforcers.push(step.enforcer);
    if (step.rules.length > 0) {
      const refs = referencesOf(step.rules, referencer);
      if (only === undefined && !several) only = refs;
      else {
        if (only !== undefined) for (let j = 0; j < only.length; j++) rules.push(only[j]);
        only = undefined;
        several = true;
        for (let j = 0; j < refs.length; j++) if (!rules.includes(refs[j])) rules.push(refs[j]);
      }
    }
    for (let j = 0; j < step.l7.length; j++) l7.push(step.l7[j]);
    if (verdict !== 'allow') reason = `${reason === undefined ? '' : `${reason}; `}${step.direction} (${step.enforcer}): ${step.reason}`;
  }
  const ruleList: readonly RuleRef[] = only ?? (several ? keptList(rules) : noRules);
  const layer = edgeLayer(ruleList, enforcers, l7, slice);
  // Edges are kept (the answer, the template cache): their repeated parts are shared, not one copy per edge.
  // One object literal per shape (no spread): kept edges stay compact.
  const from = endpointId(pair.from);
  const to = endpointId(pair.to);
  const constraints = l7.length === 0 ? noConstraints : keptList(l7);
  const enforcerList = internedEnforcers(enforcers);
  return reason
    ? { from, to, verdict, protocol: slice.protocol, port: slice.port, endPort: slice.endPort, l7: constraints, enforcers: enforcerList, layer, rules: ruleList, reason: interned(reason) }
    : { from, to, verdict, protocol: slice.protocol, port: slice.port, endPort: slice.endPort, l7: constraints, enforcers: enforcerList, layer, rules: ruleList };
}

const noConstraints: readonly L7Constraint[] = [];
const noRules: readonly RuleRef[] = [];

/**
 * The references of a step's rules, without repeats, in order. A direction's isolating rules (every default-deny
 * edge of a workload lists them: 10-20 rules on most deny edges of a big graph) are one list per workload and
 * direction, so long lists are kept by identity, per referencer (whose annotations they carry), and the edges
 * share one reference list instead of a copy each. Short lists are mostly made per flow: looked up each time.
 */
function referencesOf(list: FlowStep['rules'], referencer: RuleReferencer): readonly RuleRef[] {
  let kept: WeakMap<FlowStep['rules'], readonly RuleRef[]> | undefined;
  if (list.length >= 3) {
    kept = referenceLists.get(referencer);
    if (!kept) referenceLists.set(referencer, (kept = new WeakMap()));
    const known = kept.get(list);
    if (known) return known;
  }
  const first = list[0];
  let out: RuleRef[] = [referencer(first.policy, first.path, first.enforcer)];
  for (let j = 1; j < list.length; j++) {
    const r = list[j];
    const ref = referencer(r.policy, r.path, r.enforcer);
    if (!out.includes(ref)) out.push(ref);
  }
  out = keptList(out);
  kept?.set(list, out);
  return out;
}

const referenceLists = new WeakMap<RuleReferencer, WeakMap<FlowStep['rules'], readonly RuleRef[]>>();
const scratchEnforcers: EnforcerId[] = [];
const scratchRules: RuleRef[] = [];
const scratchL7: L7Constraint[] = [];
/** Enforcer lists by their enforcers in order: `list` is the list that ends here. */
interface EnforcerListNode {
  list: readonly EnforcerId[] | undefined;
  readonly next: Map<EnforcerId, EnforcerListNode>;
}
const enforcerLists: EnforcerListNode = { list: undefined, next: new Map() };
let enforcerListCount = 0;
const reasons = new Map<string, string>();

/** One list per combination of enforcers (there are few), found enforcer by enforcer: no key string per edge. */
function internedEnforcers(enforcers: readonly EnforcerId[]): readonly EnforcerId[] {
  let node = enforcerLists;
  for (let i = 0; i < enforcers.length; i++) {
    let next = node.next.get(enforcers[i]);
    if (!next) {
      if (enforcerListCount >= 1000) {
        enforcerLists.next.clear();
        enforcerLists.list = undefined;
        enforcerListCount = 0;
        return internedEnforcers(enforcers);
      }
      enforcerListCount++;
      node.next.set(enforcers[i], (next = { list: undefined, next: new Map() }));
    }
    node = next;
  }
  return (node.list ??= keptList(enforcers));
}

/** One string per distinct reason text (many edges give the same reason): the kept edges share it. */
function interned(reason: string): string {
  const known = reasons.get(reason);
  if (known !== undefined) return known;
  if (reasons.size >= 10_000) reasons.clear();
  reasons.set(reason, reason);
  return reason;
}

/**
 * The highest classified layer of the rules the edge's own enforcers applied (a default deny in eBPF lists the
 * isolating policy's DNS rule too, but the DNS proxy did not decide it); L7 for an L7 constraint; without a
 * classified rule, L4 for a port or protocol, else L3.
 */
function edgeLayer(rules: readonly RuleRef[], enforcers: readonly EnforcerId[], l7: readonly L7Constraint[], slice: PortSlice): Layer {
  if (l7.length > 0) return 'L7';
  // One pass, no array per edge (this runs for every edge): the layer of the applied rules, else of all rules.
  let anyApplied = false;
  let applied: Layer | undefined;
  let all: Layer | undefined;
  for (const r of rules) {
    const isApplied = r.enforcer !== undefined && enforcers.includes(r.enforcer);
    anyApplied ||= isApplied;
    if (!r.layer) continue;
    all = all ? higherLayer(all, r.layer) : r.layer;
    if (isApplied) applied = applied ? higherLayer(applied, r.layer) : r.layer;
  }
  return (anyApplied ? applied : all) ?? (slice.port !== null || slice.protocol !== 'ANY' ? 'L4' : 'L3');
}

/** A first run's nodes: every workload in focus, and every end of a live pair (counted, for the next run's updates). */
function graphNodes(model: TrafficModel, state: GraphState, focus: ReadonlySet<string> | undefined): GraphNode[] {
  const nodes = new Map<string, GraphNode>();
  const namespaces = new Set<string>();
  const addEndpoint = (e: Endpoint, id: string): void => {
    if (nodes.has(id)) return;
    if (e.kind === 'workload') namespaces.add(e.workload.namespace);
    nodes.set(id, endpointNode(model, e, id));
  };
  const workloads = model.inventory.workloads;
  for (let i = 0; i < workloads.length; i++) {
    const w = workloads[i];
    if (!focus || focus.has(w.id)) addEndpoint(model.workloadEndpoint(w), w.id);
  }
  const uses = new Map<string, number>();
  // One id per end: the node (when new) and the count.
  const use = (e: Endpoint): void => {
    const id = endpointId(e);
    const count = uses.get(id);
    if (count === undefined) {
      uses.set(id, 1);
      addEndpoint(e, id);
    } else uses.set(id, count + 1);
  };
  state.pairs.forEach((pair) => {
    use(pair.from);
    use(pair.to);
  });
  const namespaceNodes: GraphNode[] = [...namespaces].sort().map((ns) => ({ id: `namespace:${ns}`, kind: 'namespace', name: ns, labels: model.context.namespaceOf(ns).labels }));
  state.shown = { nodes, uses, namespaceNodes, inventoryWorkloads: workloads };
  const out = new Array<GraphNode>(namespaceNodes.length + nodes.size);
  let at = 0;
  for (let i = 0; i < namespaceNodes.length; i++) out[at++] = namespaceNodes[i];
  nodes.forEach((node) => {
    out[at++] = node;
  });
  return out;
}

/** The inventory's workloads by id, made when an update first needs them (a first run does not). */
function shownWorkloads(shown: ShownNodes): ReadonlyMap<string, Workload> {
  if (!shown.workloads) {
    const byId = new Map<string, Workload>();
    for (const w of shown.inventoryWorkloads) byId.set(w.id, w);
    shown.workloads = byId;
  }
  return shown.workloads;
}

/**
 * The previous run's nodes with this run's changes: workload nodes of dirty workloads made again, endpoints of
 * new pairs added, endpoints no pair uses any more dropped (workloads of the inventory in focus always stay).
 */
function updatedNodes(model: TrafficModel, shown: ShownNodes, dirty: ReadonlySet<string>, changes: readonly { endpoint: Endpoint; delta: 1 | -1 }[], focus: ReadonlySet<string> | undefined): GraphNode[] {
  const { nodes, uses } = shown;
  let namespacesChanged = false;
  for (const id of dirty) {
    const node = nodes.get(id);
    if (node?.kind !== 'workload') continue;
    const workload = shownWorkloads(shown).get(id);
    if (workload) nodes.set(id, workloadNode(model, workload));
  }
  for (const { endpoint, delta } of changes) {
    const id = endpointId(endpoint);
    const count = (uses.get(id) ?? 0) + delta;
    if (count > 0) uses.set(id, count);
    else uses.delete(id);
    const inFocus = endpoint.kind === 'workload' && (!focus || focus.has(endpoint.workload.id)) && shownWorkloads(shown).get(id) === endpoint.workload;
    if (count > 0 && !nodes.has(id)) {
      nodes.set(id, endpointNode(model, endpoint));
      if (endpoint.kind === 'workload') namespacesChanged = true;
    } else if (count <= 0 && !inFocus && nodes.has(id)) {
      nodes.delete(id);
      if (endpoint.kind === 'workload') namespacesChanged = true;
    }
  }
  if (namespacesChanged) {
    const namespaces = new Set<string>();
    for (const node of nodes.values()) if (node.kind === 'workload' && node.namespace !== undefined) namespaces.add(node.namespace);
    shown.namespaceNodes = [...namespaces].sort().map((ns) => ({ id: `namespace:${ns}`, kind: 'namespace', name: ns, labels: model.context.namespaceOf(ns).labels }));
  }
  // Made at its size, without a spread of the map's iterator (this runs after every edit, over every node).
  const out = new Array<GraphNode>(shown.namespaceNodes.length + nodes.size);
  let at = 0;
  for (let i = 0; i < shown.namespaceNodes.length; i++) out[at++] = shown.namespaceNodes[i];
  nodes.forEach((node) => {
    out[at++] = node;
  });
  return out;
}

function workloadNode(model: TrafficModel, w: Workload): GraphNode {
  return {
    id: w.id,
    kind: 'workload',
    namespace: w.namespace,
    name: w.name,
    labels: w.labels,
    workloadKind: w.kind,
    serviceAccount: w.serviceAccount,
    meshMode: model.istio.meshModeOf(w),
    ingressIsolated: model.rulesFor(w, 'ingress').some((r) => r.isolates),
    egressIsolated: model.rulesFor(w, 'egress').some((r) => r.isolates),
  };
}

function endpointNode(model: TrafficModel, e: Endpoint, id: string = endpointId(e)): GraphNode {
  if (e.kind === 'workload') return workloadNode(model, e.workload);
  if (e.kind === 'cidr') return { id, kind: 'cidr', name: e.cidr, labels: {}, ...(e.except?.length ? { except: e.except } : {}) };
  return { id, kind: e.kind, name: e.name, labels: {} };
}

/** A workload's container ports as text (named ports resolve against them); asked once per destination and run (EndKeys). */
function portsKey(w: Workload): string {
  const ports: readonly ContainerPort[] = w.ports;
  let key = '';
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    key += `${i === 0 ? '' : ','}${p.name ?? ''}:${p.port}/${p.protocol}`;
  }
  return key;
}

const identityKeys = new WeakMap<Workload, string>();
/** Identity strings interned to short ids, so per-pair cache keys stay small (less garbage on big graphs). */
const internedIdentities = new Map<string, string>();
let nextIdentity = 0;

/** Endpoints with the same identity get the same verdicts (labels, namespace, SA, ports, IPs, mesh mode). */
function identityKey(e: Endpoint): string {
  if (e.kind !== 'workload') return endpointId(e);
  const w = e.workload;
  let key = identityKeys.get(w);
  if (key === undefined) {
    const full = computeIdentityKey(w);
    key = internedIdentities.get(full);
    if (key === undefined) {
      // Ids only grow, so a cleared table never hands out an id a live workload still carries.
      if (internedIdentities.size > 1_000_000) internedIdentities.clear();
      key = `i${nextIdentity++}`;
      internedIdentities.set(full, key);
    }
    identityKeys.set(w, key);
  }
  return key;
}

function computeIdentityKey(w: Workload): string {
  const labels = Object.keys(w.labels).sort().map((k) => `${k}=${w.labels[k]}`).join(',');
  const ports = w.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',');
  return `${w.namespace}|${w.serviceAccount}|${labels}|${ports}|${w.ips.join(',')}|${w.hostNetwork}|${w.declaredMeshMode ?? ''}|${Object.keys(w.annotations).length ? JSON.stringify(w.annotations) : ''}`;
}

// The model hands out one rule list per workload and direction (and one Istio policy list per workload),
// often the same list to many workloads: its id string is joined once per list.
const idLists = new WeakMap<readonly object[], string>();
function idList<T extends object>(items: readonly T[], id: (item: T) => number | string): string {
  let text = idLists.get(items);
  if (text === undefined) idLists.set(items, (text = items.map(id).join(',')));
  return text;
}

const policyIds = new WeakMap<PolicySource, number>();
let nextPolicyId = 0;
function policyId(policy: PolicySource): number {
  let id = policyIds.get(policy);
  if (id === undefined) {
    id = nextPolicyId++;
    policyIds.set(policy, id);
  }
  return id;
}

// Kept as text: a pair's key names its rule by it (no number turned into a string per pair).
const ruleIds = new WeakMap<CompiledRule, string>();
let nextRuleId = 0;
function ruleId(rule: CompiledRule): string {
  let id = ruleIds.get(rule);
  if (id === undefined) {
    id = String(nextRuleId++);
    ruleIds.set(rule, id);
  }
  return id;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
