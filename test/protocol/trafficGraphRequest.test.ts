// `meshlens/trafficGraph` through the real server: a workspace folder on disk plus an unsaved open
// document, the whole graph and a focus on one policy file.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { trafficGraphMethod } from '../../server/src/protocol/trafficGraph';
import { featureTestBudgets, serverIsBuilt, startLspTestClient, type LspTestClient } from './lspTestClient';

const workloads = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec: {template: {metadata: {labels: {app: api}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec: {template: {metadata: {labels: {app: db}}, spec: {containers: [{name: c}]}}}
`;

const policy = (port: number) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: api}}]
      toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]
`;

describe.skipIf(!serverIsBuilt())('meshlens/trafficGraph request', () => {
  let client: LspTestClient;
  let folder: string;
  let policyUri: string;

  beforeAll(async () => {
    folder = mkdtempSync(path.join(tmpdir(), 'meshlens-lsp-graph-'));
    mkdirSync(path.join(folder, 'policies'));
    writeFileSync(path.join(folder, 'workloads.yaml'), workloads);
    writeFileSync(path.join(folder, 'policies', 'db.yaml'), policy(5432));
    policyUri = pathToFileURL(path.join(folder, 'policies', 'db.yaml')).href;
    client = await startLspTestClient();
  });

  afterAll(async () => {
    await client?.stop();
  });

  it('returns the graph of a workspace folder read from disk', async () => {
    const graph = await client.request<TrafficGraph>(trafficGraphMethod, { folderUri: pathToFileURL(folder).href });
    expect(graph.version).toBe(1);
    expect(graph.nodes.filter((n) => n.kind === 'workload').map((n) => n.id).sort()).toEqual(['shop/api', 'shop/db']);
    expect(graph.edges).toEqual([expect.objectContaining({ from: 'shop/api', to: 'shop/db', verdict: 'allow', port: 5432, rules: [expect.objectContaining({ file: policyUri, policy: 'shop/db-ingress' })] })]);
  });

  it('prefers the unsaved text of an open document, and focuses on one policy file', async () => {
    await client.open(policyUri, policy(6543));
    const graph = await client.request<TrafficGraph>(trafficGraphMethod, { folderUri: pathToFileURL(folder).href, focusUri: policyUri });
    expect(graph.edges.map((e) => `${e.from}->${e.to}:${e.port}`)).toEqual(['shop/api->shop/db:6543']);
    expect(graph.nodes.filter((n) => n.kind === 'workload').map((n) => n.id).sort()).toEqual(['shop/api', 'shop/db']);
    expect(client.isAlive()).toBe(true);
  });

  it('says when the graph was cut at its edge bound: shown of total edges', async () => {
    const bounded = mkdtempSync(path.join(tmpdir(), 'meshlens-lsp-graph-bound-'));
    writeFileSync(path.join(bounded, 'workloads.yaml'), workloads);
    // Two flows: api → db (5432) and db → api (7000).
    writeFileSync(path.join(bounded, 'db.yaml'), policy(5432));
    writeFileSync(path.join(bounded, 'api.yaml'), `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: db}}]
      toPorts: [{ports: [{port: "7000", protocol: TCP}]}]
`);
    const limited = await startLspTestClient({ initializationOptions: { analysisBudgets: { ...featureTestBudgets.analysisBudgets, graphEdges: 1 } } });
    try {
      const graph = await limited.request<TrafficGraph>(trafficGraphMethod, { folderUri: pathToFileURL(bounded).href });
      expect(graph.edges).toHaveLength(1);
      expect(graph.truncated).toEqual({ shownEdges: 1, totalEdges: 2 });
      const whole = await client.request<TrafficGraph>(trafficGraphMethod, { folderUri: pathToFileURL(bounded).href });
      expect(whole.truncated).toBeUndefined();
    } finally {
      await limited.stop();
    }
  });
});
