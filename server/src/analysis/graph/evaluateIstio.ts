// Istio authorization at the destination's enforcement point: sidecar (HTTP or TCP filter chain),
// waypoint (targetRefs, client identity) and ztunnel (after the L7 conversion), with CUSTOM → DENY → ALLOW,
// allow-nothing, principals from service accounts and PeerAuthentication STRICT refusing plaintext.
// Upstream: istio/api authorization_policy.proto, pilot/pkg/security/authz/{builder,model},
// pilot/pkg/serviceregistry/ambient/authorization.go, ztunnel src/rbac.rs; semantics §B.2-B.6.
import type { EnforcerId, L7Constraint } from './trafficGraphModel';
import type { MeshMode, NamespaceInfo, PolicySource, ServiceInfo, WaypointInfo, Workload } from '../inventory/inventoryModel';
import type { ValuePath } from '../model/sourceSpan';
import type { Endpoint } from './endpoint';
import { parseCidr, rangeContains } from './ipRange';
import { istioConditionKey, istioOperationAttribute, istioSourceAttribute, type IstioAttributeRow } from '../enforcement/istioAttributeTable';
import { convertForZtunnel, type ZtunnelPolicyOutcome } from '../enforcement/ztunnelConversion';
import { attachesToWorkload, istioSelectorLabels, labelsMatch, targetRefsOf } from '../workspace/istioAttachment';
import { acceptsServiceTraffic, acceptsWorkloadTraffic, useWaypointForPod, useWaypointForService, WAYPOINT_CLASS } from '../workspace/waypoints';

export interface IstioRequest {
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Absent: no token. */
  readonly jwt?: { readonly valid: boolean; readonly issuer?: string; readonly subject?: string; readonly claims?: Readonly<Record<string, readonly string[]>> };
}

export interface IstioRuleRef {
  readonly policy: PolicySource;
  readonly path: ValuePath;
}

export interface IstioStep {
  readonly enforcer: EnforcerId;
  readonly verdict: 'allow' | 'deny' | 'unknown';
  readonly reason: string;
  readonly rules: readonly IstioRuleRef[];
  /** Allowed only for requests matching one of these (ALLOW rules with HTTP fields when no request is given). */
  readonly l7: readonly L7Constraint[];
}

export interface IstioWorld {
  readonly rootNamespace: string;
  readonly authorizationPolicies: readonly PolicySource[];
  readonly peerAuthentications: readonly PolicySource[];
  readonly requestAuthentications: readonly PolicySource[];
  readonly services: readonly ServiceInfo[];
  readonly waypoints: readonly WaypointInfo[];
  readonly meshModeOf: (workload: Workload) => MeshMode;
  readonly namespaceOf: (name: string) => NamespaceInfo;
  /** AuthorizationPolicies attached to a workload by selector / namespace / root (memoised by the model). */
  readonly selectedPolicies?: (workload: Workload) => readonly PolicySource[];
}

type Chain = 'http' | 'tcp' | 'ztunnel';
type Match = 'yes' | 'no' | 'maybe';

/** Source identity as the destination's proxy sees it. */
interface Peer {
  readonly principal?: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly ips: readonly string[];
}

export function evaluateIstio(world: IstioWorld, source: Endpoint, destination: Workload, port: number, protocol: string, request?: IstioRequest): IstioStep[] {
  const mode = world.meshModeOf(destination);
  // Istio proxies TCP only (UDP and SCTP pass unproxied): protocol-selection docs, ztunnel capture.
  if (mode === 'none' || (protocol !== 'TCP' && protocol !== 'HTTP')) return [];
  const peer = peerOf(world, source);
  const steps: IstioStep[] = [];
  const enforcer: EnforcerId = mode === 'sidecar' ? 'istio-sidecar' : 'istio-ztunnel';
  const strict = strictMtls(world, destination, port);
  if (strict && peer.principal === undefined) {
    steps.push({ enforcer, verdict: 'deny', reason: 'PeerAuthentication STRICT refuses plaintext from outside the mesh', rules: [{ policy: strict, path: ['spec', 'mtls'] }], l7: [] });
    return steps;
  }
  const selected = world.selectedPolicies?.(destination) ?? policiesSelecting(world, destination);
  if (mode === 'sidecar') {
    const chain: Chain = request !== undefined || protocol === 'HTTP' || isHttpPort(world, destination, port) ? 'http' : 'tcp';
    const jwtStep = checkJwt(world, destination, request, enforcer, chain);
    if (jwtStep) return [jwtStep];
    steps.push(authorize(selected, enforcer, chain, peer, port, request));
    return steps;
  }
  const waypoint = waypointFor(world, destination);
  let ztunnelPeer = peer;
  if (waypoint) {
    const attached = world.authorizationPolicies.filter((p) => targetsWaypoint(world, p, waypoint, destination));
    const jwtStep = checkJwt(world, destination, request, 'istio-waypoint', 'http');
    steps.push(jwtStep ?? authorize(attached, 'istio-waypoint', 'http', peer, port, request));
    // The waypoint opens the second leg: ztunnel sees the waypoint's identity, not the client's.
    ztunnelPeer = { principal: `cluster.local/ns/${waypoint.namespace}/sa/${waypoint.name}`, namespace: waypoint.namespace, serviceAccount: waypoint.name, ips: [] };
  }
  const forZtunnel = selected.filter((p) => !['CUSTOM', 'AUDIT'].includes(actionOf(p)));
  steps.push(authorize(forZtunnel, 'istio-ztunnel', 'ztunnel', ztunnelPeer, port, request));
  return steps;
}

/**
 * What evaluateIstio gives at this destination for any source and TCP port when that reads neither (no
 * PeerAuthentication anywhere, so no STRICT check; no AuthorizationPolicy selecting the workload; for ambient no
 * waypoint; no request, so no JWT check): no proxy says nothing, a proxy with no policy allows. Else undefined.
 */
export function sourceIndependentSteps(world: IstioWorld, destination: Workload): readonly IstioStep[] | undefined {
  const mode = world.meshModeOf(destination);
  if (mode === 'none') return noSteps;
  if (world.peerAuthentications.length > 0) return undefined;
  if ((world.selectedPolicies?.(destination) ?? policiesSelecting(world, destination)).length > 0) return undefined;
  if (mode === 'sidecar') return [noPolicyStep('istio-sidecar')];
  return waypointFor(world, destination) ? undefined : [noPolicyStep('istio-ztunnel')];
}

const noSteps: readonly IstioStep[] = [];

/**
 * Whether evaluateIstio at this destination reads nothing of a TCP source but whether it is in the mesh: no proxy,
 * or a proxy with no AuthorizationPolicy selecting the workload and no waypoint (STRICT mTLS asks only whether the
 * peer has a principal; an empty policy list allows whoever it is; the waypoint path would read the client).
 */
export function readsOnlySourceMeshMembership(world: IstioWorld, destination: Workload): boolean {
  if (world.meshModeOf(destination) === 'none') return true;
  return (world.selectedPolicies?.(destination) ?? policiesSelecting(world, destination)).length === 0 && waypointFor(world, destination) === undefined;
}

/** The AuthorizationPolicies that attach to a workload by selector, namespace or root namespace. */
export function policiesSelecting(world: IstioWorld, workload: Workload): PolicySource[] {
  return world.authorizationPolicies.filter((p) => appliesBySelector(world, p, workload));
}

/** Every TCP port the Istio policies at a destination mention, for building port sets. */
export function istioMentionedPorts(world: IstioWorld, destination: Workload): number[] {
  const out = new Set<number>(destination.ports.map((p) => p.port));
  const selected = world.selectedPolicies?.(destination) ?? policiesSelecting(world, destination);
  const waypoint = waypointFor(world, destination);
  const attached = waypoint ? [...selected, ...world.authorizationPolicies.filter((p) => targetsWaypoint(world, p, waypoint, destination))] : selected;
  for (const p of attached) {
    for (const rule of rulesOf(p)) {
      for (const to of list(rule.to)) for (const key of ['ports', 'notPorts']) for (const v of list(record(record(to).operation)[key])) out.add(Number(v));
      for (const w of list(rule.when)) if (record(w).key === 'destination.port') for (const v of [...list(record(w).values), ...list(record(w).notValues)]) out.add(Number(v));
    }
  }
  return [...out].filter((n) => Number.isInteger(n) && n > 0);
}

function peerOf(world: IstioWorld, source: Endpoint): Peer {
  if (source.kind === 'workload') {
    const w = source.workload;
    const inMesh = world.meshModeOf(w) !== 'none';
    return inMesh
      ? { principal: `cluster.local/ns/${w.namespace}/sa/${w.serviceAccount}`, namespace: w.namespace, serviceAccount: w.serviceAccount, ips: w.ips }
      : { ips: w.ips };
  }
  if (source.kind === 'cidr') return { ips: [source.cidr.split('/')[0]] };
  return { ips: [] };
}

const noPolicySteps = new Map<EnforcerId, IstioStep>();

function noPolicyStep(enforcer: EnforcerId): IstioStep {
  let step = noPolicySteps.get(enforcer);
  if (!step) noPolicySteps.set(enforcer, (step = { enforcer, verdict: 'allow', reason: 'no ALLOW policy applies to the workload', rules: [], l7: [] }));
  return step;
}

function authorize(policies: readonly PolicySource[], enforcer: EnforcerId, chain: Chain, peer: Peer, port: number, request: IstioRequest | undefined): IstioStep {
  // No policy at this enforcement point (most destinations, asked at every port of every flow): what the
  // CUSTOM -> DENY -> ALLOW walk below gives for an empty list, one object per enforcer.
  if (policies.length === 0) return noPolicyStep(enforcer);
  const byAction = (a: string): PolicySource[] => policies.filter((p) => actionOf(p) === a);
  const matching = (list: PolicySource[], action: string): { refs: IstioRuleRef[]; maybe: IstioRuleRef[]; l7: L7Constraint[] } => {
    const refs: IstioRuleRef[] = [];
    const maybe: IstioRuleRef[] = [];
    const l7: L7Constraint[] = [];
    for (const policy of list) {
      const converted = chain === 'ztunnel' ? ztunnelView(policy) : undefined;
      rulesOf(policy).forEach((rule, i) => {
        // ztunnel evaluates istiod's conversion of the rule (enforcement/ztunnelConversion.ts), or nothing.
        const ztunnelRule = converted?.rules[i]?.converted;
        const m = converted ? (ztunnelRule ? matchRule(ztunnelRule, action, 'ztunnel', peer, port, request) : 'no') : matchRule(rule, action, chain, peer, port, request);
        if (m === 'yes') refs.push({ policy, path: ['spec', 'rules', i] });
        else if (m === 'maybe') {
          maybe.push({ policy, path: ['spec', 'rules', i] });
          l7.push(...l7Of(rule));
        }
      });
    }
    return { refs, maybe, l7 };
  };
  if (chain !== 'ztunnel') {
    const custom = matching(byAction('CUSTOM'), 'CUSTOM');
    if (custom.refs.length) return { enforcer, verdict: 'unknown', reason: 'a CUSTOM (ext-authz) policy decides this request', rules: custom.refs, l7: [] };
  }
  const deny = matching(byAction('DENY'), 'DENY');
  if (deny.refs.length) return { enforcer, verdict: 'deny', reason: 'matched a DENY policy', rules: deny.refs, l7: [] };
  const allowPolicies = byAction('ALLOW');
  if (allowPolicies.length === 0) {
    return { enforcer, verdict: 'allow', reason: deny.maybe.length ? 'allowed unless a DENY rule on request attributes matches' : 'no ALLOW policy applies to the workload', rules: deny.maybe, l7: [] };
  }
  const allow = matching(allowPolicies, 'ALLOW');
  if (allow.refs.length) return { enforcer, verdict: 'allow', reason: 'matched an ALLOW policy', rules: allow.refs, l7: [] };
  if (allow.maybe.length) return { enforcer, verdict: 'allow', reason: 'allowed only for requests matching the ALLOW rules', rules: allow.maybe, l7: allow.l7 };
  const allowNothing = allowPolicies.every((p) => rulesOf(p).length === 0);
  const dropped = chain === 'ztunnel' && allowPolicies.some((p) => ztunnelView(p).rules.some((r) => r.effect === 'dropped'));
  return {
    enforcer,
    verdict: 'deny',
    reason: allowNothing
      ? 'allow-nothing policy: an ALLOW policy with no rules'
      : dropped
        ? 'ztunnel dropped the ALLOW rules that use HTTP attributes (fail closed); attach HTTP rules to a waypoint with targetRefs'
        : chain === 'tcp' && allowPolicies.some((p) => rulesOf(p).some((r) => hasHttpAttributes(r)))
          ? 'ALLOW rules with HTTP-only fields are skipped on a TCP port (no Service port names it HTTP; give a request to evaluate HTTP)'
          : 'no ALLOW rule matches',
    rules: allowPolicies.map((policy) => ({ policy, path: ['spec'] })),
    l7: [],
  };
}

/**
 * Whether a sidecar's TCP filter chain cannot read an attribute (the HTTP-only ones). The knowledge lives in
 * enforcement/istioAttributeTable.ts, with its upstream per row; unknown fields are kept (and not evaluated
 * offline). ztunnel's view is istiod's conversion (enforcement/ztunnelConversion.ts), not decided here.
 */
function unreadableOnTcp(row: IstioAttributeRow | undefined): boolean {
  return row?.httpOnly ?? false;
}

function fieldRow(kind: 'source' | 'operation', key: string): IstioAttributeRow | undefined {
  return kind === 'source' ? istioSourceAttribute(key) : istioOperationAttribute(key);
}

function isHttpWhen(key: string): boolean {
  return unreadableOnTcp(istioConditionKey(key));
}

/** A rule using any attribute a TCP chain cannot read: ALLOW drops it there (semantics §B.5). */
function hasHttpAttributes(rule: Record<string, unknown>): boolean {
  const present = (fields: Record<string, unknown>, kind: 'source' | 'operation'): boolean =>
    Object.keys(fields).some((k) => fields[k] !== undefined && fields[k] !== null && unreadableOnTcp(fieldRow(kind, k)));
  return (
    list(rule.from).some((f) => present(record(record(f).source), 'source')) ||
    list(rule.to).some((t) => present(record(record(t).operation), 'operation')) ||
    list(rule.when).some((w) => isHttpWhen(String(record(w).key ?? '')))
  );
}

/** Matches one rule; at ztunnel the rule is already istiod's conversion, so nothing is stripped here. */
function matchRule(rule: Record<string, unknown>, action: string, chain: Chain, peer: Peer, port: number, request: IstioRequest | undefined): Match {
  const ignoreHttp = chain === 'tcp';
  // ALLOW on a TCP chain: a rule with any HTTP attribute is dropped entirely.
  if (ignoreHttp && action !== 'DENY' && hasHttpAttributes(rule)) return 'no';
  let result: Match = 'yes';
  const combine = (m: Match): void => {
    if (m === 'no') result = 'no';
    else if (m === 'maybe' && result === 'yes') result = 'maybe';
  };
  if (rule.from !== undefined) combine(anyOf(list(rule.from).map((f) => matchFields(record(record(f).source), 'source', ignoreHttp, peer, port, request))));
  if (rule.to !== undefined) combine(anyOf(list(rule.to).map((t) => matchFields(record(record(t).operation), 'operation', ignoreHttp, peer, port, request))));
  for (const w of list(rule.when)) {
    const condition = record(w);
    const key = String(condition.key ?? '');
    // A TCP chain ignores an HTTP-only condition.
    if (ignoreHttp && isHttpWhen(key)) continue;
    combine(matchCondition(key, condition, peer, port, request));
  }
  return result;
}

function anyOf(matches: Match[]): Match {
  if (matches.includes('yes')) return 'yes';
  return matches.includes('maybe') ? 'maybe' : 'no';
}

function matchFields(fields: Record<string, unknown>, kind: 'source' | 'operation', ignoreHttp: boolean, peer: Peer, port: number, request: IstioRequest | undefined): Match {
  const present = Object.keys(fields).filter((k) => fields[k] !== undefined && fields[k] !== null);
  const kept = ignoreHttp ? present.filter((k) => !unreadableOnTcp(fieldRow(kind, k))) : present;
  let result: Match = 'yes';
  for (const key of kept) {
    const values = list(fields[key]).map(String);
    const m = matchField(key, values, peer, port, request);
    if (m === 'no') return 'no';
    if (m === 'maybe') result = 'maybe';
  }
  return result;
}

function matchField(key: string, values: string[], peer: Peer, port: number, request: IstioRequest | undefined): Match {
  const negated = key.startsWith('not');
  const base = negated ? key[3].toLowerCase() + key.slice(4) : key;
  let m: Match;
  switch (base) {
    case 'principals':
      m = peer.principal !== undefined && values.some((v) => stringMatch(v, peer.principal!)) ? 'yes' : 'no';
      break;
    case 'namespaces':
      m = peer.namespace !== undefined && values.some((v) => stringMatch(v, peer.namespace!)) ? 'yes' : 'no';
      break;
    case 'serviceAccounts':
      m = peer.serviceAccount !== undefined && values.some((v) => v === `${peer.namespace}/${peer.serviceAccount}` || v === peer.serviceAccount) ? 'yes' : 'no';
      break;
    case 'ipBlocks':
    case 'remoteIpBlocks':
      m = peer.ips.some((ip) => values.some((v) => { const outer = parseCidr(v); const inner = parseCidr(ip); return outer !== undefined && inner !== undefined && rangeContains(outer, inner); })) ? 'yes' : 'no';
      break;
    case 'ports':
      m = values.some((v) => Number(v) === port) ? 'yes' : 'no';
      break;
    case 'requestPrincipals': {
      if (!request) return 'maybe';
      const principal = request.jwt?.valid && request.jwt.issuer ? `${request.jwt.issuer}/${request.jwt.subject ?? ''}` : undefined;
      m = principal !== undefined && values.some((v) => stringMatch(v, principal)) ? 'yes' : 'no';
      break;
    }
    case 'methods':
      if (!request) return 'maybe';
      m = request.method !== undefined && values.some((v) => v === request.method) ? 'yes' : 'no';
      break;
    case 'paths':
      if (!request) return 'maybe';
      m = request.path !== undefined && values.some((v) => stringMatch(v, request.path!)) ? 'yes' : 'no';
      break;
    case 'hosts':
      if (!request) return 'maybe';
      m = request.host !== undefined && values.some((v) => stringMatch(v.toLowerCase(), request.host!.toLowerCase())) ? 'yes' : 'no';
      break;
    default:
      // trustDomains and unknown fields: not evaluated offline.
      return 'maybe';
  }
  return negated ? (m === 'yes' ? 'no' : 'yes') : m;
}

function matchCondition(key: string, condition: Record<string, unknown>, peer: Peer, port: number, request: IstioRequest | undefined): Match {
  const actual = conditionValues(key, peer, port, request);
  if (actual === 'maybe') return 'maybe';
  const values = list(condition.values).map(String);
  const notValues = list(condition.notValues).map(String);
  if (values.length > 0 && !actual.some((a) => values.some((v) => stringMatch(v, a)))) return 'no';
  if (notValues.length > 0 && actual.some((a) => notValues.some((v) => stringMatch(v, a)))) return 'no';
  return 'yes';
}

function conditionValues(key: string, peer: Peer, port: number, request: IstioRequest | undefined): string[] | 'maybe' {
  if (key === 'source.namespace') return peer.namespace ? [peer.namespace] : [];
  if (key === 'source.principal') return peer.principal ? [peer.principal] : [];
  if (key === 'source.ip') return [...peer.ips];
  if (key === 'destination.port') return [String(port)];
  if (!request) return 'maybe';
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) {
    const name = header[1].toLowerCase();
    const found = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === name);
    return found ? [found[1]] : [];
  }
  const claim = /^request\.auth\.claims\[(.+)\]$/.exec(key);
  if (claim) return request.jwt?.valid ? [...(request.jwt.claims?.[claim[1]] ?? [])] : [];
  if (key === 'request.auth.principal') return request.jwt?.valid && request.jwt.issuer ? [`${request.jwt.issuer}/${request.jwt.subject ?? ''}`] : [];
  return 'maybe';
}

/** Istio string match: exact, `prefix*`, `*suffix`, or `*` (presence). */
function stringMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  return pattern === value;
}

/** A request with an invalid token is rejected (401) wherever a RequestAuthentication applies. */
function checkJwt(world: IstioWorld, destination: Workload, request: IstioRequest | undefined, enforcer: EnforcerId, chain: Chain): IstioStep | undefined {
  if (chain !== 'http' || !request?.jwt || request.jwt.valid) return undefined;
  const ra = world.requestAuthentications.find((p) => appliesBySelector(world, p, destination));
  if (!ra) return undefined;
  return { enforcer, verdict: 'deny', reason: 'RequestAuthentication rejects the invalid token (401)', rules: [{ policy: ra, path: ['spec', 'jwtRules'] }], l7: [] };
}

function l7Of(rule: Record<string, unknown>): L7Constraint[] {
  const out: L7Constraint[] = [];
  for (const t of list(rule.to)) {
    const op = record(record(t).operation);
    const methods = list(op.methods).map(String);
    const paths = list(op.paths).map(String);
    const hosts = list(op.hosts).map(String);
    for (const method of methods.length ? methods : [undefined]) {
      for (const path of paths.length ? paths : [undefined]) {
        out.push({ kind: 'http', ...(method ? { method } : {}), ...(path ? { path } : {}), ...(hosts.length ? { host: hosts.join('|') } : {}) });
      }
    }
  }
  if (out.length === 0) out.push({ kind: 'http', headers: list(rule.when).map((w) => `${record(w).key}`) });
  return out;
}

const ztunnelViews = new WeakMap<PolicySource, ZtunnelPolicyOutcome>();

/** What ztunnel receives of a policy, converted once per policy object. */
function ztunnelView(policy: PolicySource): ZtunnelPolicyOutcome {
  let view = ztunnelViews.get(policy);
  if (!view) {
    view = convertForZtunnel(record(policy.value.spec));
    ztunnelViews.set(policy, view);
  }
  return view;
}

function actionOf(policy: PolicySource): string {
  const action = record(policy.value.spec).action;
  return typeof action === 'string' ? action : 'ALLOW';
}

function rulesOf(policy: PolicySource): Record<string, unknown>[] {
  return list(record(policy.value.spec).rules).map(record);
}

/** Selector/namespace/root attachment: one owner, workspace/istioAttachment.ts. */
function appliesBySelector(world: IstioWorld, policy: PolicySource, workload: Workload): boolean {
  return attachesToWorkload(policy, workload, world.rootNamespace);
}

function strictMtls(world: IstioWorld, workload: Workload, port: number): PolicySource | undefined {
  const candidates = world.peerAuthentications;
  if (candidates.length === 0) return undefined;
  const modeAt = (p: PolicySource): string | undefined => {
    const spec = record(p.value.spec);
    const portLevel = record(spec.portLevelMtls)[String(port)];
    const mode = record(portLevel).mode ?? record(spec.mtls).mode;
    return typeof mode === 'string' && mode !== 'UNSET' ? mode : undefined;
  };
  const selectorOf = (p: PolicySource) => istioSelectorLabels(record(p.value.spec));
  const workloadLevel = candidates.find((p) => p.namespace === workload.namespace && selectorOf(p) && labelsMatch(selectorOf(p)!, workload.labels) && modeAt(p));
  const namespaceLevel = candidates.find((p) => p.namespace === workload.namespace && !selectorOf(p) && modeAt(p));
  const meshLevel = candidates.find((p) => p.namespace === world.rootNamespace && !selectorOf(p) && modeAt(p));
  const effective = workloadLevel ?? namespaceLevel ?? meshLevel;
  return effective && modeAt(effective) === 'STRICT' ? effective : undefined;
}

function isHttpPort(world: IstioWorld, workload: Workload, port: number): boolean {
  for (const service of world.services) {
    if (service.namespace !== workload.namespace || !service.selector || Object.keys(service.selector).length === 0) continue;
    if (!Object.entries(service.selector).every(([k, v]) => workload.labels[k] === v)) continue;
    for (const p of service.ports) {
      const target = typeof p.targetPort === 'number' ? p.targetPort : workload.ports.find((c) => c.name === p.targetPort)?.port;
      if (target !== port && p.port !== port) continue;
      const proto = (p.appProtocol ?? p.name ?? '').toLowerCase().split('-')[0];
      return ['http', 'http2', 'grpc', 'grpc-web', 'h2c'].includes(proto);
    }
  }
  return false;
}

/** The waypoint serving a workload: its Service's (or namespace's) for service traffic, else the pod's own (workspace/waypoints.ts). */
export function waypointFor(world: IstioWorld, workload: Workload): WaypointInfo | undefined {
  const ns = world.namespaceOf(workload.namespace);
  const find = (use: { name: string; namespace: string } | undefined) => (use ? world.waypoints.find((w) => w.name === use.name && w.namespace === use.namespace) : undefined);
  for (const service of world.services) {
    if (service.namespace !== workload.namespace || !service.selector || !labelsMatch(service.selector, workload.labels)) continue;
    const waypoint = find(useWaypointForService(service.labels, ns.labels, workload.namespace));
    if (waypoint && acceptsServiceTraffic(waypoint)) return waypoint;
  }
  const podWaypoint = find(useWaypointForPod(workload.labels, workload.namespace));
  return podWaypoint && acceptsWorkloadTraffic(podWaypoint) ? podWaypoint : undefined;
}

function targetsWaypoint(world: IstioWorld, policy: PolicySource, waypoint: WaypointInfo, workload: Workload): boolean {
  return targetRefsOf(record(policy.value.spec)).some((ref) => {
    if (ref.kind === 'Gateway') return policy.namespace === waypoint.namespace && ref.name === waypoint.name;
    if (ref.kind === 'GatewayClass') return policy.namespace === world.rootNamespace && ref.name === WAYPOINT_CLASS;
    if (ref.kind === 'Service') {
      return policy.namespace === workload.namespace && world.services.some((s) => s.name === ref.name && s.namespace === workload.namespace && !!s.selector && labelsMatch(s.selector, workload.labels));
    }
    return false;
  });
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
