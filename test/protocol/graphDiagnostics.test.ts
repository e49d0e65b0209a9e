// ML5xxx traffic-graph findings as LSP diagnostics through the real server: a policy whose selector matches
// no workload of the workspace gets ML5001 on its selector after the background pass, and loses it once an
// edit makes the selector match.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { positionOf, serverIsBuilt, startLspTestClient, type LspTestClient } from './lspTestClient';
import { shopDbWorkload } from '../fixtures/shopDbWorkload';

const workloads = shopDbWorkload;

const policy = (app: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-ingress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: ${app}}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: db}}]
`;

describe.skipIf(!serverIsBuilt())('ML5xxx graph findings as diagnostics', () => {
  let client: LspTestClient;
  const workloadsUri = 'file:///work/graphDiagnostics/workloads.yaml';
  const policyUri = 'file:///work/graphDiagnostics/policy.yaml';

  beforeAll(async () => {
    client = await startLspTestClient({ pullDiagnostics: true });
  });
  afterAll(async () => {
    await client?.stop();
  });

  /** Pulls until `accept` holds, waiting for a diagnostics refresh between pulls (the pass runs after a pause). */
  async function pullUntil(accept: (items: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    let items: Diagnostic[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const refreshed = client.nextDiagnosticRefresh();
      items = await client.pullDiagnostics(policyUri);
      if (accept(items)) return items;
      await refreshed;
    }
    return items;
  }

  it('reports ML5001 on the selector of a policy that selects no workload', async () => {
    await client.open(workloadsUri, workloads);
    await client.open(policyUri, policy('cache'));
    const items = await pullUntil((d) => d.some((x) => x.code === 'ML5001'));
    const ml5001 = items.filter((d) => d.code === 'ML5001');
    expect(ml5001).toHaveLength(1);
    expect(ml5001[0]!.message).toContain('selector matches no workload');
    expect(ml5001[0]!.range.start.line).toBe(positionOf(policy('cache'), 'endpointSelector').line);
    expect(await client.pullDiagnostics(workloadsUri)).toEqual([]);
  });

  it('drops ML5001 once an edit makes the selector match a workload', async () => {
    // The pass after the edit recomputes the policy's findings and asks for a re-pull because they changed.
    const refreshed = client.nextDiagnosticRefresh();
    await client.change(policyUri, 2, [{ text: policy('db') }]);
    await refreshed;
    const items = await client.pullDiagnostics(policyUri);
    expect(items.map((d) => d.code)).not.toContain('ML5001');
  });
});
