// CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy → compiled rules. Encodes: per-direction default
// deny (enableDefaultDeny), deny items, empty vs missing peer lists, namespace pinning of selectors in a
// CNP, reserved:/k8s:/any: keys, entities, CIDR sets with except, toFQDNs, toServices, L7 per toPorts entry.
// Upstream: cilium pkg/policy/api/{rule,ingress,egress,l4}.go, pkg/k8s/apis/cilium.io/utils/utils.go; semantics §A.1.
import { ciliumPeerFieldsOf } from '../dialects/cilium/ciliumRuleTables';
import type { EnforcerId, HeaderMatchConstraint, L7Constraint } from './trafficGraphModel';
import type { CidrGroupInfo, PolicySource } from '../inventory/inventoryModel';
import { cidrGroupNamed, cidrGroupsSelectedBy } from '../inventory/cidrGroups';
import type { ValuePath } from '../model/sourceSpan';
import type { CompiledRule, Direction, PeerMatcher, PortMatch } from './compiledRule';
import { entitiesOf, identityLookup, isNamespaceKey, isNamespaceLabelsKey, isReservedKey, selectorHint } from './endpoint';
import { blockCovers, parseCidr, type IpRange } from './ipRange';
import { asLabelSelector, matchSelector, selectorKeys, type LabelSelector } from './labelSelector';
import { fqdnPatternRegex } from './fqdnPattern';

/** Peer fields per direction: the one peer table of the Cilium dialect. */
const peerFields: Readonly<Record<Direction, readonly string[]>> = { ingress: ciliumPeerFieldsOf('ingress'), egress: ciliumPeerFieldsOf('egress') };

const NAMESPACE_KEY = 'k8s:io.kubernetes.pod.namespace';

/** `cidrGroups`: the workspace's CiliumCIDRGroups, which `cidrGroupRef` / `cidrGroupSelector` peers stand for. */
export function compileCiliumPolicy(policy: PolicySource, cidrGroups?: readonly CidrGroupInfo[]): CompiledRule[] {
  const value = policy.value;
  const out: CompiledRule[] = [];
  if (value.spec !== undefined && value.spec !== null) compileRule(out, policy, record(value.spec), ['spec'], cidrGroups);
  if (Array.isArray(value.specs)) value.specs.forEach((s, i) => compileRule(out, policy, record(s), ['specs', i], cidrGroups));
  return out;
}

/** Appends the rule's compiled entries to `out` (one list per policy, not one per rule and item). */
function compileRule(out: CompiledRule[], policy: PolicySource, rule: Record<string, unknown>, path: ValuePath, cidrGroups: readonly CidrGroupInfo[] | undefined): void {
  const endpointSelector = asLabelSelector(rule.endpointSelector);
  // nodeSelector rules are host-firewall policies: they select nodes, which the workspace does not model.
  if (!endpointSelector) return;
  const subject = pinSubject(endpointSelector, policy.namespace);
  const selects: CompiledRule['selects'] = (workload, context) =>
    !workload.hostNetwork && matchSelector(subject, identityLookup(context.endpointOf(workload), context.clusterName, context.undeclaredNamespaces)) === 'yes';
  const subjectHint = selectorHint(subject.matchLabels);
  const defaultDeny = record(rule.enableDefaultDeny);
  for (const direction of ['ingress', 'egress'] as const) {
    const allowItems = Array.isArray(rule[direction]) ? (rule[direction] as unknown[]) : [];
    const denyKey = `${direction}Deny`;
    const denyItems = Array.isArray(rule[denyKey]) ? (rule[denyKey] as unknown[]) : [];
    // Any item in either list switches default deny on, unless enableDefaultDeny says otherwise.
    const isolates = allowItems.length + denyItems.length > 0 && defaultDeny[direction] !== false;
    for (const [items, key, action] of [[allowItems, direction, 'allow'], [denyItems, denyKey, 'deny']] as const) {
      // Rule paths are kept with the rules: concat makes them at their size (a spread leaves room for ~20 entries).
      for (let i = 0; i < items.length; i++) compileItem(out, policy, record(items[i]), path.concat(key, i), direction, action, selects, subjectHint, isolates, cidrGroups);
    }
  }
}

function compileItem(
  out: CompiledRule[],
  policy: PolicySource,
  item: Record<string, unknown>,
  path: ValuePath,
  direction: Direction,
  action: 'allow' | 'deny',
  selects: CompiledRule['selects'],
  subjectHint: CompiledRule['subjectHint'],
  isolates: boolean,
  cidrGroups: readonly CidrGroupInfo[] | undefined,
): void {
  const presentPeerFields = peerFields[direction].filter((f) => item[f] !== undefined && item[f] !== null);
  const hasL4 = item.toPorts !== undefined || item.icmps !== undefined;
  let peers: PeerMatcher[] | 'any';
  if (presentPeerFields.length === 0) {
    // No peer at all: with ports it means any peer; an empty item `{}` allows nothing.
    peers = hasL4 ? 'any' : [];
  } else {
    peers = presentPeerFields.flatMap((field) => compilePeerField(field, item[field], policy.namespace, cidrGroups));
  }
  const usesCidrGroups = presentPeerFields.some((f) => f.endsWith('CIDRSet') && Array.isArray(item[f]) && (item[f] as unknown[]).some((set) => {
    const entry = record(set);
    return entry.cidrGroupRef !== undefined || entry.cidrGroupSelector !== undefined;
  }));
  // Each entry written out field by field in one shape (a spread of a shared base takes the engine's slow copying path).
  const entry = (entryPath: ValuePath, enforcer: EnforcerId, ports: CompiledRule['ports'], l7: readonly L7Constraint[]): CompiledRule => {
    const rule: { -readonly [K in keyof CompiledRule]: CompiledRule[K] } = { policy, direction, action, selects, subjectHint, peers, isolates, family: 'cilium', path: entryPath, enforcer, ports, l7 };
    if (usesCidrGroups) rule.usesCidrGroups = true;
    return rule;
  };
  const toPorts = Array.isArray(item.toPorts) ? item.toPorts : [];
  const icmps = Array.isArray(item.icmps) ? item.icmps : [];
  if (toPorts.length === 0 && icmps.length === 0) out.push(entry(path, 'cilium-bpf', hasL4 ? [] : 'all', []));
  for (let i = 0; i < toPorts.length; i++) {
    const ports = record(toPorts[i]);
    const matches = Array.isArray(ports.ports) && ports.ports.length > 0 ? ports.ports.map((p) => compilePort(record(p))) : 'all';
    const l7 = action === 'deny' ? [] : l7Of(ports, policy.namespace);
    const enforcer: EnforcerId = l7.some((c) => c.kind === 'dns') ? 'cilium-dns-proxy' : l7.length > 0 ? 'cilium-envoy' : 'cilium-bpf';
    out.push(entry(path.concat('toPorts', i), enforcer, matches, l7));
  }
  if (icmps.length > 0) out.push(entry(path.concat('icmps'), 'cilium-bpf', [{ protocol: 'ICMP' }], []));
}

function compilePeerField(field: string, raw: unknown, namespace: string | undefined, cidrGroups: readonly CidrGroupInfo[] | undefined): PeerMatcher[] {
  const list = Array.isArray(raw) ? raw : [];
  switch (field) {
    case 'fromEndpoints':
    case 'toEndpoints':
      return list.map((s) => {
        const selector = asLabelSelector(s);
        // A selector that is not a mapping (schema error, reported elsewhere) matches nothing here.
        return selector ? selectorPeer(pinPeer(selector, namespace)) : { selectsWorkloads: false, match: () => 'no' as const };
      });
    case 'fromEntities':
    case 'toEntities':
      return list.map(String).map((name) => ({
        selectsWorkloads: name === 'cluster' || name === 'all',
        external: name === 'cluster' || name === 'all' ? undefined : { kind: 'entity', name },
        match: (endpoint) => (entitiesOf(endpoint).has(name) ? 'yes' : 'no'),
      }));
    case 'fromCIDR':
    case 'toCIDR':
      return list.map((c) => cidrPeer(String(c), []));
    case 'fromCIDRSet':
    case 'toCIDRSet':
      return list.flatMap((raw): PeerMatcher[] => {
        const set = record(raw);
        if (typeof set.cidr === 'string') return [cidrPeer(set.cidr, (Array.isArray(set.except) ? set.except : []).map(String))];
        // A group stands for its externalCIDRs (except is not supported with a group: cilium pkg/policy/api/cidr.go
        // CIDRRule.ExceptCIDRs). A group the workspace does not hold, or a selector meshlens cannot read, is unknown.
        const groups = typeof set.cidrGroupRef === 'string'
          ? [cidrGroupNamed(cidrGroups, set.cidrGroupRef)].filter((g): g is CidrGroupInfo => g !== undefined)
          : set.cidrGroupSelector !== undefined && set.cidrGroupSelector !== null && typeof set.cidrGroupSelector === 'object'
            ? cidrGroupsSelectedBy(cidrGroups, set.cidrGroupSelector as { matchLabels?: Record<string, unknown> })
            : undefined;
        if (groups === undefined || (typeof set.cidrGroupRef === 'string' && groups.length === 0)) return [{ selectsWorkloads: false, match: () => 'unknown' as const }];
        return groups.flatMap((g) => g.externalCIDRs.map((cidr) => cidrPeer(cidr, [])));
      });
    case 'fromNodes':
    case 'toNodes':
      return [{ selectsWorkloads: false, external: { kind: 'entity', name: 'remote-node' }, match: (e) => (entitiesOf(e).has('remote-node') || entitiesOf(e).has('host') ? 'yes' : 'no') }];
    case 'toFQDNs':
      return list.map((raw) => fqdnPeer(record(raw)));
    case 'toServices':
      return list.map((raw) => servicePeer(record(raw), namespace));
    default:
      // fromGroups/toGroups (cloud provider groups) and the removed fromRequires/toRequires.
      return [{ selectsWorkloads: false, match: () => 'no' }];
  }
}

/** endpointSelector in a CNP always gets the policy namespace (utils.go getEndpointSelector). */
function pinSubject(selector: LabelSelector, namespace: string | undefined): LabelSelector {
  if (namespace === undefined) return selector;
  return { ...selector, matchLabels: withLabel(withoutNamespace(selector.matchLabels), NAMESPACE_KEY, namespace) };
}

/**
 * Peer selectors get the policy namespace unless they name one, use namespace-label keys or reserved keys;
 * in a CCNP an unpinned selector still requires a pod-namespace label (utils.go parseToCiliumIngressCommonRule).
 */
function pinPeer(selector: LabelSelector, namespace: string | undefined): LabelSelector {
  const keys = selectorKeys(selector);
  if (keys.some((k) => isNamespaceKey(k) || isNamespaceLabelsKey(k) || isReservedKey(k))) return selector;
  if (namespace === undefined) return { ...selector, matchExpressions: [...(selector.matchExpressions ?? []), { key: NAMESPACE_KEY, operator: 'Exists' }] };
  return { ...selector, matchLabels: withLabel(selector.matchLabels, NAMESPACE_KEY, namespace) };
}

/**
 * The labels with one more (or replaced), copied key by key in order: a spread into a literal made a hidden class
 * per selector, and label matching walks the keys of every pinned selector for every candidate.
 */
function withLabel(labels: Readonly<Record<string, unknown>> | undefined, key: string, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (labels !== undefined && labels !== null) {
    const keys = Object.keys(labels);
    for (let i = 0; i < keys.length; i++) {
      // An own '__proto__' key would set the prototype when assigned: such a selector is spread as before.
      if (keys[i] === '__proto__') return { ...labels, [key]: value };
      out[keys[i]] = labels[keys[i]];
    }
  }
  out[key] = value;
  return out;
}

function withoutNamespace(labels: LabelSelector['matchLabels']): Record<string, unknown> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([k]) => !isNamespaceKey(k)));
}

function selectorPeer(selector: LabelSelector): PeerMatcher {
  const reservedOnly = selectorKeys(selector).length > 0 && selectorKeys(selector).every(isReservedKey);
  const entity = reservedOnly ? Object.keys(selector.matchLabels ?? {}).map((k) => k.slice('reserved:'.length))[0] : undefined;
  return {
    selectsWorkloads: !reservedOnly,
    candidates: selectorHint(selector.matchLabels),
    external: entity ? { kind: 'entity', name: entity } : undefined,
    match: (endpoint, context) => matchSelector(selector, identityLookup(endpoint, context.clusterName, context.undeclaredNamespaces)),
  };
}

function cidrPeer(cidr: string, except: readonly string[]): PeerMatcher {
  const range = parseCidr(cidr);
  const exceptRanges = except.map(parseCidr).filter((r): r is IpRange => r !== undefined);
  return {
    selectsWorkloads: false,
    external: range ? { kind: 'cidr', cidr, range, except } : undefined,
    // CIDR rules only match peers without a Cilium identity: never in-cluster pods (semantics §A.1.13).
    match: (endpoint) => (endpoint.kind === 'cidr' && range !== undefined && blockCovers(range, exceptRanges, endpoint.range, exceptsOf(endpoint.except)) ? 'yes' : 'no'),
  };
}

function exceptsOf(except: readonly string[] | undefined): IpRange[] {
  return (except ?? []).map(parseCidr).filter((r): r is IpRange => r !== undefined);
}

function fqdnPeer(selector: Record<string, unknown>): PeerMatcher {
  const name = typeof selector.matchName === 'string' ? selector.matchName.toLowerCase().replace(/\.$/, '') : undefined;
  const pattern = typeof selector.matchPattern === 'string' ? selector.matchPattern.toLowerCase().replace(/\.$/, '') : undefined;
  // Compiled when first matched: most compiled rules are never asked about a name (the settle pass reads none).
  let regex: RegExp | undefined;
  const label = name ?? pattern ?? '?';
  return {
    selectsWorkloads: false,
    external: { kind: 'fqdn', name: label },
    match: (endpoint) => {
      if (endpoint.kind !== 'fqdn') return 'no';
      const target = endpoint.name.toLowerCase();
      if (name !== undefined) return target === name ? 'yes' : 'no';
      if (pattern === undefined) return 'no';
      return (regex ??= fqdnPatternRegex(pattern)).test(target) || target === pattern ? 'yes' : 'no';
    },
  };
}

function servicePeer(entry: Record<string, unknown>, policyNamespace: string | undefined): PeerMatcher {
  const byName = record(entry.k8sService);
  const bySelector = record(entry.k8sServiceSelector);
  if (typeof byName.serviceName === 'string') {
    const ns = typeof byName.namespace === 'string' ? byName.namespace : policyNamespace ?? 'default';
    if (ns === 'default' && byName.serviceName === 'kubernetes') {
      return { selectsWorkloads: false, external: { kind: 'entity', name: 'kube-apiserver' }, match: (e) => (e.kind === 'entity' && e.name === 'kube-apiserver' ? 'yes' : 'no') };
    }
    return {
      selectsWorkloads: true,
      match: (endpoint, context) => {
        if (endpoint.kind !== 'workload') return 'no';
        const targets = context.serviceWorkloads(ns, byName.serviceName as string);
        if (targets === undefined) return 'unknown';
        return targets.some((w) => w.id === endpoint.workload.id) ? 'yes' : 'no';
      },
    };
  }
  const selector = asLabelSelector(bySelector.selector) ?? {};
  const ns = typeof bySelector.namespace === 'string' ? bySelector.namespace : policyNamespace;
  return {
    selectsWorkloads: true,
    // A service selector picks Services by their labels; approximated by the selected pods' labels.
    match: (endpoint) => (endpoint.kind === 'workload' && (ns === undefined || endpoint.workload.namespace === ns) ? matchSelector(selector, (k) => endpoint.workload.labels[k]) : 'no'),
  };
}

function compilePort(port: Record<string, unknown>): PortMatch {
  const raw = typeof port.protocol === 'string' ? port.protocol.toUpperCase() : 'ANY';
  const protocol = raw === 'TCP' || raw === 'UDP' || raw === 'SCTP' ? raw : 'ANY';
  const value = port.port;
  if (value === undefined || value === null || value === '' || value === 0 || value === '0') return { protocol };
  if (typeof value === 'string' && !/^\d+$/.test(value)) return { protocol, name: value };
  const number = Number(value);
  const endPort = Number(port.endPort);
  // Literals, not a spread of one (that made a hidden class per port match).
  return Number.isInteger(endPort) && endPort >= number ? { protocol, port: number, endPort } : { protocol, port: number };
}

function l7Of(entry: Record<string, unknown>, namespace: string | undefined): L7Constraint[] {
  const rules = record(entry.rules);
  const out: L7Constraint[] = [];
  for (const raw of Array.isArray(rules.http) ? rules.http : []) {
    const h = record(raw);
    const headers = Array.isArray(h.headers) ? h.headers.map(String) : [];
    const headerMatches = (Array.isArray(h.headerMatches) ? h.headerMatches : []).map((m) => headerMatchOf(record(m), namespace));
    out.push({
      kind: 'http',
      ...(typeof h.method === 'string' ? { method: h.method } : {}),
      ...(typeof h.path === 'string' ? { path: h.path } : {}),
      ...(typeof h.host === 'string' ? { host: h.host } : {}),
      ...(headers.length ? { headers } : {}),
      ...(headerMatches.length ? { headerMatches } : {}),
    });
  }
  for (const raw of Array.isArray(rules.dns) ? rules.dns : []) {
    const d = record(raw);
    out.push({ kind: 'dns', pattern: String(d.matchName ?? d.matchPattern ?? '*') });
  }
  if (Array.isArray(rules.kafka)) for (const _ of rules.kafka) out.push({ kind: 'kafka' });
  if (Array.isArray(entry.serverNames) && entry.serverNames.length > 0) out.push({ kind: 'sni', serverNames: entry.serverNames.map(String) });
  // An L7 section present but empty (`rules: {http: [{}]}`) still redirects; `{}` http rule allows all requests.
  return out;
}

/** A `headerMatches` entry; a Secret without a namespace is looked up in the policy's (http.go Secret). */
function headerMatchOf(m: Record<string, unknown>, namespace: string | undefined): HeaderMatchConstraint {
  const secret = record(m.secret);
  const mismatch = typeof m.mismatch === 'string' && ['LOG', 'ADD', 'DELETE', 'REPLACE'].includes(m.mismatch) ? (m.mismatch as HeaderMatchConstraint['mismatch']) : undefined;
  return {
    name: String(m.name ?? ''),
    ...(typeof m.value === 'string' && m.value !== '' ? { value: m.value } : {}),
    ...(typeof secret.name === 'string' ? { secret: `${typeof secret.namespace === 'string' ? secret.namespace : (namespace ?? 'default')}/${secret.name}` } : {}),
    ...(mismatch ? { mismatch } : {}),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
