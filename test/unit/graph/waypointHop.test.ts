// After a waypoint hop Cilium sees the waypoint, not the client (semantics.md §C.2, §C.3).
// Upstream: istio.io docs/ambient/architecture/data-plane (client ztunnel → waypoint → destination ztunnel, HBONE),
// istio.io docs/ambient/usage/networkpolicy (policies on ambient pods must allow HBONE 15008), istio
// manifests/charts/istio-control/istio-discovery/files/waypoint.yaml (waypoint pods carry
// gateway.networking.k8s.io/gateway-name and run as the Gateway's service account; other labels come from
// infrastructure settings), cilium pkg/policy/api/ingress.go (fromEndpoints match the peer's identity labels).
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { cnp, deployment, flow, modelOf, namespace, type K8sObject } from './trafficFixture';

const GW = 'gateway.networking.k8s.io/gateway-name';
const mesh = [
  namespace('foo', { 'istio.io/dataplane-mode': 'ambient' }),
  namespace('bar', { 'istio.io/dataplane-mode': 'ambient' }),
  deployment('foo', 'httpbin', { app: 'httpbin' }, { sa: 'httpbin', ports: [{ containerPort: 8000 }] }),
  deployment('foo', 'sleep', { app: 'sleep' }, { sa: 'sleep' }),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'httpbin', namespace: 'foo', labels: { 'istio.io/use-waypoint': 'waypoint' } }, spec: { selector: { app: 'httpbin' }, ports: [{ name: 'http', port: 8000 }] } },
  { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'waypoint', namespace: 'foo' }, spec: { gatewayClassName: 'istio-waypoint' } },
];
/** The waypoint's own Deployment, as istio's waypoint template renders it. */
const waypointDeployment = deployment('foo', 'waypoint', { [GW]: 'waypoint', 'gateway.networking.k8s.io/gateway-class-name': 'istio-waypoint', 'istio.io/dataplane-mode': 'none' }, { sa: 'waypoint' });

const ingressFrom = (name: string, from: Record<string, string>, port = '15008'): K8sObject =>
  cnp('foo', name, { endpointSelector: { matchLabels: { app: 'httpbin' } }, ingress: [{ fromEndpoints: [{ matchLabels: from }], toPorts: [{ ports: [{ port, protocol: 'TCP' }] }] }] });
const sleepEgressTo = (to: Record<string, string>, port = '15008'): K8sObject =>
  cnp('foo', 'sleep-out', { endpointSelector: { matchLabels: { app: 'sleep' } }, egress: [{ toEndpoints: [{ matchLabels: to }], toPorts: [{ ports: [{ port, protocol: 'TCP' }] }] }] });

describe('Cilium gates on the waypoint path (client → waypoint → destination, HBONE TCP 15008)', () => {
  const table: [string, K8sObject[], 'allow' | 'deny' | 'unknown', { direction: string; verdict: string; reason: RegExp }][] = [
    ['destination ingress allows the waypoint on 15008', [waypointDeployment, ingressFrom('from-wp', { [GW]: 'waypoint' })], 'allow', { direction: 'ingress', verdict: 'allow', reason: /Cilium sees waypoint foo\/waypoint, not the client/ }],
    ['destination ingress allowing only the client denies', [waypointDeployment, ingressFrom('from-sleep', { app: 'sleep' })], 'deny', { direction: 'ingress', verdict: 'deny', reason: /default deny.*waypoint foo\/waypoint/ }],
    ['the waypoint on the app port is not enough', [waypointDeployment, ingressFrom('from-wp', { [GW]: 'waypoint' }, '8000')], 'deny', { direction: 'ingress', verdict: 'deny', reason: /HBONE on TCP 15008/ }],
    ['client egress must allow the waypoint, not the destination', [waypointDeployment, sleepEgressTo({ app: 'httpbin' })], 'deny', { direction: 'egress', verdict: 'deny', reason: /to waypoint foo\/waypoint/ }],
    ['client egress to the waypoint on 15008', [waypointDeployment, sleepEgressTo({ [GW]: 'waypoint' })], 'allow', { direction: 'egress', verdict: 'allow', reason: /to waypoint foo\/waypoint/ }],
    ['no Deployment: a selector on other pod labels is unknown', [ingressFrom('from-sleep', { app: 'sleep' })], 'unknown', { direction: 'ingress', verdict: 'unknown', reason: /labels of waypoint foo\/waypoint's pods.*no Deployment/ }],
    ['no Deployment: the gateway-name label istio always sets still matches', [ingressFrom('from-wp', { [GW]: 'waypoint' })], 'allow', { direction: 'ingress', verdict: 'allow', reason: /waypoint foo\/waypoint/ }],
    ['no Deployment: a selector pinned to another namespace denies', [cnp('foo', 'from-bar', { endpointSelector: { matchLabels: { app: 'httpbin' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'bar' } }] }] })], 'deny', { direction: 'ingress', verdict: 'deny', reason: /default deny/ }],
  ];
  it.each(table)('%s', (_name, objects, expected, step) => {
    const result = flow(modelOf([...mesh, ...objects]), 'foo/sleep', 'foo/httpbin', 8000);
    expect(result.verdict).toBe(expected);
    const hopStep = result.steps.find((s) => s.direction === step.direction && s.enforcer.startsWith('cilium'));
    expect(hopStep).toMatchObject({ verdict: step.verdict });
    expect(hopStep?.reason).toMatch(step.reason);
  });

  it('applies the waypoint pod\'s own policies when the workspace holds it', () => {
    const lockWaypoint = cnp('foo', 'wp-lock', { endpointSelector: { matchLabels: { [GW]: 'waypoint' } }, ingress: [{}] });
    const result = flow(modelOf([...mesh, waypointDeployment, lockWaypoint]), 'foo/sleep', 'foo/httpbin', 8000);
    expect(result.verdict).toBe('deny');
    expect(result.steps.map((s) => `${s.direction}:${s.verdict}`)).toEqual(['egress:allow', 'ingress:deny', 'ingress:allow', 'authz:allow', 'authz:allow']);
    expect(result.steps[1].reason).toMatch(/at waypoint foo\/waypoint, from the client/);
  });

  it('leaves a destination without a waypoint to the direct HBONE path', () => {
    const direct = mesh.filter((o) => (o as { kind?: string }).kind !== 'Service');
    const result = flow(modelOf([...direct, ingressFrom('from-sleep', { app: 'sleep' })]), 'foo/sleep', 'foo/httpbin', 8000);
    expect(result.verdict).toBe('allow');
    expect(result.steps.find((s) => s.direction === 'ingress')?.reason).toMatch(/mesh traffic arrives as HBONE/);
  });

  it('keeps UDP direct: ztunnel does not tunnel it through the waypoint', () => {
    const udp = cnp('foo', 'udp', { endpointSelector: { matchLabels: { app: 'httpbin' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'sleep' } }], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }] }] }] });
    expect(flow(modelOf([...mesh, waypointDeployment, udp]), 'foo/sleep', 'foo/httpbin', 53, 'UDP').verdict).toBe('allow');
  });

  it('draws the graph edge with the same verdict explain gives', () => {
    const model = modelOf([...mesh, waypointDeployment, ingressFrom('from-wp', { [GW]: 'waypoint' }), ingressFrom('from-sleep', { app: 'sleep' }, '8000')]);
    const edges = buildTrafficGraph(model).graph.edges.filter((e) => e.from === 'foo/sleep' && e.to === 'foo/httpbin');
    const at8000 = edges.find((e) => e.protocol === 'TCP' && e.port === 8000);
    expect(at8000?.verdict).toBe(flow(model, 'foo/sleep', 'foo/httpbin', 8000).verdict);
    expect(at8000?.verdict).toBe('allow');
  });

  it('marks the graph edge unknown when the waypoint pod is not in the workspace', () => {
    const model = modelOf([...mesh, ingressFrom('from-sleep', { app: 'sleep' })]);
    const edge = buildTrafficGraph(model).graph.edges.find((e) => e.from === 'foo/sleep' && e.to === 'foo/httpbin');
    expect(edge?.verdict).toBe('unknown');
    expect(edge?.reason).toMatch(/no Deployment/);
  });
});
