// The findings a connected cluster makes possible come from the existing workspace checks, fed with the cluster's
// objects (rendered by clusterFiles.ts): a selector that matches no running pod (ML5001), a policy in a namespace
// the cluster does not have (ML5003), a named port no running pod declares (ML5005). Each is checked against its
// counterpart that only the cluster's objects satisfy (the workspace alone has no workload), so a finding that
// fired regardless of the cluster would fail here.
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../server/src/analysis/host/analysisHost';
import { renderClusterFiles } from '../../server/src/cluster/clusterFiles';
import { trimClusterObject, type ClusterObject } from '../../server/src/cluster/clusterObject';
import { deploymentPod, namespace, service, waypointGateway } from './clusterFixtures';

const cluster = [
  namespace('shop'),
  deploymentPod('shop', 'web', 1),
  deploymentPod('shop', 'api', 2, { app: 'api' }, [{ name: 'http', containerPort: 8080 }]),
  service('shop', 'api', { app: 'api' }),
].map((raw) => trimClusterObject(String(raw.kind), String(raw.apiVersion), raw)!);

const object = (raw: Record<string, unknown>): ClusterObject => trimClusterObject(String(raw.kind), String(raw.apiVersion), raw)!;

function codesOf(policy: string, objects: readonly ClusterObject[] = cluster): string[] {
  const host = new AnalysisHost();
  host.setWorkspaceFiles(renderClusterFiles('prod', objects, new Set()));
  host.applyChange('file:///work/policy.yaml', policy);
  return host.snapshot().diagnostics('file:///work/policy.yaml').map((f) => f.code);
}

const networkPolicy = (ns: string, app: string, port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: ${ns}}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{protocol: TCP, port: ${port}}]
`;

describe('findings with the cluster connected', () => {
  it('ML5001: a selector that matches no running pod, and none for one that does', () => {
    expect(codesOf(networkPolicy('shop', 'ghost', 'http'))).toContain('ML5001');
    expect(codesOf(networkPolicy('shop', 'api', 'http'))).not.toContain('ML5001');
  });

  it('ML5003: a namespace the cluster does not have', () => {
    expect(codesOf(networkPolicy('nosuch', 'api', 'http'))).toContain('ML5003');
    expect(codesOf(networkPolicy('shop', 'api', 'http'))).not.toContain('ML5003');
  });

  it('ML5005: a named port no running pod declares', () => {
    expect(codesOf(networkPolicy('shop', 'api', 'grpc'))).toContain('ML5005');
    expect(codesOf(networkPolicy('shop', 'api', 'http'))).not.toContain('ML5005');
  });

  // ML4001/ML4006 come from the enforcement workspace, which reads the open documents; the cluster's Namespaces,
  // workloads and waypoint Gateways join it as context (upstream: istio pilot/pkg/serviceregistry/kube/controller/
  // ambient/authorization.go convertAuthorizationPolicy drops HTTP attributes for ztunnel in an ambient namespace).
  const l7Policy = (ns: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: api-get, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: api}}
  action: ALLOW
  rules:
  - to: [{operation: {methods: [GET]}}]
`;
  const ambientCluster = (labels: Record<string, string>, extra: ClusterObject[] = []) => [
    object(namespace('mesh', labels)),
    object(deploymentPod('mesh', 'api', 7, { app: 'api' })),
    ...extra,
  ];

  const findingsOf = (policy: string, objects: readonly ClusterObject[]) => {
    const host = new AnalysisHost();
    host.setWorkspaceFiles(renderClusterFiles('prod', objects, new Set()));
    host.applyChange('file:///work/policy.yaml', policy);
    return host.snapshot().diagnostics('file:///work/policy.yaml').map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
  };

  it('ML4001 sees the cluster Namespace label istio.io/dataplane-mode=ambient, not only open documents', () => {
    // Labelled ambient in the cluster: a sure warning. Unlabelled: only "if these workloads run in ambient mode".
    const ambient = findingsOf(l7Policy('mesh'), ambientCluster({ 'istio.io/dataplane-mode': 'ambient' })).find((f) => f.code === 'ML4001');
    expect(ambient).toMatchObject({ severity: 'warning' });
    expect(ambient?.message).not.toMatch(/^If these workloads run in ambient mode/);
    const unknown = findingsOf(l7Policy('mesh'), ambientCluster({})).find((f) => f.code === 'ML4001');
    expect(unknown).toMatchObject({ severity: 'information' });
    expect(unknown?.message).toMatch(/^If these workloads run in ambient mode/);
  });

  it('ML4006: an L7 policy on a Service whose namespace names a waypoint the cluster has not deployed, and none once it has', () => {
    const attached = l7Policy('mesh').replace('  selector: {matchLabels: {app: api}}\n', '  targetRefs: [{group: "", kind: Service, name: api}]\n');
    const ambient = { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' };
    const apiService = object(service('mesh', 'api', { app: 'api' }));
    const missing = findingsOf(attached, ambientCluster(ambient, [apiService])).find((f) => f.code === 'ML4006');
    expect(missing?.message).toContain('waypoint mesh/waypoint');
    expect(findingsOf(attached, ambientCluster(ambient, [apiService, object(waypointGateway('mesh', 'waypoint'))])).map((f) => f.code)).not.toContain('ML4006');
  });
});
