// TrafficWorkspace: ML5xxx findings grouped per file, reported as changed only when they (or the file's
// text) changed, and handed out only for the text they were computed on.
import { describe, expect, it } from 'vitest';
import { TrafficWorkspace } from '../../../server/src/lsp/trafficWorkspace';

const workloads = `apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c}]}}}
`;
const policy = (app: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: p, namespace: shop}
spec:
  podSelector: {matchLabels: {app: ${app}}}
  policyTypes: [Ingress]
`;

describe('TrafficWorkspace', () => {
  it('keeps ML5xxx findings per file and reports which files changed', () => {
    const traffic = new TrafficWorkspace();
    const files = [{ file: 'w.yaml', text: workloads }, { file: 'p.yaml', text: policy('cache') }];
    expect([...traffic.updateFindings(files, 'default')]).toEqual(['p.yaml']);
    expect(traffic.findingsFor('p.yaml', policy('cache')).map((f) => f.code)).toEqual(['ML5001']);
    expect(traffic.findingsFor('p.yaml', policy('cach'))).toEqual([]);
    expect(traffic.findingsFor('w.yaml', workloads)).toEqual([]);
    // Same input again: nothing changed, nothing to refresh.
    expect(traffic.updateFindings(files, 'default').size).toBe(0);
    const fixed = [files[0]!, { file: 'p.yaml', text: policy('db') }];
    expect([...traffic.updateFindings(fixed, 'default')]).toEqual(['p.yaml']);
    expect(traffic.findingsFor('p.yaml', policy('db'))).toEqual([]);
  });
});
