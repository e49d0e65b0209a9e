// The settle pass keeps its quiet period for typing only (lsp/worker/analysisService.ts SETTLE_DELAY_MS): an open's
// settled diagnostics fall due as soon as its analysis is done, an edit's only once the quiet period after the
// keystroke has passed. setTimeout is faked (setImmediate, which runs the analysis slices, stays real), so "not yet"
// is exact: the settle timer fires only when the test moves the fake clock.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnalysisService, SETTLE_DELAY_MS } from '../../../server/src/lsp/worker/analysisService';
import type { FromWorker } from '../../../server/src/lsp/worker/workerProtocol';
import { generatePolicies } from '../../../bench/generatePolicies';

const realTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Lets the worker run (real ticks) with the fake clock standing still; true once `done` holds. */
async function runWithoutTimePassing(done: () => boolean, ticks = 2000): Promise<boolean> {
  for (let i = 0; i < ticks && !done(); i++) {
    await vi.advanceTimersByTimeAsync(0);
    await realTick();
  }
  return done();
}

afterEach(() => {
  vi.useRealTimers();
});

describe('AnalysisService settle delay', () => {
  it('settles an open without a quiet period, and waits for one after an edit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const messages: FromWorker[] = [];
    // The worker's clock stands still too (a real one could count a millisecond between the keystroke and the timer).
    const service = new AnalysisService({ docsBase: 'file:///docs/diagnostics.md' }, (m) => messages.push(m), () => 0);
    const uri = 'file:///opened.yaml';
    const settled = () => messages.filter((m) => m.type === 'diagnostics');

    service.receive({ type: 'sync', uri, version: 1, text: generatePolicies(30) });
    // The settled answer (with the ML4xxx the provisional one leaves for later) comes with no fake time passing.
    expect(await runWithoutTimePassing(() => settled().length > 0), 'the open is settled with no time passing').toBe(true);
    const afterOpen = settled()[0];
    expect(afterOpen.type === 'diagnostics' && afterOpen.version === 1 && afterOpen.items.some((d) => String(d.code).startsWith('ML4'))).toBe(true);

    // A keystroke (a comment line at the top moves every finding): nothing is settled while the clock stands still,
    // nor just before the quiet period ends; at its end the pass runs and reports version 2.
    service.receive({ type: 'edit', uri, fromVersion: 1, version: 2, changes: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# typed\n' }] });
    expect(await runWithoutTimePassing(() => settled().length > 1, 200), 'nothing settled right after the edit').toBe(false);
    await vi.advanceTimersByTimeAsync(SETTLE_DELAY_MS - 1);
    expect(await runWithoutTimePassing(() => settled().length > 1, 200), 'nothing settled just before the quiet period ends').toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await runWithoutTimePassing(() => settled().length > 1), 'the edit is settled once the quiet period ended').toBe(true);
    const afterEdit = settled()[1];
    expect(afterEdit.type === 'diagnostics' && afterEdit.version).toBe(2);
  });
});
