// Istio authorization semantics at sidecar, ztunnel and waypoint, one tiny workspace per rule
// (../shared/design/semantics.md §B.3-B.6 and §E 23-38).
import { describe, expect, it } from 'vitest';
import { authz, cnp, deployment, flow, modelOf, namespace, netpol, verdict, type K8sObject } from './trafficFixture';

const ambient = [namespace('foo', { 'istio.io/dataplane-mode': 'ambient' }), namespace('bar', { 'istio.io/dataplane-mode': 'ambient' }), deployment('foo', 'httpbin', { app: 'httpbin' }, { sa: 'httpbin', ports: [{ containerPort: 8000 }] }), deployment('foo', 'sleep', { app: 'sleep' }, { sa: 'sleep' }), deployment('bar', 'other', { app: 'other' }, { sa: 'other' })];
const sidecar = [namespace('foo', { 'istio-injection': 'enabled' }), deployment('foo', 'httpbin', { app: 'httpbin' }, { sa: 'httpbin' }), deployment('foo', 'sleep', { app: 'sleep' }, { sa: 'sleep' })];
const httpService: K8sObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'foo' }, spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000 }] } };
const selector = { matchLabels: { app: 'httpbin' } };

describe('Istio in ambient mode (ztunnel)', () => {
  it('allows everything without AuthorizationPolicy (E23)', () => {
    expect(verdict(modelOf(ambient), 'bar/other', 'foo/httpbin', 8000)).toBe('allow');
  });

  it('allows listed principals only (E24)', () => {
    const model = modelOf([...ambient, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/foo/sa/sleep'] } }] }] })]);
    expect(verdict(model, 'foo/sleep', 'foo/httpbin', 8000)).toBe('allow');
    const other = flow(model, 'bar/other', 'foo/httpbin', 8000);
    expect(other.verdict).toBe('deny');
    expect(other.steps.at(-1)).toMatchObject({ enforcer: 'istio-ztunnel', direction: 'authz' });
  });

  it('drops ALLOW rules with HTTP attributes and fails closed (E25)', () => {
    const model = modelOf([...ambient, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/foo/sa/sleep'] } }], to: [{ operation: { methods: ['GET'] } }] }] })]);
    const result = flow(model, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'GET', path: '/' });
    expect(result.verdict).toBe('deny');
    expect(result.steps.at(-1)?.reason).toMatch(/ztunnel dropped/);
  });

  it('makes a DENY on HTTP attributes alone a no-op, and a DENY with ports wider (E26, E29)', () => {
    const methodsOnly = modelOf([...ambient, authz('foo', 'p', { selector, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] })]);
    expect(verdict(methodsOnly, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'POST', path: '/' })).toBe('allow');
    const withPort = modelOf([...ambient, authz('foo', 'p', { selector, action: 'DENY', rules: [{ to: [{ operation: { ports: ['8000'], methods: ['POST'] } }] }] })]);
    expect(verdict(withPort, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'GET', path: '/' })).toBe('deny');
    expect(verdict(withPort, 'foo/sleep', 'foo/httpbin', 9000)).toBe('allow');
  });

  it('denies everything with an allow-nothing policy (E36) and applies root-namespace policies mesh-wide (E35)', () => {
    expect(verdict(modelOf([...ambient, authz('foo', 'nothing', {})]), 'foo/sleep', 'foo/httpbin', 8000)).toBe('deny');
    const root = modelOf([...ambient, namespace('istio-system'), authz('istio-system', 'mesh', { action: 'ALLOW', rules: [{ from: [{ source: { namespaces: ['foo'] } }] }] })]);
    expect(verdict(root, 'foo/sleep', 'foo/httpbin', 8000)).toBe('allow');
    expect(verdict(root, 'bar/other', 'foo/httpbin', 8000)).toBe('deny');
  });

  it('refuses plaintext from outside the mesh under PeerAuthentication STRICT (E37)', () => {
    const model = modelOf([...ambient, namespace('legacy'), deployment('legacy', 'client', { app: 'client' }), { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'strict', namespace: 'foo' }, spec: { mtls: { mode: 'STRICT' } } }]);
    expect(verdict(model, 'legacy/client', 'foo/httpbin', 8000)).toBe('deny');
    expect(verdict(model, 'foo/sleep', 'foo/httpbin', 8000)).toBe('allow');
  });

  it('evaluates targetRefs policies at the waypoint, and ztunnel sees the waypoint identity (E32, E34)', () => {
    const objects = [
      ...ambient,
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'foo', labels: { 'istio.io/use-waypoint': 'waypoint' } }, spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000 }] } },
      { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'foo' }, spec: { gatewayClassName: 'istio-waypoint' } },
      authz('foo', 'get-only', { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'] } }] }] }),
    ];
    const model = modelOf(objects);
    expect(verdict(model, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'GET', path: '/' })).toBe('allow');
    const post = flow(model, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'POST', path: '/' });
    expect(post.verdict).toBe('deny');
    expect(post.steps.find((s) => s.verdict === 'deny')?.enforcer).toBe('istio-waypoint');
    const bySa = modelOf([...objects.slice(0, -1), authz('foo', 'sleep-only', { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/foo/sa/sleep'] } }] }] })]);
    expect(verdict(bySa, 'foo/sleep', 'foo/httpbin', 8000)).toBe('deny');
  });
});

describe('Istio with sidecars', () => {
  it('widens a DENY with HTTP fields to all TCP on a TCP port (E27) and applies it per request on HTTP (E28)', () => {
    const deny = authz('foo', 'p', { selector, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] });
    expect(verdict(modelOf([...sidecar, deny]), 'foo/sleep', 'foo/httpbin', 9000)).toBe('deny');
    const http = modelOf([...sidecar, httpService, deny]);
    expect(verdict(http, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'POST', path: '/' })).toBe('deny');
    expect(verdict(http, 'foo/sleep', 'foo/httpbin', 8000, 'TCP', { method: 'GET', path: '/' })).toBe('allow');
  });

  it('skips ALLOW rules with HTTP fields on a TCP port, refusing every port (E38)', () => {
    const model = modelOf([...sidecar, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ to: [{ operation: { methods: ['GET'], ports: ['9000'] } }] }] })]);
    expect(verdict(model, 'foo/sleep', 'foo/httpbin', 9000)).toBe('deny');
    expect(verdict(model, 'foo/sleep', 'foo/httpbin', 9001)).toBe('deny');
  });

  it('does not proxy UDP: Istio policies leave DNS alone (E21b)', () => {
    expect(verdict(modelOf([...sidecar, authz('foo', 'nothing', {})]), 'foo/sleep', 'foo/httpbin', 53, 'UDP')).toBe('allow');
  });

  it('combines with Cilium: an Istio allow cannot bypass a Cilium deny (§C)', () => {
    const model = modelOf([...sidecar, cnp('foo', 'lock', { endpointSelector: { matchLabels: { app: 'httpbin' } }, ingress: [{}] })]);
    const result = flow(model, 'foo/sleep', 'foo/httpbin', 8000);
    expect(result.verdict).toBe('deny');
    expect(result.steps.map((s) => s.enforcer)).toEqual(['cilium-bpf', 'cilium-bpf', 'istio-sidecar']);
  });
});

describe('ambient traffic at the Cilium and NetworkPolicy gates', () => {
  it('sees mesh traffic into ambient pods as HBONE on TCP 15008 at the Cilium/NetworkPolicy gates (E22)', () => {
    const appPortOnly = netpol('foo', 'only-9090', { podSelector: { matchLabels: { app: 'httpbin' } }, ingress: [{ ports: [{ port: 9090 }] }] });
    const objects = [...ambient, namespace('legacy'), deployment('legacy', 'client', { app: 'client' }), appPortOnly];
    const mesh = flow(modelOf(objects), 'foo/sleep', 'foo/httpbin', 9090);
    expect(mesh.verdict).toBe('deny');
    expect(mesh.steps.find((s) => s.direction === 'ingress')?.reason).toContain('HBONE on TCP 15008');
    // Plaintext from outside the mesh still arrives on the app port.
    expect(verdict(modelOf(objects), 'legacy/client', 'foo/httpbin', 9090)).toBe('allow');
    const withHbone = netpol('foo', 'hbone', { podSelector: { matchLabels: { app: 'httpbin' } }, ingress: [{ ports: [{ port: 15008 }] }] });
    expect(verdict(modelOf([...objects, withHbone]), 'foo/sleep', 'foo/httpbin', 9090)).toBe('allow');
  });
});

// Which attributes each proxy can read comes from enforcement/istioAttributeTable.ts; these cases are where
// the graph's former private lists disagreed with it, decided by istiod's ambient/authorization.go
// (httpSources, l4WhenAttributes) and pilot/pkg/security/authz/model (TCP chain).
describe('Istio attributes each proxy can read (one table with the enforcement pass)', () => {
  const sleepPrincipal = { principals: ['cluster.local/ns/foo/sa/sleep'] };

  it('ztunnel drops an ALLOW rule using trustDomains, which its conversion reports as unsupported', () => {
    const model = modelOf([...ambient, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ from: [{ source: { ...sleepPrincipal, trustDomains: ['cluster.local'] } }] }] })]);
    const result = flow(model, 'foo/sleep', 'foo/httpbin', 8000);
    expect(result.verdict).toBe('deny');
    expect(result.steps.at(-1)?.reason).toMatch(/ztunnel dropped/);
  });

  it('ztunnel drops an ALLOW rule with an experimental.envoy.filters when key (not one of the five L4 keys)', () => {
    const when = [{ key: 'experimental.envoy.filters.network.mysql_proxy[db.table]', values: ['t'] }];
    const model = modelOf([...ambient, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ from: [{ source: sleepPrincipal }], when }] })]);
    expect(flow(model, 'foo/sleep', 'foo/httpbin', 8000).steps.at(-1)?.reason).toMatch(/ztunnel dropped/);
  });

  it('a sidecar TCP chain keeps ALLOW rules whose when keys it can evaluate (connection.sni), but skips HTTP ones', () => {
    const sni = modelOf([...sidecar, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ from: [{ source: sleepPrincipal }], when: [{ key: 'connection.sni', values: ['httpbin.foo'] }] }] })]);
    const kept = flow(sni, 'foo/sleep', 'foo/httpbin', 9000);
    expect(kept.verdict).toBe('allow');
    expect(kept.steps.at(-1)?.reason).toMatch(/allowed only for requests matching/);
    const header = modelOf([...sidecar, authz('foo', 'p', { selector, action: 'ALLOW', rules: [{ from: [{ source: sleepPrincipal }], when: [{ key: 'request.headers[x-user]', values: ['a'] }] }] })]);
    expect(flow(header, 'foo/sleep', 'foo/httpbin', 9000).steps.at(-1)?.reason).toMatch(/HTTP-only fields are skipped on a TCP port/);
  });
});
