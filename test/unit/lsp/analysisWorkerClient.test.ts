// The main thread's side of the analysis worker when the worker cannot run at all (its bundle is missing):
// it gives up after a few failed starts instead of restarting forever, and requests still get answered.
import { describe, expect, it } from 'vitest';
import { AnalysisWorkerClient } from '../../../server/src/lsp/worker/analysisWorkerClient';

describe('AnalysisWorkerClient', () => {
  it('answers the empty result when the worker cannot start, and stops restarting it', async () => {
    const logs: string[] = [];
    const client = new AnalysisWorkerClient({
      bundle: '/nonexistent/meshlens/analysisWorker.cjs',
      docsBase: 'file:///docs/diagnostics.md',
      budgets: { diagnosticsMs: 50, requestMs: 50, hardMs: 1000, graphEdges: 100 },
      documents: () => [],
      onDiagnostics: () => undefined,
      onLateInlayHints: () => undefined,
      log: (message) => logs.push(message),
    });
    try {
      const answer = await client.request({ kind: 'hover', uri: 'file:///a.yaml', position: { line: 0, character: 0 } }, { budgetMs: 50, version: 1, empty: null });
      expect(answer).toBeNull();
      // Three failed starts take longer than the default second on a loaded machine.
      await expect.poll(() => logs.some((l) => l.includes('failed to start 3 times')), { timeout: 20_000 }).toBe(true);
      const later = await client.request({ kind: 'completion', uri: 'file:///a.yaml', position: { line: 0, character: 0 } }, { budgetMs: 50, version: 1, empty: [] });
      expect(later).toEqual([]);
    } finally {
      client.dispose();
    }
  });
});
