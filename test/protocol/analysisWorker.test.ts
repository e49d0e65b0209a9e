// The editor never waits on analysis: the language server's main thread answers while the analysis worker is
// stuck in a genuinely expensive input (one NetworkPolicy of thousands of ingress rules: a single YAML document, so
// its analysis is one step that cannot be sliced: seconds for 12,000 rules, over ten for 20,000; its rules carry an
// anchor, so the yaml library reads it: the block reader, yaml/blockYamlValue.ts, declines anchors and would read
// it in a fraction of that). Ordering checks, not timings:
// the budgets are lowered through initializationOptions so the test does not wait long.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CancellationTokenSource, DocumentDiagnosticRequest, LSPErrorCodes, type Diagnostic, type Hover } from 'vscode-languageserver-protocol';
import { positionOf, repoRoot, startLspTestClient, type LspTestClient } from './lspTestClient';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

/** One NetworkPolicy with `rules` ingress rules: valid, under the size limit, slow to analyse in one piece (anchored: read by the yaml library). */
function hugeNetworkPolicy(rules: number): string {
  const items = Array.from(
    { length: rules },
    (_, i) => `    - from:\n        - podSelector:\n            matchLabels:\n              app: web-${i}\n      ports:\n        - port: ${1000 + i}\n          protocol: TCP\n`,
  ).join('');
  return `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: huge\n  namespace: shop\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress: &rules\n${items}`;
}

const small = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: small
spec:
  endpointSelector: {}
  ingress:
    - toPorts:
        - ports:
            - port: "80"
`;

describe('requests are answered while another document is being analysed', () => {
  let client: LspTestClient;
  const stuckUri = 'file:///work/worker/huge.yaml';
  const otherUri = 'file:///work/worker/small.yaml';

  beforeAll(async () => {
    client = await startLspTestClient({
      pullDiagnostics: true,
      timeoutMs: 120_000,
      initializationOptions: { analysisBudgets: { requestMs: 300, diagnosticsMs: 60_000, hardMs: 120_000 } },
    });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('a hover on document B answers (with its last result) before the diagnostics of the stuck document A', async () => {
    await client.open(otherUri, small);
    const at = positionOf(small, 'toPorts', 2);
    // The worker may still be starting (the hover budget is short here): ask until it has answered once.
    let before: Hover | null = null;
    for (let attempt = 0; attempt < 100 && before === null; attempt++) before = await client.hover(otherUri, at);
    expect(JSON.stringify(before?.contents)).toContain('toPorts');

    await client.open(stuckUri, hugeNetworkPolicy(12_000));
    const order: string[] = [];
    const diagnostics = client.pullDiagnostics(stuckUri).then((items) => {
      order.push('diagnostics A');
      return items;
    });
    const hover = client.hover(otherUri, at).then((answer) => {
      order.push('hover B');
      return answer;
    });
    const [hoverAnswer, stuckItems] = await Promise.all([hover, diagnostics]);
    expect(order).toEqual(['hover B', 'diagnostics A']);
    // Stale but consistent: B's text has not changed, so its last hover still holds.
    expect(hoverAnswer).toEqual(before);
    expect(stuckItems.map((d) => d.code)).not.toContain('ML0020');
  });

  it('a cancelled request answers RequestCancelled without waiting for the analysis', async () => {
    await client.change(stuckUri, 2, [{ text: hugeNetworkPolicy(12_001) }]);
    const order: string[] = [];
    const diagnostics = client.pullDiagnostics(stuckUri).then(() => order.push('diagnostics A'));
    const source = new CancellationTokenSource();
    const cancelled = client.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri: otherUri } }, source.token).then(
      () => 'answered',
      (error: { code?: number }) => {
        order.push('cancelled B');
        return error.code;
      },
    );
    source.cancel();
    expect(await cancelled).toBe(LSPErrorCodes.RequestCancelled);
    await diagnostics;
    expect(order).toEqual(['cancelled B', 'diagnostics A']);
  });
});

describe('a document whose analysis runs past the hard budget', () => {
  let client: LspTestClient;
  const stuckUri = 'file:///work/worker/stuck.yaml';
  const otherUri = 'file:///work/worker/other.yaml';

  beforeAll(async () => {
    client = await startLspTestClient({
      pullDiagnostics: true,
      timeoutMs: 120_000,
      initializationOptions: { analysisBudgets: { requestMs: 60_000, diagnosticsMs: 60_000, hardMs: 1000 } },
    });
  });
  afterAll(async () => {
    await client.stop();
  });

  /** Pulls until `accept` holds, waiting for a diagnostics refresh between pulls. */
  async function pullUntil(uri: string, accept: (items: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    let items: Diagnostic[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const refreshed = client.nextDiagnosticRefresh();
      refreshed.catch(() => undefined);
      items = await client.pullDiagnostics(uri);
      if (accept(items)) return items;
      await refreshed;
    }
    return items;
  }

  it('gets one ML0020 diagnostic after the worker is restarted without it, and the rest keeps working', async () => {
    await client.open(otherUri, small);
    // 20,000 rules (2.9 MB, under the size limit): well over ten seconds in one step, far past the 1 s budget.
    await client.open(stuckUri, hugeNetworkPolicy(20_000));
    const items = await pullUntil(stuckUri, (d) => d.some((x) => x.code === 'ML0020'));
    expect(items.map((d) => d.code)).toEqual(['ML0020']);
    expect(items[0]!.message).toContain('time budget');
    expect(client.logs.some((l) => l.includes('restarted'))).toBe(true);
    const hover: Hover | null = await client.hover(otherUri, positionOf(small, 'toPorts', 2));
    expect(JSON.stringify(hover?.contents)).toContain('toPorts');
    expect(client.isAlive()).toBe(true);
  });

  it('the next edit retries the analysis', async () => {
    await client.change(stuckUri, 2, [{ text: small.replace('name: small', 'name: was-huge') }]);
    const items = await pullUntil(stuckUri, (d) => !d.some((x) => x.code === 'ML0020'));
    expect(items.map((d) => d.code)).not.toContain('ML0020');
  });
});
