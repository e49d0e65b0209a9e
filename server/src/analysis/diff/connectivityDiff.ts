// Compares the traffic two revisions allow. Only the flows a difference can reach are evaluated: the peers of
// every rule of a policy that exists in one revision only (policies are told apart by their key: file, document,
// position and content), every flow of a workload whose
// isolation, identity, namespace labels or mesh mode changed, and every flow into a workload whose Istio
// policies changed. `exhaustive` evaluates every pair instead (small workspaces, the conformance corpus).
// Each flow's state comes from the graph's own evaluation (flowPorts, edgeFor), so a diff says what the graph says.
// The notion of a changed pair and the merging of touching IP ranges follow np-guard/netpol-analyzer
// pkg/netpol/diff/diff.go (diffConnectionsLists, mergeIPblocks).
import { edgeFor, peerEndpoints, slices, type PortSlice } from '../graph/buildTrafficGraph';
import type { CompiledRule, Direction } from '../graph/compiledRule';
import type { Endpoint } from '../graph/endpoint';
import { createRuleAnnotator } from '../graph/ruleClassification';
import { createRuleReferencer, type RuleReferencer } from '../graph/ruleReference';
import type { EnforcerId, Layer, RuleRef } from '../graph/trafficGraphModel';
import { flowPorts, flowVerdictAt, type TrafficModel } from '../graph/trafficModel';
import { evaluateIstio, istioMentionedPorts } from '../graph/evaluateIstio';
import { higherLayer } from '../enforcement/ruleEnforcement';
import { emptyPortSet, formatPortSet, isEmptyPortSet, subtractPortSets, type PortSet } from '../graph/portSet';
import type { PolicySource, Workload } from '../inventory/inventoryModel';
import type { ConnectivityDiff, DiffPeer, FlowAspect, FlowChange, FlowState, PortL7 } from './diffModel';
import { externalPeers, externalPeersOfRule, ipPiece, type ExternalPeer } from './externalPeers';
import type { IpRange } from '../graph/ipRange';

export interface ConnectivityDiffOptions {
  /** Evaluate every workload pair and every external end, not only what a difference can reach. */
  readonly exhaustive?: boolean;
  /** `ports`: only allowed ports count (netpol-analyzer's notion of a change); `full` (default): also L7, enforcer, layer. */
  readonly compare?: 'full' | 'ports';
  /** How allowed ports are written, and so compared (netpol-analyzer's wording ignores ICMP); formatPortSet by default. */
  readonly formatPorts?: (allowed: PortSet) => string;
  /** Referencers for rule references (file + range), one per side; made from each model when absent. */
  readonly referencers?: { readonly base?: RuleReferencer; readonly head?: RuleReferencer };
}

/** An end of a flow in either revision: a workload by id (looked up in each model) or an external end. */
type End = { readonly kind: 'workload'; readonly id: string } | { readonly kind: 'external'; readonly external: ExternalPeer };

interface Side {
  readonly model: TrafficModel;
  readonly workloads: ReadonlyMap<string, Workload>;
  readonly referencer: RuleReferencer;
}

/** A flow's state with the port sets the comparison needs. */
interface Evaluated {
  readonly state: FlowState;
  readonly allowed: PortSet;
  readonly unknown: PortSet;
}

export function diffConnectivity(baseModel: TrafficModel, headModel: TrafficModel, options: ConnectivityDiffOptions = {}): ConnectivityDiff {
  const compare = options.compare ?? 'full';
  const format = options.formatPorts ?? formatPortSet;
  const side = (model: TrafficModel, referencer: RuleReferencer | undefined): Side => ({
    model,
    workloads: new Map(model.inventory.workloads.map((w) => [w.id, w])),
    referencer: referencer ?? createRuleReferencer(createRuleAnnotator(model.inventory)),
  });
  const base = side(baseModel, options.referencers?.base);
  const head = side(headModel, options.referencers?.head);
  const externals = externalPeers([...baseModel.rules, ...headModel.rules]);
  const allWorkloadIds = [...new Set([...base.workloads.keys(), ...head.workloads.keys()])];

  const pairs = new Map<string, { from: End; to: End }>();
  const endId = (e: End): string => (e.kind === 'workload' ? e.id : e.external.peer.id);
  const addPair = (from: End, to: End): void => {
    if (from.kind === 'external' && to.kind === 'external') return;
    if (from.kind === 'workload' && to.kind === 'workload' && from.id === to.id) return;
    const key = `${endId(from)}|${endId(to)}`;
    if (!pairs.has(key)) pairs.set(key, { from, to });
  };
  const workloadEnd = (id: string): End => ({ kind: 'workload', id });
  let ends: End[] | undefined;
  const everyEnd = (): End[] => (ends ??= [...allWorkloadIds.map(workloadEnd), ...externals.map((external): End => ({ kind: 'external', external }))]);
  const row = (id: string): void => everyEnd().forEach((to) => addPair(workloadEnd(id), to));
  const column = (id: string): void => everyEnd().forEach((from) => addPair(from, workloadEnd(id)));

  if (options.exhaustive) {
    for (const id of allWorkloadIds) {
      row(id);
      column(id);
    }
  } else {
    const dirty = changedWorkloads(base, head);
    for (const id of dirty) {
      row(id);
      column(id);
    }
    for (const [id, sources] of istioChangedDestinations(base, head)) {
      if (sources === 'all') {
        column(id);
        continue;
      }
      for (const source of sources) addPair(workloadEnd(source), workloadEnd(id));
      for (const external of externals) addPair({ kind: 'external', external }, workloadEnd(id));
    }
    // A policy key covers file, document, position and content: the same key compiles to the same rules.
    const baseKeys = new Set(baseModel.inventory.policies.map((p) => p.key));
    const headKeys = new Set(headModel.inventory.policies.map((p) => p.key));
    const onlyIn = (s: Side, other: ReadonlySet<string>): CompiledRule[] => s.model.rules.filter((r) => !other.has(r.policy.key));
    for (const [s, rules] of [[base, onlyIn(base, headKeys)], [head, onlyIn(head, baseKeys)]] as const) {
      for (const rule of rules) {
        const subjects = s.model.subjectsOf(rule);
        if (subjects.length === 0) continue;
        for (const subject of subjects) {
          if (dirty.has(subject.id)) continue;
          // A rule that makes or stops making its subject isolated changes every flow of that direction.
          if (isolationChanged(base, head, subject.id, rule.direction)) {
            if (rule.direction === 'ingress') column(subject.id);
            else row(subject.id);
          }
        }
        const peers: End[] = [...rulePeerWorkloads(s.model, rule, allWorkloadIds), ...externalPeersOfRule(rule, externals).map((external): End => ({ kind: 'external', external }))];
        for (const subject of subjects) {
          const local = workloadEnd(subject.id);
          for (const peer of peers) {
            if (rule.direction === 'ingress') addPair(peer, local);
            else addPair(local, peer);
          }
        }
      }
    }
  }

  const changes: RawChange[] = [];
  for (const { from, to } of pairs.values()) {
    // Ports first: a flow that nothing lets through on either side is unchanged, and needs no rule details.
    const b = evaluatePorts(base, from, to, format);
    const h = evaluatePorts(head, from, to, format);
    if ((!b || b.state.verdict === 'deny') && (!h || h.state.verdict === 'deny')) continue;
    // Same ports on both sides: only L7 or enforcers can differ; a cheap look at the deciding steps rules that out first.
    if (b && h && b.state.ports === h.state.ports && b.state.unknownPorts === h.state.unknownPorts && (compare === 'ports' || stepSignature(base, b) === stepSignature(head, h))) continue;
    const change = compare === 'ports' ? compareFlows(from, to, b, h, base, head, compare) : compareFlows(from, to, withDetails(base, b), withDetails(head, h), base, head, compare);
    if (change) changes.push({ change: compare === 'full' ? explainClosedSide(change, from, to, base, head) : change, from, to });
  }
  return { version: 1, changes: sortChanges(mergeIpRanges(changes)), stats: { pairsEvaluated: pairs.size, exhaustive: options.exhaustive === true } };
}

/** A change with the ends it was computed for (external ends keep their address range for merging). */
interface RawChange {
  readonly change: FlowChange;
  readonly from: End;
  readonly to: End;
}

/** Workloads present in one revision only, or whose identity, namespace labels or mesh mode differ. */
function changedWorkloads(base: Side, head: Side): Set<string> {
  const dirty = new Set<string>();
  for (const id of new Set([...base.workloads.keys(), ...head.workloads.keys()])) {
    const b = base.workloads.get(id);
    const h = head.workloads.get(id);
    if (!b || !h) {
      dirty.add(id);
      continue;
    }
    if (b === h) continue;
    if (workloadIdentity(b) !== workloadIdentity(h)) dirty.add(id);
    else if (namespaceIdentity(base, b.namespace) !== namespaceIdentity(head, h.namespace)) dirty.add(id);
    else if (base.model.istio.meshModeOf(b) !== head.model.istio.meshModeOf(h)) dirty.add(id);
  }
  // Services (toServices, waypoints) and waypoints decide flows too: their workloads' flows are looked at again.
  const serviceKey = (s: { selector?: unknown; ports: unknown }): string => JSON.stringify([s.selector ?? null, s.ports]);
  const baseServices = new Map(base.model.inventory.services.map((s) => [s.id, s]));
  const headServices = new Map(head.model.inventory.services.map((s) => [s.id, s]));
  for (const id of new Set([...baseServices.keys(), ...headServices.keys()])) {
    const b = baseServices.get(id);
    const h = headServices.get(id);
    if (b && h && serviceKey(b) === serviceKey(h)) continue;
    for (const [s, svc] of [[base, b], [head, h]] as const) {
      if (!svc?.selector) continue;
      for (const w of s.model.candidateWorkloads({ namespace: svc.namespace })) if (Object.entries(svc.selector).every(([k, v]) => w.labels[k] === v)) dirty.add(w.id);
    }
  }
  const waypointKey = (s: Side): string => JSON.stringify(s.model.inventory.waypoints.map((w) => [w.id, w.waypointFor]).sort());
  if (waypointKey(base) !== waypointKey(head)) {
    const namespaces = new Set([...base.model.inventory.waypoints, ...head.model.inventory.waypoints].map((w) => w.namespace));
    for (const s of [base, head]) for (const w of s.model.inventory.workloads) if (namespaces.has(w.namespace)) dirty.add(w.id);
  }
  return dirty;
}

function workloadIdentity(w: Workload): string {
  const labels = Object.keys(w.labels).sort().map((k) => `${k}=${w.labels[k]}`).join(',');
  const annotations = Object.keys(w.annotations).sort().map((k) => `${k}=${w.annotations[k]}`).join(',');
  const ports = w.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',');
  return `${w.kind}|${w.serviceAccount}|${labels}|${annotations}|${ports}|${w.ips.join(',')}|${w.hostNetwork}|${w.declaredMeshMode ?? ''}`;
}

function namespaceIdentity(s: Side, name: string): string {
  const ns = s.model.context.namespaceOf(name);
  return `${ns.declared}|${Object.keys(ns.labels).sort().map((k) => `${k}=${ns.labels[k]}`).join(',')}`;
}

/**
 * Destinations whose Istio policies (authorization, peer and request authentication) differ between the revisions,
 * each with the sources to look at again: those the AuthorizationPolicies at the destination name (principals,
 * namespaces), and every other source of a mesh mode whose verdict changed. Sources no policy names are told apart
 * only by their mesh mode, so one of each mode stands for the rest (a 10,000-workload column is not re-evaluated
 * when a policy names two sources). Anything a literal cannot pin (wildcards, IP blocks, conditions) takes them all.
 */
function istioChangedDestinations(base: Side, head: Side): Map<string, ReadonlySet<string> | 'all'> {
  const istioPolicies = (s: Side): PolicySource[] => [...s.model.istio.authorizationPolicies, ...s.model.istio.peerAuthentications, ...s.model.istio.requestAuthentications];
  const baseKeys = new Set(istioPolicies(base).map((p) => p.key));
  const headKeys = new Set(istioPolicies(head).map((p) => p.key));
  const changed = [...istioPolicies(base).filter((p) => !headKeys.has(p.key)), ...istioPolicies(head).filter((p) => !baseKeys.has(p.key))];
  const destinations = new Set<string>();
  for (const policy of changed) {
    const s = baseKeys.has(policy.key) ? base : head;
    const everywhere = policy.namespace === undefined || policy.namespace === s.model.istio.rootNamespace;
    for (const side of [base, head]) for (const w of side.model.candidateWorkloads(everywhere ? undefined : { namespace: policy.namespace })) destinations.add(w.id);
  }
  const out = new Map<string, ReadonlySet<string> | 'all'>();
  if (destinations.size === 0) return out;
  // Sources present on both sides, by their mesh mode on each side (what tells unnamed sources apart).
  const modes = new Map<string, string[]>();
  for (const x of head.model.inventory.workloads) {
    const before = base.workloads.get(x.id);
    if (!before) continue;
    const mode = `${base.model.istio.meshModeOf(before)}|${head.model.istio.meshModeOf(x)}`;
    const ids = modes.get(mode) ?? [];
    ids.push(x.id);
    modes.set(mode, ids);
  }
  for (const id of destinations) out.set(id, istioSources(base, head, id, modes));
  return out;
}

function istioSources(base: Side, head: Side, id: string, modes: ReadonlyMap<string, readonly string[]>): ReadonlySet<string> | 'all' {
  const b = base.workloads.get(id);
  const h = head.workloads.get(id);
  if (!b || !h) return 'all';
  const named = new Set<string>();
  for (const [s, w] of [[base, b], [head, h]] as const) {
    for (const policy of s.model.istio.selectedPolicies?.(w) ?? []) {
      for (const rule of list(record(policy.value.spec).rules)) {
        if (record(rule).when !== undefined) return 'all';
        for (const from of list(record(rule).from)) {
          const source = record(record(from).source);
          if (['ipBlocks', 'notIpBlocks', 'remoteIpBlocks', 'notRemoteIpBlocks'].some((k) => source[k] !== undefined)) return 'all';
          for (const principal of [...list(source.principals), ...list(source.notPrincipals)].map(String)) {
            const m = /^[^/*]+\/ns\/([^/*]+)\/sa\/([^/*]+)$/.exec(principal);
            if (!m) return 'all';
            for (const side of [base, head]) for (const x of side.model.candidateWorkloads({ namespace: m[1] })) if (x.serviceAccount === m[2]) named.add(x.id);
          }
          for (const ns of [...list(source.namespaces), ...list(source.notNamespaces)].map(String)) {
            if (ns.includes('*')) return 'all';
            for (const side of [base, head]) for (const x of side.model.candidateWorkloads({ namespace: ns })) named.add(x.id);
          }
        }
      }
    }
  }
  // One unnamed source per mesh mode stands for the others of that mode.
  const out = new Set(named);
  const representatives = new Map<string, string>();
  for (const [mode, ids] of modes) {
    const representative = ids.find((x) => !named.has(x) && x !== id);
    if (representative) representatives.set(mode, representative);
  }
  const ports = [...new Set([...istioMentionedPorts(base.model.istio, b), ...istioMentionedPorts(head.model.istio, h)])].sort((x, y) => x - y);
  let other = 1;
  while (ports.includes(other)) other++;
  ports.push(other);
  for (const [mode, representative] of representatives) {
    if (istioSignature(base, representative, b, ports) !== istioSignature(head, representative, h, ports)) for (const x of modes.get(mode) ?? []) out.add(x);
  }
  return out;
}

/** What Istio at `destination` says to one source, port by port (the ports either revision's policies name, and one other). */
function istioSignature(s: Side, sourceId: string, destination: Workload, ports: readonly number[]): string {
  const source = s.workloads.get(sourceId);
  if (!source) return '';
  const from = s.model.workloadEndpoint(source);
  return ports.map((port) => `${port}:${JSON.stringify(evaluateIstio(s.model.istio, from, destination, port, 'TCP').map((step) => [step.verdict, step.l7]))}`).join(';');
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isolationChanged(base: Side, head: Side, id: string, direction: Direction): boolean {
  const b = base.workloads.get(id);
  const h = head.workloads.get(id);
  if (!b || !h) return true;
  return base.model.rulesFor(b, direction).some((r) => r.isolates) !== head.model.rulesFor(h, direction).some((r) => r.isolates);
}

/** The workloads a rule's peers can match; every workload for a rule open to any peer or to the cluster entity. */
function rulePeerWorkloads(model: TrafficModel, rule: CompiledRule, allIds: readonly string[]): End[] {
  const wide = rule.peers === 'any' || rule.peers.some((p) => p.external?.kind === 'entity' && (p.external.name === 'cluster' || p.external.name === 'all'));
  if (wide) return allIds.map((id) => ({ kind: 'workload', id }));
  return peerEndpoints(model, rule).flatMap((e): End[] => (e.kind === 'workload' ? [{ kind: 'workload', id: e.workload.id }] : []));
}

function endpointIn(s: Side, end: End): Endpoint | undefined {
  if (end.kind === 'external') return end.external.endpoint;
  const w = s.workloads.get(end.id);
  return w ? s.model.workloadEndpoint(w) : undefined;
}

const NO_CONNECTIONS = 'No Connections';

/** A flow's ports on one side, and what its details (rules, L7, enforcers) are computed from when needed. */
interface Ported {
  readonly state: FlowState;
  readonly allowed: PortSet;
  readonly unknown: PortSet;
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly ports: ReturnType<typeof flowPorts>;
}

function evaluatePorts(s: Side, fromEnd: End, toEnd: End, format: (set: PortSet) => string): Ported | undefined {
  const from = endpointIn(s, fromEnd);
  const to = endpointIn(s, toEnd);
  if (!from || !to) return undefined;
  const ports = flowPorts(s.model, from, to);
  const allowed = ports.allowed;
  const unknown = ports.unknown;
  const text = isEmptyPortSet(allowed) ? NO_CONNECTIONS : format(allowed);
  const verdict = text !== NO_CONNECTIONS ? 'allow' : !isEmptyPortSet(unknown) ? 'unknown' : 'deny';
  return { state: { verdict, ports: text, ...(isEmptyPortSet(unknown) ? {} : { unknownPorts: format(unknown) }), l7: [], enforcers: [], rules: [] }, allowed, unknown, from, to, ports };
}

/** The enforcers and L7 constraints of the steps that decide each allowed or unknown slice (no rule references). */
function stepSignature(s: Side, ported: Ported): string {
  const parts: string[] = [];
  for (const [v, set] of [['allow', ported.allowed], ['unknown', ported.unknown]] as const) {
    for (const slice of slices(set)) {
      const flow = flowVerdictAt(s.model, ported.from, ported.to, ported.ports, slice.protocol === 'ANY' ? 'TCP' : slice.protocol, slice.port ?? 1);
      const deciding = flow.steps.filter((step) => step.verdict === v);
      parts.push(`${sliceText(slice)}:${deciding.filter((step) => step.rules.length > 0 || step.direction === 'authz').map((step) => step.enforcer).sort().join('+')}:${JSON.stringify(deciding.flatMap((step) => step.l7))}`);
    }
  }
  return parts.join(';');
}

/** The rules, L7 constraints, enforcers and layer of a flow, slice by slice of its allowed and unknown ports. */
function withDetails(s: Side, ported: Ported | undefined): Evaluated | undefined {
  if (!ported) return undefined;
  const { from, to, ports, allowed, unknown } = ported;
  const pair = { from, to, rules: [] };
  const enforcers = new Set<EnforcerId>();
  const rules = new Set<RuleRef>();
  const l7: PortL7[] = [];
  let layer: Layer | undefined;
  for (const [v, set] of [['allow', allowed], ['unknown', unknown]] as const) {
    for (const slice of slices(set)) {
      const edge = edgeFor(s.model, pair, ports, v, slice, s.referencer);
      edge.enforcers.forEach((e) => enforcers.add(e));
      edge.rules.forEach((r) => rules.add(r));
      if (edge.rules.length > 0) layer = layer ? higherLayer(layer, edge.layer) : edge.layer;
      if (edge.l7.length > 0) l7.push({ ports: sliceText(slice), constraints: edge.l7 });
    }
  }
  return { state: { ...ported.state, l7, enforcers: [...enforcers].sort(), ...(layer ? { layer } : {}), rules: [...rules] }, allowed, unknown };
}

function sliceText(slice: PortSlice): string {
  if (slice.protocol === 'ANY') return 'all ports';
  if (slice.port === null) return slice.protocol;
  return `${slice.protocol} ${slice.port}${slice.endPort !== null ? `-${slice.endPort}` : ''}`;
}

function peerOf(s: Side, end: End): DiffPeer | undefined {
  if (end.kind === 'external') return end.external.peer;
  const w = s.workloads.get(end.id);
  return w ? { id: w.id, kind: 'workload', namespace: w.namespace, name: w.name, workloadKind: w.kind } : undefined;
}

function compareFlows(fromEnd: End, toEnd: End, b: Evaluated | undefined, h: Evaluated | undefined, base: Side, head: Side, compare: 'full' | 'ports'): FlowChange | undefined {
  const bOpen = b !== undefined && b.state.verdict !== 'deny';
  const hOpen = h !== undefined && h.state.verdict !== 'deny';
  if (!bOpen && !hOpen) return undefined;
  const from = peerOf(head, fromEnd) ?? peerOf(base, fromEnd);
  const to = peerOf(head, toEnd) ?? peerOf(base, toEnd);
  if (!from || !to) return undefined;
  const aspects: FlowAspect[] = [];
  if ((b?.state.verdict ?? 'deny') !== (h?.state.verdict ?? 'deny')) aspects.push('verdict');
  if ((b?.state.ports ?? NO_CONNECTIONS) !== (h?.state.ports ?? NO_CONNECTIONS) || (b?.state.unknownPorts ?? '') !== (h?.state.unknownPorts ?? '')) aspects.push('ports');
  let l7Opens = false;
  let l7Closes = false;
  if (compare === 'full' && b && h && bOpen && hOpen) {
    const bL7 = JSON.stringify(b.state.l7);
    const hL7 = JSON.stringify(h.state.l7);
    if (bL7 !== hL7) {
      aspects.push('l7');
      // Dropping a restriction lets more requests through; adding one lets fewer; a different one may do both.
      l7Opens = b.state.l7.length > 0;
      l7Closes = h.state.l7.length > 0;
    }
    // An unisolated flow has no enforcer; becoming explicitly allowed on the same ports is not a change of enforcer.
    if (b.state.enforcers.length > 0 && h.state.enforcers.length > 0 && b.state.enforcers.join() !== h.state.enforcers.join()) aspects.push('enforcer');
    if (b.state.layer && h.state.layer && b.state.layer !== h.state.layer) aspects.push('layer');
  }
  if (aspects.length === 0) return undefined;
  const bAllowed = b?.allowed ?? emptyPortSet;
  const hAllowed = h?.allowed ?? emptyPortSet;
  const bUnknown = b?.unknown ?? emptyPortSet;
  const hUnknown = h?.unknown ?? emptyPortSet;
  // Ports that become undecidable count as opened only where nothing was allowed or undecidable before.
  const opens = l7Opens || !isEmptyPortSet(subtractPortSets(hAllowed, bAllowed)) || !isEmptyPortSet(subtractPortSets(subtractPortSets(hUnknown, bUnknown), bAllowed));
  const closes = l7Closes || !isEmptyPortSet(subtractPortSets(bAllowed, hAllowed));
  const kind = bOpen && hOpen ? 'changed' : hOpen ? 'added' : 'removed';
  const newOrRemoved = [fromEnd, toEnd].flatMap((e) => (e.kind === 'workload' && (!base.workloads.has(e.id) || !head.workloads.has(e.id)) ? [e.id] : []));
  return { kind, from, to, ...(b ? { base: b.state } : {}), ...(h ? { head: h.state } : {}), aspects, opens, closes, ...(newOrRemoved.length ? { newOrRemovedPeers: newOrRemoved } : {}) };
}

/** A side that lets nothing through names the rules that deny (the first allowed ports of the other side). */
function explainClosedSide(change: FlowChange, fromEnd: End, toEnd: End, base: Side, head: Side): FlowChange {
  if (change.kind === 'changed') return change;
  const closed = change.kind === 'added' ? 'base' : 'head';
  const state = change[closed];
  if (!state || state.rules.length > 0) return change;
  const s = closed === 'base' ? base : head;
  const from = endpointIn(s, fromEnd);
  const to = endpointIn(s, toEnd);
  if (!from || !to) return change;
  const ports = flowPorts(s.model, from, to);
  const edge = edgeFor(s.model, { from, to, rules: [] }, ports, 'deny', { protocol: 'ANY', port: null, endPort: null }, s.referencer);
  return { ...change, [closed]: { ...state, rules: edge.rules, enforcers: edge.enforcers } };
}

/**
 * Touching IP pieces with the same change toward the same workload become one range (netpol-analyzer merges
 * them the same way: mergeIPblocks groups by the other end and both connection sets).
 */
function mergeIpRanges(changes: readonly RawChange[]): FlowChange[] {
  const out: FlowChange[] = [];
  const groups = new Map<string, { change: FlowChange; ipFrom: boolean; range: IpRange }[]>();
  for (const { change, from, to } of changes) {
    const ip = from.kind === 'external' && from.external.range ? { ipFrom: true, range: from.external.range } : to.kind === 'external' && to.external.range ? { ipFrom: false, range: to.external.range } : undefined;
    if (!ip) {
      out.push(change);
      continue;
    }
    const other = ip.ipFrom ? change.to.id : change.from.id;
    const key = `${ip.ipFrom ? 'from' : 'to'}|${other}|${change.kind}|${stateKey(change.base)}|${stateKey(change.head)}|${change.aspects.join()}`;
    const list = groups.get(key) ?? [];
    list.push({ change, ...ip });
    groups.set(key, list);
  }
  for (const list of groups.values()) {
    list.sort((a, b) => (a.range.v6 !== b.range.v6 ? (a.range.v6 ? 1 : -1) : a.range.first < b.range.first ? -1 : a.range.first > b.range.first ? 1 : 0));
    let run: typeof list = [];
    const flush = (): void => {
      if (run.length === 0) return;
      const first = run[0];
      const merged = ipPiece({ v6: first.range.v6, first: first.range.first, last: run[run.length - 1].range.last }).peer;
      const withRules = (side: 'base' | 'head'): FlowState | undefined => {
        const state = first.change[side];
        return state ? { ...state, rules: [...new Set(run.flatMap((x) => x.change[side]?.rules ?? []))] } : undefined;
      };
      const base = withRules('base');
      const head = withRules('head');
      const change: FlowChange = { ...first.change, ...(base ? { base } : {}), ...(head ? { head } : {}) };
      out.push(first.ipFrom ? { ...change, from: merged } : { ...change, to: merged });
      run = [];
    };
    for (const item of list) {
      const previous = run[run.length - 1];
      if (previous && (previous.range.v6 !== item.range.v6 || previous.range.last + 1n !== item.range.first)) flush();
      run.push(item);
    }
    flush();
  }
  return out;
}

function stateKey(state: FlowState | undefined): string {
  if (!state) return '-';
  return JSON.stringify([state.verdict, state.ports, state.unknownPorts ?? '', state.l7, state.enforcers, state.layer ?? '']);
}

const kindOrder: Record<FlowChange['kind'], number> = { changed: 0, added: 1, removed: 2 };

/** A peer as netpol-analyzer writes it: `ns/name[Kind]`, `first-last[External]`, or the entity/FQDN id. */
export function peerLabel(peer: DiffPeer): string {
  if (peer.kind === 'workload') return `${peer.namespace}/${peer.name}[${peer.workloadKind}]`;
  if (peer.kind === 'ip-range') return `${peer.name}[External]`;
  return peer.id;
}

function sortChanges(changes: FlowChange[]): FlowChange[] {
  const key = (c: FlowChange): string => `${peerLabel(c.from)}\u0000${peerLabel(c.to)}`;
  return changes.sort((a, b) => kindOrder[a.kind] - kindOrder[b.kind] || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
