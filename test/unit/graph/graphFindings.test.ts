// ML5001-ML5006: what the traffic graph reports about the workspace itself.
import { describe, expect, it } from 'vitest';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { runGraph } from '../../../server/src/cli/graphCommand';
import { memoryIo } from '../../../server/src/cli/cliIo';
import { authz, cnp, deployment, namespace, netpol, yamlOf, type K8sObject } from './trafficFixture';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

function codes(objects: readonly K8sObject[]): string[] {
  return analyzeWorkspaceTraffic([{ file: 'w.yaml', text: yamlOf(objects) }]).findings.map((f) => f.finding.code);
}

const shop = [namespace('shop'), deployment('shop', 'api', { app: 'api' }, { ports: [{ name: 'http', containerPort: 8080 }] }), deployment('shop', 'db', { app: 'db' })];

describe('graph findings', () => {
  it('ML5001: a policy whose selector matches no workload', () => {
    const found = analyzeWorkspaceTraffic([{ file: 'w.yaml', text: yamlOf([...shop, netpol('shop', 'p', { podSelector: { matchLabels: { app: 'typo' } } })]) }]).findings;
    expect(found.map((f) => f.finding.code)).toEqual(['ML5001']);
    expect(found[0].finding.message).toBe('NetworkPolicy shop/p: selector matches no workload in the workspace.');
    expect(codes([...shop, authz('shop', 'a', { selector: { matchLabels: { app: 'nope' } } })])).toEqual(['ML5001']);
  });

  it('is silent for policies that select something and peers that match', () => {
    expect(codes([...shop, cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] })])).toEqual([]);
  });

  it('ML5002: a peer selector that matches no workload', () => {
    expect(codes([...shop, cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'apii' } }] }] })])).toEqual(['ML5002']);
  });

  it('ML5003: a policy in a namespace without workloads', () => {
    expect(codes([...shop, netpol('empty', 'p', { podSelector: {} })])).toEqual(['ML5003']);
  });

  it('ML5004: a namespace selector over a namespace without a Namespace object', () => {
    expect(codes([...shop, deployment('legacy', 'job', { app: 'job' }), netpol('shop', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'x' } } }] }] })])).toEqual(['ML5004']);
  });

  it('ML5005: a named port no container defines', () => {
    expect(codes([...shop, netpol('shop', 'p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 'grpc' }] }] })])).toEqual(['ML5005']);
    expect(codes([...shop, netpol('shop', 'p', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ ports: [{ port: 'http' }] }] })])).toEqual([]);
  });

  it('ML5006: the graph command reports truncation', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshlens-graph-'));
    const file = path.join(dir, 'w.yaml');
    writeFileSync(file, yamlOf([...shop, deployment('shop', 'c', { app: 'c' }), cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{}], toPorts: [{ ports: [{ port: '5432' }] }] }] })]));
    const io = memoryIo();
    expect(await runGraph(['--max-edges', '1', file], io)).toBe(0);
    expect(io.err).toContain('ML5006');
    const json = JSON.parse(io.out) as { edges: unknown[]; truncated?: { shownEdges: number; totalEdges: number } };
    expect(json.edges).toHaveLength(1);
    expect(json.truncated).toEqual({ shownEdges: 1, totalEdges: expect.any(Number) });
    expect(json.truncated!.totalEdges).toBeGreaterThan(1);
  });

  it('never throws on cyclic or malformed input', () => {
    const text = 'a: &x [*x]\n---\nkind: List\nitems: [{kind: List, items: [{kind: Pod}]}]\n---\n{kind: NetworkPolicy, apiVersion: networking.k8s.io/v1, metadata: {name: p}, spec: {podSelector: 5, ingress: [{from: "x", ports: [null]}]}}\n';
    const traffic = analyzeWorkspaceTraffic([{ file: 'bad.yaml', text }]);
    expect(() => buildTrafficGraph(traffic.model)).not.toThrow();
  });
});
