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
    expect(analyzeWorkspaceText(text).rule('5#spec.rules[0]').note).toMatch(/uses waypoint wp/);
  });

  it('workload: Service traffic skips the waypoint; no waypoint step and no identity caveat', () => {
    const text = workspace('workload');
    expect(graphSteps(text)).not.toContain('istio-waypoint');
    expect(analyzeWorkspaceText(text).rule('5#spec.rules[0]').note).not.toMatch(/uses waypoint/);
  });
});
