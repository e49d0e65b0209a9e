// Kubernetes NetworkPolicy → compiled rules: isolation per policyType (default Ingress, plus Egress when
// egress rules exist), AND inside a peer, OR across peers, ipBlock with except, named ports, endPort.
// Upstream: kubernetes/website network-policies.md [K-np]; k8s.io/api networking/v1 types.go.
import { isolationOnlyPath } from '../enforcement/classifyKubernetesRules';
import type { NamespaceInfo, PolicySource } from '../inventory/inventoryModel';
import type { CompiledRule, Direction, PeerMatcher, PortMatch } from './compiledRule';
import { identityLookup, namespaceLabelLookup, selectorHint, type UndeclaredNamespaces } from './endpoint';
import { blockCovers, parseCidr, type IpRange } from './ipRange';
import { andTri, asLabelSelector, matchSelector, type LabelSelector, type Tri } from './labelSelector';

export function compileNetworkPolicy(policy: PolicySource): CompiledRule[] {
  const spec = record(policy.value.spec);
  const namespace = policy.namespace ?? 'default';
  const podSelector = asLabelSelector(spec.podSelector) ?? {};
  const types = Array.isArray(spec.policyTypes)
    ? spec.policyTypes.map(String)
    : ['Ingress', ...(spec.egress !== undefined && spec.egress !== null ? ['Egress'] : [])];
  const selects: CompiledRule['selects'] = (workload, context) =>
    !workload.hostNetwork && workload.namespace === namespace && matchSelector(podSelector, identityLookup(context.endpointOf(workload), context.clusterName, context.undeclaredNamespaces)) === 'yes';
  const rules: CompiledRule[] = [];
  const subjectHint = selectorHint(podSelector.matchLabels, namespace);
  // Written out field by field in one shape: a spread of a shared base takes the engine's slow copying path.
  const l7: CompiledRule['l7'] = [];
  const rule = (path: CompiledRule['path'], direction: Direction, peers: CompiledRule['peers'], ports: CompiledRule['ports']): CompiledRule =>
    ({ policy, enforcer: 'k8s-netpol', selects, subjectHint, action: 'allow', l7, family: 'kubernetes', path, direction, peers, ports, isolates: true });
  for (const [type, direction, peerKey] of [['Ingress', 'ingress', 'from'], ['Egress', 'egress', 'to']] as const) {
    if (!types.includes(type)) continue;
    const items = Array.isArray(spec[direction]) ? (spec[direction] as unknown[]) : [];
    // Being selected for a policy type isolates the pod for that direction, even with no rules (each item isolates too).
    if (items.length === 0) rules.push(rule(isolationOnlyPath(spec, direction), direction, [], []));
    for (let i = 0; i < items.length; i++) {
      const item = record(items[i]);
      const peerList = item[peerKey];
      const peers = Array.isArray(peerList) && peerList.length > 0 ? peerList.map((p) => compilePeer(record(p), namespace)) : 'any';
      const portList = item.ports;
      const ports = Array.isArray(portList) && portList.length > 0 ? portList.map((p) => compilePort(record(p))) : 'all';
      rules.push(rule(['spec', direction, i], direction, peers, ports));
    }
  }
  return rules;
}

function compilePeer(peer: Record<string, unknown>, policyNamespace: string): PeerMatcher {
  const ipBlock = record(peer.ipBlock);
  if (typeof ipBlock.cidr === 'string') {
    const range = parseCidr(ipBlock.cidr);
    const except = (Array.isArray(ipBlock.except) ? ipBlock.except : []).map(String);
    const exceptRanges = except.map(parseCidr).filter((r): r is IpRange => r !== undefined);
    const inBlock = (r: IpRange, rExcept: readonly string[] = []): boolean =>
      range !== undefined && blockCovers(range, exceptRanges, r, rExcept.map(parseCidr).filter((x): x is IpRange => x !== undefined));
    return {
      selectsWorkloads: false,
      external: range ? { kind: 'cidr', cidr: ipBlock.cidr, range, except } : undefined,
      match: (endpoint) => {
        if (endpoint.kind === 'cidr') return inBlock(endpoint.range, endpoint.except) ? 'yes' : 'no';
        // ipBlock can match pod IPs when the input states them (cyclonus probes do).
        if (endpoint.kind === 'workload') return endpoint.workload.ips.some((ip) => { const r = parseCidr(ip); return r !== undefined && inBlock(r); }) ? 'yes' : 'no';
        if (endpoint.kind === 'entity' && (endpoint.name === 'world' || endpoint.name === 'all')) return range && range.first === 0n && range.last === (range.v6 ? (1n << 128n) - 1n : (1n << 32n) - 1n) && exceptRanges.length === 0 ? 'yes' : 'no';
        return 'no';
      },
    };
  }
  const podSelector = asLabelSelector(peer.podSelector);
  const namespaceSelector = asLabelSelector(peer.namespaceSelector);
  if (!podSelector && !namespaceSelector) return { selectsWorkloads: false, match: () => 'no' };
  // The namespace part is the same for every pod of a namespace: matched once per namespace (and setting). A
  // plain map, emptied when the setting changes or it grows past the namespaces of one workspace: one weak map
  // per peer costs the garbage collector more than it saves (thousands of peers, many namespaces each).
  let namespaceMatches = new Map<NamespaceInfo, Tri>();
  let matchedUnder: UndeclaredNamespaces | undefined;
  const namespaceMatch = (selector: LabelSelector, namespace: NamespaceInfo, undeclared: UndeclaredNamespaces): Tri => {
    if (matchedUnder !== undeclared || namespaceMatches.size >= 1024) {
      namespaceMatches = new Map();
      matchedUnder = undeclared;
    }
    let match = namespaceMatches.get(namespace);
    if (match === undefined) namespaceMatches.set(namespace, (match = matchSelector(selector, namespaceLabelLookup(namespace, undeclared))));
    return match;
  };
  return {
    selectsWorkloads: true,
    candidates: namespaceSelector ? selectorHint(podSelector?.matchLabels, undefined, namespaceSelector) : selectorHint(podSelector?.matchLabels, policyNamespace),
    match: (endpoint, context) => {
      if (endpoint.kind !== 'workload' || endpoint.workload.hostNetwork) return 'no';
      const { workload } = endpoint;
      const inNamespace = namespaceSelector
        ? namespaceMatch(namespaceSelector, endpoint.namespace, context.undeclaredNamespaces)
        : workload.namespace === policyNamespace ? 'yes' : 'no';
      if (inNamespace === 'no') return 'no';
      const pods: LabelSelector = podSelector ?? {};
      return andTri(inNamespace, matchSelector(pods, identityLookup(endpoint, context.clusterName, context.undeclaredNamespaces)));
    },
  };
}

function compilePort(port: Record<string, unknown>): PortMatch {
  const protocol = typeof port.protocol === 'string' && ['UDP', 'SCTP'].includes(port.protocol) ? (port.protocol as 'UDP' | 'SCTP') : 'TCP';
  const value = port.port;
  if (value === undefined || value === null) return { protocol };
  if (typeof value === 'string' && !/^\d+$/.test(value)) return { protocol, name: value };
  const number = Number(value);
  const endPort = Number(port.endPort);
  // Literals, not a spread of one (that made a hidden class per port match).
  return Number.isInteger(endPort) && endPort >= number ? { protocol, port: number, endPort } : { protocol, port: number };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
