// The worker's first, partial answer for the documents an editor shows (in process, no thread): with no pull
// waiting it is posted (a push client publishes it), before the settle pass posts the final diagnostics, which
// are those of a worker that was never told a viewport.
import { describe, expect, it } from 'vitest';
import { AnalysisService } from '../../../server/src/lsp/worker/analysisService';
import { DiagnosticResults, type DiagnosticsAnswer } from '../../../server/src/lsp/worker/diagnosticResults';
import type { FromWorker, ToWorker, VersionedDiagnostics } from '../../../server/src/lsp/worker/workerProtocol';
import { generatePolicies } from '../../../bench/generatePolicies';

/** Generated policies with a wrong protocol in every third port: a schema finding per such document. */
let n = 0;
const text = generatePolicies(120).replace(/protocol: TCP/g, (m) => (n++ % 3 === 0 ? 'protocol: TPC' : m));
const uri = 'file:///shown.yaml';

/** Opens the text (after the viewport, if any) and collects posted diagnostics until the settled one (with ML4xxx). */
function open(viewport?: { start: number; end: number }): Promise<VersionedDiagnostics[]> {
  return new Promise((resolve) => {
    const posted: VersionedDiagnostics[] = [];
    const worker = new AnalysisService({ docsBase: 'file:///docs/diagnostics.md' }, (message: FromWorker) => {
      if (message.type !== 'diagnostics') return;
      const { type: _, ...result } = message;
      posted.push(result);
      if (result.items.some((d) => String(d.code).startsWith('ML4'))) resolve(posted);
    });
    const messages: ToWorker[] = [...(viewport ? [{ type: 'viewport' as const, uri, lines: [viewport] }] : []), { type: 'sync', uri, version: 1, text }];
    messages.forEach((m) => worker.receive(m));
  });
}

describe('viewport answers in the worker', () => {
  it('posts the shown documents’ own findings first, then the same final diagnostics as without a viewport', async () => {
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.trim() === 'name: cnp-60');
    const shown = { start: at, end: at + 40 };
    const [withViewport, without] = await Promise.all([open(shown), open()]);
    expect(without).toHaveLength(1);
    expect(withViewport).toHaveLength(2);
    const [first, final] = withViewport;
    expect(final).toEqual(without[0]);
    // The first post: only per-document findings, of the documents under the shown lines (and all of theirs).
    let from = shown.start;
    while (from > 0 && lines[from] !== '---') from--;
    let to = shown.end;
    while (to < lines.length - 1 && lines[to + 1] !== '---') to++;
    const expected = final.items.filter((d) => !/^ML[45]/.test(String(d.code)) && d.range.start.line >= from && d.range.start.line <= to);
    expect(expected.length).toBeGreaterThan(0);
    expect(first.items).toEqual(expected);
  });

  it('hands the partial answer to the main thread even when the pull waiting for it was cancelled (later answers are splices from it)', async () => {
    // Findings only in the shown documents: the next answer equals the partial one, so it is sent as "no change".
    const lines = generatePolicies(120).split('\n');
    const at = lines.findIndex((l) => l.trim() === 'name: cnp-60');
    const shownText = lines.map((l, i) => (i >= at && i < at + 40 ? l.replace('protocol: TCP', 'protocol: TPC') : l)).join('\n');
    const results = new DiagnosticResults();
    const posted: { readonly items: readonly { readonly code?: unknown }[] }[] = [];
    const answer = await new Promise<VersionedDiagnostics | undefined>((resolve) => {
      const worker = new AnalysisService({ docsBase: 'file:///docs/diagnostics.md' }, (message: FromWorker) => {
        // What the main thread does with each message (analysisWorkerClient.ts).
        if (message.type === 'diagnostics') {
          posted.push(message);
          results.receive({ uri: message.uri, version: message.version, items: message.items });
        }
        if (message.type === 'response' && message.id === 1) setImmediate(() => worker.receive({ type: 'request', id: 2, request: { kind: 'diagnostics', uri } }));
        if (message.type === 'response' && message.id === 2) resolve(results.receive(message.result as DiagnosticsAnswer));
      });
      worker.receive({ type: 'viewport', uri, lines: [{ start: at, end: at + 40 }] });
      worker.receive({ type: 'sync', uri, version: 1, text: shownText });
      worker.receive({ type: 'request', id: 1, request: { kind: 'diagnostics', uri } });
      worker.receive({ type: 'cancel', id: 1 });
    });
    // The first post is the partial answer: the shown documents' own findings only. (The settle pass, due as soon as
    // the open's analysis is done, may post the settled answer before request 2 is answered.)
    expect(posted.length).toBeGreaterThanOrEqual(1);
    expect(posted[0].items.length).toBeGreaterThan(0);
    expect(posted[0].items.every((d) => !/^ML[45]/.test(String(d.code)))).toBe(true);
    expect(answer).toBeDefined();
    expect(answer!.items.length).toBeGreaterThan(0);
  });
});
