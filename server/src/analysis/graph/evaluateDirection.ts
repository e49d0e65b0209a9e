// One enforcement direction (sender egress or receiver ingress) for one peer: which ports the L3/L4
// policies allow, deny or leave unknown, and which rules decided. Deny beats allow; a workload no rule
// isolates is open in that direction (semantics §A.1.2-4, K8s NetworkPolicy isolation).
import type { EnforcerId, L7Constraint } from './trafficGraphModel';
import type { CompiledRule, Direction, MatchContext, PortMatch } from './compiledRule';
import type { Endpoint } from './endpoint';
import { fqdnMatches } from './fqdnPattern';
import {
  allPortSet,
  emptyPortSet,
  intersectPortSets,
  isEmptyPortSet,
  portSetHas,
  portSetOf,
  subtractPortSets,
  unionPortSets,
  type PortProtocol,
  type PortSet,
} from './portSet';

export interface RuleContribution {
  readonly rule: CompiledRule;
  /** Ports of the rule, named ports resolved for this destination. */
  readonly ports: PortSet;
  readonly definite: boolean;
}

export interface DirectionPorts {
  readonly direction: Direction;
  /** Some rule isolates the local workload for this direction. */
  readonly isolated: boolean;
  readonly isolatingRules: readonly CompiledRule[];
  /** Ports certainly allowed. */
  readonly allowed: PortSet;
  /** Ports whose verdict depends on labels the workspace does not know. */
  readonly unknown: PortSet;
  readonly allows: readonly RuleContribution[];
  readonly denies: readonly RuleContribution[];
  /** toFQDNs allows that cannot work: no DNS rule lets the proxy learn the name's IPs. */
  readonly unlearned: readonly RuleContribution[];
  /** Ingress from the node's own stack, which policy cannot block: `always` for `host`, `maybe` for a host-network pod. */
  readonly localhost?: 'always' | 'maybe';
}

/**
 * With Kubernetes the agent's `allow-localhost` (default `auto`) becomes `always`: the local host reaches every
 * pod on its node on any port, whatever ingress policy says (an explicit deny still wins: the allow is inserted
 * deny-preferred), and L7 rules are wildcarded for it. `remote-node` gets no such allow. A host-network pod is
 * the local host only when it shares the destination's node, which the workspace does not say.
 * Upstream: cilium pkg/option/config.go (AllowLocalhost, AllowLocalhostAuto, AlwaysAllowLocalhost),
 * daemon/cmd/daemon.go ("Kubernetes demands that the localhost can always reach local pods"),
 * pkg/policy/mapstate.go determineAllowLocalhostIngress; kubernetes.io NetworkPolicy "What you can't do"
 * (pods cannot block access from their resident node). semantics.md §A.1.15, case E6.
 */
export function localhostAccess(direction: Direction, peer: Endpoint): 'always' | 'maybe' | undefined {
  if (direction !== 'ingress') return undefined;
  if (peer.kind === 'entity' && peer.name === 'host') return 'always';
  return peer.kind === 'workload' && peer.workload.hostNetwork ? 'maybe' : undefined;
}

/** Whether a peer matches any of a rule's peers (matchPeers, or the same answer found another way). */
export type PeerMatch = (rule: CompiledRule, peer: Endpoint) => 'yes' | 'no' | 'unknown';

/**
 * The ports `local` (the workload the rules select) accepts from / sends to `peer`. `destination` is the
 * receiving endpoint, whose containers resolve named ports. `peerMatch` answers as matchPeers does (the graph
 * reads the matches it already found per rule).
 */
export function directionPorts(
  direction: Direction,
  rules: readonly CompiledRule[],
  peer: Endpoint,
  destination: Endpoint,
  context: MatchContext,
  peerMatch?: PeerMatch,
): DirectionPorts {
  // No rule selects the workload for this direction (most workloads, most directions): open, whatever the peer.
  if (rules.length === 0) return openDirection[direction];
  // Evaluated for every flow of the graph: lists are made only when something goes in them.
  let allows: RuleContribution[] | undefined;
  let denies: RuleContribution[] | undefined;
  let unlearned: RuleContribution[] | undefined;
  const isolatingRules = isolatingRulesOf(rules);
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    const matched = peerMatch === undefined ? matchPeers(rule, peer, context) : peerMatch(rule, peer);
    if (matched === 'no') continue;
    // toFQDNs only knows the IPs the DNS proxy saw: without a DNS rule for the name, nothing is learned (layer3.rst).
    if (peer.kind === 'fqdn' && rule.action === 'allow' && rule.peers !== 'any' && rule.peers.some((p) => p.external?.kind === 'fqdn') && !dnsLearns(rules, peer.name)) {
      (unlearned ??= []).push({ rule, ports: rulePorts(rule.ports, destination), definite: true });
      continue;
    }
    const ports = rulePorts(rule.ports, destination);
    if (isEmptyPortSet(ports)) continue;
    const contribution = { rule, ports, definite: matched === 'yes' };
    if (rule.action === 'deny') (denies ??= []).push(contribution);
    else (allows ??= []).push(contribution);
  }
  const isolated = isolatingRules.length > 0;
  const localhost = localhostAccess(direction, peer);
  const allowDefinite = isolated && localhost !== 'always' ? unionOf(allows, true) : allPortSet;
  const allowMaybe = isolated ? (localhost === 'maybe' ? allPortSet : unionOf(allows, false)) : emptyPortSet;
  const denyDefinite = unionOf(denies, true);
  const denyMaybe = unionOf(denies, false);
  const allowed = subtractPortSets(subtractPortSets(allowDefinite, denyDefinite), denyMaybe);
  const unknown = unionPortSets(subtractPortSets(allowMaybe, denyDefinite), intersectPortSets(subtractPortSets(allowDefinite, denyDefinite), denyMaybe));
  // Two literals, not a spread of one (that made a hidden class per result, and verdictAt reads every field).
  return localhost && isolated
    ? { direction, isolated, isolatingRules, allowed, unknown, allows: allows ?? noContributions, denies: denies ?? noContributions, unlearned: unlearned ?? noContributions, localhost }
    : { direction, isolated, isolatingRules, allowed, unknown, allows: allows ?? noContributions, denies: denies ?? noContributions, unlearned: unlearned ?? noContributions };
}

const noContributions: readonly RuleContribution[] = [];

function unionOf(list: readonly RuleContribution[] | undefined, definite: boolean): PortSet {
  let out = emptyPortSet;
  if (list) for (let i = 0; i < list.length; i++) if (list[i].definite === definite) out = unionPortSets(out, list[i].ports);
  return out;
}

const isolatingLists = new WeakMap<readonly CompiledRule[], readonly CompiledRule[]>();

/** The rules of a workload's list that isolate it (the list is the model's, one per workload and direction): made once. */
function isolatingRulesOf(rules: readonly CompiledRule[]): readonly CompiledRule[] {
  let known = isolatingLists.get(rules);
  if (!known) isolatingLists.set(rules, (known = rules.filter((r) => r.isolates)));
  return known;
}

const openDirection: Readonly<Record<Direction, DirectionPorts>> = {
  ingress: { direction: 'ingress', isolated: false, isolatingRules: [], allowed: allPortSet, unknown: emptyPortSet, allows: [], denies: [], unlearned: [] },
  egress: { direction: 'egress', isolated: false, isolatingRules: [], allowed: allPortSet, unknown: emptyPortSet, allows: [], denies: [], unlearned: [] },
};

/** Some egress rule of the same endpoint sends DNS through the proxy with a pattern covering the name. */
function dnsLearns(rules: readonly CompiledRule[], name: string): boolean {
  return rules.some((r) => r.direction === 'egress' && r.action === 'allow' && r.l7.some((c) => c.kind === 'dns' && c.pattern !== undefined && fqdnMatches(c.pattern, name)));
}

export interface DirectionVerdict {
  readonly verdict: 'allow' | 'deny' | 'unknown';
  readonly reason: string;
  readonly rules: readonly CompiledRule[];
  readonly l7: readonly L7Constraint[];
  readonly enforcers: readonly EnforcerId[];
}

/** The verdict of one direction at one protocol/port, with the rules that decided it. */
export function verdictAt(result: DirectionPorts, protocol: PortProtocol | 'ICMP', port: number): DirectionVerdict {
  if (!result.isolated && result.denies.length === 0) return openVerdict;
  // Asked for every edge of the graph: the deciding contributions are picked in one pass per list, without
  // filtered copies, and the rule and enforcer lists are built only for the outcome returned.
  let definiteDeny = false;
  let maybeDeny = false;
  for (let i = 0; i < result.denies.length; i++) {
    const c = result.denies[i];
    if (!portSetHas(c.ports, protocol, port)) continue;
    if (c.definite) definiteDeny = true;
    else maybeDeny = true;
  }
  if (definiteDeny) {
    const rules = contributionsAt(result.denies, protocol, port, true);
    return { verdict: 'deny', reason: 'explicit deny rule', rules, l7: [], enforcers: enforcersOf(rules) };
  }
  if (portSetHas(result.allowed, protocol, port)) {
    if (!result.isolated) return openVerdict;
    if (result.localhost === 'always') {
      return { verdict: 'allow', reason: 'the local host always reaches pods on its own node (allow-localhost: auto = always under Kubernetes)', rules: [], l7: [], enforcers: datapathEnforcers(result.isolatingRules) };
    }
    const rules = contributionsAt(result.allows, protocol, port, true);
    // An L4-only allow for the same peer and port cancels L7 restrictions (layer7.rst).
    let l7: readonly L7Constraint[] = [];
    if (!rules.some((r) => r.l7.length === 0)) {
      const constraints: L7Constraint[] = [];
      for (const r of rules) for (const c of r.l7) constraints.push(c);
      l7 = constraints;
    }
    return { verdict: 'allow', reason: l7.length ? 'allowed, subject to L7 rules' : 'allowed by rule', rules, l7, enforcers: enforcersOf(rules) };
  }
  let maybeAllow = false;
  let anyAllow = false;
  for (let i = 0; i < result.allows.length; i++) {
    const c = result.allows[i];
    if (!portSetHas(c.ports, protocol, port)) continue;
    anyAllow = true;
    if (!c.definite) maybeAllow = true;
  }
  if (portSetHas(result.unknown, protocol, port)) {
    if (result.localhost === 'maybe' && !maybeAllow && !maybeDeny) {
      return {
        verdict: 'unknown',
        reason: 'a host-network peer: allowed from the pod\'s own node (allow-localhost), but from another node it is remote-node and the policy does not allow it',
        rules: result.isolatingRules,
        l7: [],
        enforcers: datapathEnforcers(result.isolatingRules),
      };
    }
    const rules = [...contributionsAt(result.denies, protocol, port, false), ...contributionsAt(result.allows, protocol, port, false)];
    return { verdict: 'unknown', reason: 'depends on namespace labels not in the workspace', rules, l7: [], enforcers: enforcersOf(rules) };
  }
  const unlearned = result.unlearned.length === 0 ? [] : result.unlearned.filter((c) => portSetHas(c.ports, protocol, port));
  if (unlearned.length > 0) {
    return {
      verdict: 'deny',
      reason: 'toFQDNs allows the name, but no DNS rule (rules.dns) lets the DNS proxy learn its IPs',
      rules: unlearned.map((c) => c.rule),
      l7: [],
      enforcers: ['cilium-bpf'],
    };
  }
  return {
    verdict: 'deny',
    reason: !anyAllow ? 'default deny: no rule allows this peer and port' : 'default deny',
    rules: result.isolatingRules,
    l7: [],
    enforcers: datapathEnforcers(result.isolatingRules),
  };
}

/** The rules of the contributions at a port that are (or are not) definite, in order. */
function contributionsAt(list: readonly RuleContribution[], protocol: PortProtocol | 'ICMP', port: number, definite: boolean): CompiledRule[] {
  // Asked twice per edge; mostly one rule: a list started from its first element is made at size 1, not 16.
  let out: CompiledRule[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c.definite === definite && portSetHas(c.ports, protocol, port)) {
      if (out) out.push(c.rule);
      else out = [c.rule];
    }
  }
  return out ?? [];
}

/** The rules' enforcers in first-seen order (few: a list, not a set). */
function enforcersOf(rules: readonly CompiledRule[]): EnforcerId[] {
  if (rules.length === 0) return [];
  const out: EnforcerId[] = [rules[0].enforcer];
  for (let i = 1; i < rules.length; i++) if (!out.includes(rules[i].enforcer)) out.push(rules[i].enforcer);
  return out;
}

/** The verdict of a direction no rule isolates and none denies (most directions of most flows). */
const openVerdict: DirectionVerdict = { verdict: 'allow', reason: 'no policy isolates this direction', rules: [], l7: [], enforcers: [] };

const datapathEnforcerLists = new WeakMap<readonly CompiledRule[], readonly EnforcerId[]>();

/** Who drops or admits at L3/L4 for these rules: Envoy and the DNS proxy only see traffic the datapath redirected. */
function datapathEnforcers(rules: readonly CompiledRule[]): readonly EnforcerId[] {
  // The isolating rules of a direction are one list per evaluation, asked for at every port: worked out once.
  let known = datapathEnforcerLists.get(rules);
  if (!known) {
    const out: EnforcerId[] = [];
    for (const r of rules) {
      const enforcer = r.enforcer === 'cilium-envoy' || r.enforcer === 'cilium-dns-proxy' ? 'cilium-bpf' : r.enforcer;
      if (!out.includes(enforcer)) out.push(enforcer);
    }
    datapathEnforcerLists.set(rules, (known = out));
  }
  return known;
}

/** Whether a peer matches any of a rule's peers: the only thing directionPorts reads of a workload peer's labels. */
export function matchPeers(rule: CompiledRule, peer: Endpoint, context: MatchContext): 'yes' | 'no' | 'unknown' {
  if (rule.peers === 'any') return 'yes';
  let out: 'yes' | 'no' | 'unknown' = 'no';
  for (let i = 0; i < rule.peers.length; i++) {
    const matcher = rule.peers[i];
    const m = matcher.match(peer, context);
    if (m === 'yes') return 'yes';
    if (m === 'unknown') out = 'unknown';
  }
  return out;
}

/** Ports of a rule as a set; named ports resolve against the destination workload's container ports. */
export function rulePorts(ports: CompiledRule['ports'], destination: Endpoint): PortSet {
  if (ports === 'all') return allPortSet;
  // Without named ports the set does not depend on the destination: compute it once per rule. With named
  // ports it depends on the destination's container ports only: once per rule and container port list.
  const cached = fixedPortSets.get(ports);
  if (cached) return cached;
  const containers = destination.kind === 'workload' ? destination.workload.ports : undefined;
  let perContainers = containers ? namedPortSets.get(ports) : undefined;
  const known = containers && perContainers?.get(containers);
  if (known) return known;
  let out = emptyPortSet;
  for (const p of ports) out = unionPortSets(out, portMatchSet(p, destination));
  if (!ports.some((p) => p.name !== undefined)) fixedPortSets.set(ports, out);
  else if (containers) {
    if (!perContainers) namedPortSets.set(ports, (perContainers = new WeakMap()));
    perContainers.set(containers, out);
  }
  return out;
}

const fixedPortSets = new WeakMap<readonly PortMatch[], PortSet>();
const namedPortSets = new WeakMap<readonly PortMatch[], WeakMap<readonly unknown[], PortSet>>();

function portMatchSet(match: PortMatch, destination: Endpoint): PortSet {
  if (match.protocol === 'ICMP') return { ...emptyPortSet, other: true };
  if (match.name !== undefined) {
    if (destination.kind !== 'workload') return emptyPortSet;
    let out = emptyPortSet;
    for (const c of destination.workload.ports) {
      if (c.name === match.name && (match.protocol === 'ANY' || c.protocol === match.protocol)) out = unionPortSets(out, portSetOf(c.protocol, c.port));
    }
    return out;
  }
  if (match.port === undefined) return portSetOf(match.protocol, 1, 65535);
  return portSetOf(match.protocol, match.port, match.endPort ?? match.port);
}
