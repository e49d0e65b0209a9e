// `istio.io/waypoint-for` decides whether a namespace's waypoint takes Service traffic (istio/api
// label/labels.yaml; istio.io docs/ambient/usage/waypoint). The rule annotation and the graph read the same
// owner (workspace/waypoints.ts): with waypoint-for=workload the Service traffic skips the waypoint, so the
// ztunnel rule sees the client's identity (no caveat) and the graph has no waypoint step.
import { describe, expect, it } from 'vitest';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { explainFlow, resolveEndpoint } from '../../../server/src/analysis/graph/explainFlow';
import { analyzeWorkspaceText, yamlDocs } from '../enforcement/analyzeWorkspaceText';

const workspace = (waypointFor: string) => yamlDocs(
  `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: wp}}
`,
  `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: wp, namespace: shop, labels: {istio.io/waypoint-for: ${waypointFor}}}
spec: {gatewayClassName: istio-waypoint}
`,
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}}}
`,
  `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec: {template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c}]}}}
`,
  `apiVersion: v1
kind: Service
metadata: {name: api, namespace: shop}
spec: {selector: {app: api}, ports: [{port: 8080}]}
`,
  `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: p, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  rules:
  - from: [{source: {principals: [cluster.local/ns/shop/sa/default]}}]
`,
);

function graphSteps(text: string): string[] {
  const { model } = analyzeWorkspaceTraffic([{ file: 'w.yaml', text }]);
  const from = resolveEndpoint(model, 'shop/web');
  const to = resolveEndpoint(model, 'shop/api');
  if (!('endpoint' in from) || !('endpoint' in to)) throw new Error('workloads not found');
  return explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol: 'TCP', port: 8080 }).steps.map((s) => s.enforcer);
}

describe('waypoint-for, one owner for the annotation and the graph', () => {
  it('service (the default): traffic goes through the waypoint; the annotation warns about its identity', () => {
    const text = workspace('service');
    expect(graphSteps(text)).toContain('istio-waypoint');
    expect(analyzeWorkspaceText(text).rule('5#spec.rules[0]').note).toMatch(/goes through waypoint wp/);
  });

  it('workload: Service traffic skips the waypoint; no waypoint step and no identity caveat', () => {
    const text = workspace('workload');
    expect(graphSteps(text)).not.toContain('istio-waypoint');
    expect(analyzeWorkspaceText(text).rule('5#spec.rules[0]').note).not.toMatch(/goes through waypoint/);
  });
});

// Issue 11 item 5. istio pilot/pkg/serviceregistry/ambient/waypoints.go fetchWaypointForService: a waypoint whose
// traffic type is neither service nor all is refused for a Service (status UnsupportedTrafficType), so a
// targetRefs policy on that Service is enforced by nothing for service traffic.
describe('targetRefs to a Service: what its waypoint serves', () => {
  const targetRefsWorkspace = (gateway: string | undefined) => yamlDocs(
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, labels: {istio.io/dataplane-mode: ambient, istio.io/use-waypoint: wp}}\n',
    gateway ?? 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: unrelated, namespace: shop}\n',
    'apiVersion: v1\nkind: Service\nmetadata: {name: api, namespace: shop}\nspec: {selector: {app: api}, ports: [{port: 8080}]}\n',
    'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  targetRefs:\n  - {kind: Service, group: "", name: api}\n  rules:\n  - to: [{operation: {methods: [GET]}}]\n',
  );
  const gatewayFor = (waypointFor: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: wp, namespace: shop, labels: {istio.io/waypoint-for: ${waypointFor}}}\nspec: {gatewayClassName: istio-waypoint}\n`;

  it.each([
    ['workload', 'warning', 'ignored', /waypoint-for=workload.*UnsupportedTrafficType/],
    ['none', 'warning', 'ignored', /waypoint-for=none.*UnsupportedTrafficType/],
    ['service', undefined, 'enforced', undefined],
    ['all', undefined, 'enforced', undefined],
  ])('waypoint-for %s', (waypointFor, severity, effect, message) => {
    const result = analyzeWorkspaceText(targetRefsWorkspace(gatewayFor(waypointFor)));
    const rule = result.rule('3#spec.rules[0]');
    expect(rule.effect).toBe(effect);
    const found = result.findings.filter((f) => f.code === 'ML4006');
    if (!severity) {
      expect(found).toEqual([]);
      return;
    }
    expect(found.map((f) => f.severity)).toEqual([severity]);
    expect(found[0].message).toMatch(message!);
    expect(rule.note).toMatch(/^not enforced for service traffic/);
  });

  it('a waypoint not in the workspace: information, and the annotation says what it depends on', () => {
    const result = analyzeWorkspaceText(targetRefsWorkspace(undefined));
    const found = result.findings.filter((f) => f.code === 'ML4006');
    expect(found.map((f) => f.severity)).toEqual(['information']);
    expect(found[0].message).toMatch(/waypoint shop\/wp .*is not in the workspace/);
    expect(result.rule('3#spec.rules[0]').note).toMatch(/not in the workspace/);
  });
});

describe('ML4018: a selector policy on workloads behind a waypoint matches the waypoint identity', () => {
  it.each([
    ['service', true],
    ['all', true],
    ['workload', false],
  ])('waypoint-for %s', (waypointFor, warned) => {
    const codes = analyzeWorkspaceText(workspace(waypointFor)).findings.filter((f) => f.code === 'ML4018');
    expect(codes.length).toBe(warned ? 1 : 0);
    if (warned) expect(codes[0].message).toMatch(/waypoint shop\/wp.*principals here matches the waypoint/);
  });

  it('reads the use-waypoint label of the Service that selects the pods, not only the namespace', () => {
    const text = workspace('service')
      .replace('istio.io/use-waypoint: wp}', 'team: x}')
      .replace('metadata: {name: api, namespace: shop}\nspec: {selector', 'metadata: {name: api, namespace: shop, labels: {istio.io/use-waypoint: wp}}\nspec: {selector');
    expect(analyzeWorkspaceText(text).findings.map((f) => f.code)).toContain('ML4018');
  });
});
