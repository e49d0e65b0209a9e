// The connectivity diff on tiny workspaces, one kind of change each. Every case is also computed exhaustively
// (every pair evaluated): the incremental selection of pairs must find exactly the same changes.
import { describe, expect, it } from 'vitest';
import { diffConnectivity } from '../../../server/src/analysis/diff/connectivityDiff';
import type { ConnectivityDiff, FlowChange } from '../../../server/src/analysis/diff/diffModel';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import type { TrafficModel } from '../../../server/src/analysis/graph/trafficModel';
import { authz, cnp, deployment, namespace, netpol, yamlOf, type K8sObject } from '../graph/trafficFixture';

/** One file per object group, named the same on both sides, as a repository's revisions are. */
function model(files: Record<string, readonly K8sObject[]>): TrafficModel {
  return analyzeWorkspaceTraffic(Object.entries(files).map(([file, objects]) => ({ file, text: yamlOf(objects) }))).model;
}

function diff(base: Record<string, readonly K8sObject[]>, head: Record<string, readonly K8sObject[]>): ConnectivityDiff {
  const b = model(base);
  const h = model(head);
  const result = diffConnectivity(b, h);
  // The pairs a change can reach must be enough: evaluating every pair finds nothing more.
  expect(summary(diffConnectivity(b, h, { exhaustive: true }).changes)).toEqual(summary(result.changes));
  return result;
}

function summary(changes: readonly FlowChange[]): string[] {
  return changes.map((c) => `${c.kind} ${c.from.id} -> ${c.to.id}: ${c.base?.ports ?? '-'} => ${c.head?.ports ?? '-'} [${c.aspects.join(',')}]${c.opens ? ' opens' : ''}${c.closes ? ' closes' : ''}`);
}

const shop = [namespace('shop'), deployment('shop', 'a', { app: 'a' }), deployment('shop', 'b', { app: 'b' }), deployment('shop', 'web', { app: 'web' }, { ports: [{ containerPort: 80 }, { containerPort: 8080 }] })];
const webFrom = (from: K8sObject, ports: K8sObject[] = [{ port: '80', protocol: 'TCP' }], rules?: K8sObject): K8sObject => ({ fromEndpoints: [from], toPorts: [{ ports, ...(rules ? { rules } : {}) }] });

describe('connectivity diff', () => {
  it('finds nothing between identical revisions', () => {
    const files = { 'w.yaml': shop, 'p.yaml': [cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchLabels: { app: 'a' } })] })] };
    expect(diff(files, files).changes).toEqual([]);
  });

  it('rule added: the new peer gains a flow, opened by the new rule', () => {
    const one = cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchLabels: { app: 'a' } })] });
    const two = cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchLabels: { app: 'a' } }), webFrom({ matchLabels: { app: 'b' } })] });
    const result = diff({ 'w.yaml': shop, 'p.yaml': [one] }, { 'w.yaml': shop, 'p.yaml': [two] });
    expect(summary(result.changes)).toEqual(['added shop/b -> shop/web: No Connections => TCP 80 [verdict,ports] opens']);
    const [added] = result.changes;
    expect(added.head?.rules.map((r) => `${r.file} ${r.path} line ${r.range.start.line}`)).toEqual(['p.yaml spec.ingress[1].toPorts[0] line 0']);
    expect(added.head).toMatchObject({ verdict: 'allow', enforcers: ['cilium-bpf'], layer: 'L4' });
    expect(added.base?.rules.length).toBeGreaterThan(0);
  });

  it('selector widened: every workload of the namespace now reaches web', () => {
    const narrow = cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchLabels: { app: 'a' } })] });
    const wide = cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchExpressions: [{ key: 'app', operator: 'In', values: ['a', 'b'] }] })] });
    expect(summary(diff({ 'w.yaml': shop, 'p.yaml': [narrow] }, { 'w.yaml': shop, 'p.yaml': [wide] }).changes)).toEqual(['added shop/b -> shop/web: No Connections => TCP 80 [verdict,ports] opens']);
  });

  it('port changed: the flow changes ports, opening one and closing the other', () => {
    const on = (port: string) => netpol('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: Number(port) }] }] });
    const result = diff({ 'w.yaml': shop, 'p.yaml': [on('80')] }, { 'w.yaml': shop, 'p.yaml': [on('8080')] });
    expect(summary(result.changes)).toEqual(['changed shop/a -> shop/web: TCP 80 => TCP 8080 [ports] opens closes']);
    expect(result.changes[0].head?.enforcers).toEqual(['k8s-netpol']);
  });

  it('L7 narrowed: same port, now only GET /public passes', () => {
    const l4 = cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchLabels: { app: 'a' } })] });
    const l7 = cnp('shop', 'web', { endpointSelector: { matchLabels: { app: 'web' } }, ingress: [webFrom({ matchLabels: { app: 'a' } }, undefined, { http: [{ method: 'GET', path: '/public' }] })] });
    const result = diff({ 'w.yaml': shop, 'p.yaml': [l4] }, { 'w.yaml': shop, 'p.yaml': [l7] });
    expect(summary(result.changes)).toEqual(['changed shop/a -> shop/web: TCP 80 => TCP 80 [l7,enforcer,layer] closes']);
    const [changed] = result.changes;
    expect(changed.head?.l7).toEqual([{ ports: 'TCP 80', constraints: [{ kind: 'http', method: 'GET', path: '/public' }] }]);
    expect(changed.head).toMatchObject({ enforcers: ['cilium-envoy'], layer: 'L7' });
    expect(changed.base).toMatchObject({ enforcers: ['cilium-bpf'], layer: 'L4', l7: [] });
  });

  it('policy deleted: the workload it isolated accepts everything again, from workloads and the outside', () => {
    const only = netpol('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] }] });
    const result = diff({ 'w.yaml': shop, 'p.yaml': [only] }, { 'w.yaml': shop });
    expect(summary(result.changes)).toEqual([
      'changed shop/a -> shop/web: TCP 80 => All Connections [ports] opens',
      'added ip:0.0.0.0-255.255.255.255 -> shop/web: No Connections => All Connections [verdict,ports] opens',
      'added shop/b -> shop/web: No Connections => All Connections [verdict,ports] opens',
    ]);
    // The removed policy is named on the base side, where it decided.
    expect(result.changes[2].base?.rules.map((r) => r.policy)).toEqual(['shop/web']);
  });

  it('Namespace label changed: leaving the ambient mesh drops the AuthorizationPolicy, so b reaches web', () => {
    const policy = authz('shop', 'web', { selector: { matchLabels: { app: 'web' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/a'] } }] }] });
    const workloads = (labels: Record<string, string>) => [namespace('shop', labels), deployment('shop', 'a', { app: 'a' }, { sa: 'a' }), deployment('shop', 'b', { app: 'b' }, { sa: 'b' }), deployment('shop', 'web', { app: 'web' }, { ports: [{ containerPort: 8080 }] })];
    const result = diff({ 'w.yaml': workloads({ 'istio.io/dataplane-mode': 'ambient' }), 'p.yaml': [policy] }, { 'w.yaml': workloads({}), 'p.yaml': [policy] });
    const toWeb = result.changes.filter((c) => c.to.id === 'shop/web');
    expect(toWeb.find((c) => c.from.id === 'shop/b')).toMatchObject({ kind: 'changed', opens: true, closes: false });
    expect(toWeb.find((c) => c.from.id === 'shop/b')?.base?.ports).not.toBe('All Connections');
    expect(toWeb.find((c) => c.from.id === 'shop/b')?.head?.ports).toBe('All Connections');
    // In the base the ztunnel refused b's TCP; only what Istio does not see (UDP, SCTP) passed.
    expect(toWeb.find((c) => c.from.id === 'shop/b')?.base?.ports).toBe('SCTP 1-65535,UDP 1-65535,ICMP');
  });

  it('Istio DENY added: b loses TCP to web under sidecars, named by the DENY policy', () => {
    const workloads = [namespace('shop', { 'istio-injection': 'enabled' }), deployment('shop', 'a', { app: 'a' }, { sa: 'a' }), deployment('shop', 'b', { app: 'b' }, { sa: 'b' }), deployment('shop', 'web', { app: 'web' }, { ports: [{ containerPort: 8080 }] })];
    const deny = authz('shop', 'deny-b', { selector: { matchLabels: { app: 'web' } }, action: 'DENY', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/b'] } }] }] });
    const result = diff({ 'w.yaml': workloads }, { 'w.yaml': workloads, 'deny.yaml': [deny] });
    expect(result.changes).toHaveLength(1);
    const [change] = result.changes;
    expect(change).toMatchObject({ from: { id: 'shop/b' }, to: { id: 'shop/web' }, opens: false, closes: true });
    expect(change.head?.ports).not.toContain('TCP');
    expect(change.head?.rules.map((r) => r.file)).toEqual([]);
  });
});
