// The findings a connected cluster makes possible come from the existing workspace checks, fed with the cluster's
// objects (rendered by clusterFiles.ts): a selector that matches no running pod (ML5001), a policy in a namespace
// the cluster does not have (ML5003), a named port no running pod declares (ML5005). Each is checked against its
// counterpart that only the cluster's objects satisfy (the workspace alone has no workload), so a finding that
// fired regardless of the cluster would fail here.
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../server/src/analysis/host/analysisHost';
import { renderClusterFiles } from '../../server/src/cluster/clusterFiles';
import { trimClusterObject } from '../../server/src/cluster/clusterObject';
import { deploymentPod, namespace, service } from './clusterFixtures';

const cluster = [
  namespace('shop'),
  deploymentPod('shop', 'web', 1),
  deploymentPod('shop', 'api', 2, { app: 'api' }, [{ name: 'http', containerPort: 8080 }]),
  service('shop', 'api', { app: 'api' }),
].map((raw) => trimClusterObject(String(raw.kind), String(raw.apiVersion), raw)!);

function codesOf(policy: string): string[] {
  const host = new AnalysisHost();
  host.setWorkspaceFiles(renderClusterFiles('prod', cluster, new Set()));
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

});
