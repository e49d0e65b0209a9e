// A diagnostics answer crosses the thread as the splices from the last one handed out: none keeps its resultId (so a
// pull client gets `unchanged`); anything that differs, down to one character of a range or the quick-fix data, is
// in a splice and gets a new resultId. The items rebuilt from splices always equal a fresh worker's.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { AnalysisService } from '../../../server/src/lsp/worker/analysisService';
import { DiagnosticResults, diagnosticsSplices, type DiagnosticsAnswer } from '../../../server/src/lsp/worker/diagnosticResults';
import type { FromWorker, ToWorker, VersionedDiagnostics } from '../../../server/src/lsp/worker/workerProtocol';
import { generatePolicies } from '../../../bench/generatePolicies';
import { seededRandom } from '../../support/seededRandom';

function worker() {
  const waiting = new Map<number, (answer: DiagnosticsAnswer) => void>();
  const service = new AnalysisService({ docsBase: 'file:///docs/diagnostics.md' }, (message: FromWorker) => {
    if (message.type === 'response') waiting.get(message.id)?.(message.result as DiagnosticsAnswer);
  });
  let id = 0;
  return {
    send: (message: ToWorker) => service.receive(message),
    answer: (uri: string) =>
      new Promise<DiagnosticsAnswer>((resolve) => {
        id += 1;
        waiting.set(id, resolve);
        service.receive({ type: 'request', id, request: { kind: 'diagnostics', uri } });
      }),
  };
}

async function freshItems(uri: string, text: string): Promise<Diagnostic[]> {
  const fresh = worker();
  fresh.send({ type: 'sync', uri, version: 1, text });
  return ((await fresh.answer(uri)) as VersionedDiagnostics).items;
}

const diagnostic: Diagnostic = {
  range: { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } },
  severity: 1,
  source: 'meshlens',
  code: 'ML1001',
  codeDescription: { href: 'file:///docs.md#ml1001' },
  message: 'unknown field',
  data: { field: 'x' },
  relatedInformation: [{ location: { uri: 'file:///a.yaml', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } }, message: 'here' }],
};

describe('diagnostics answers that repeat the last one', () => {
  it('tells equal lists from lists that differ in any field the editor reads', () => {
    expect(diagnosticsSplices([diagnostic], [structuredClone(diagnostic)])).toEqual([]);
    const changed: Diagnostic[] = [
      { ...diagnostic, range: { ...diagnostic.range, end: { line: 3, character: 10 } } },
      { ...diagnostic, message: 'unknown field!' },
      { ...diagnostic, code: 'ML1002' },
      { ...diagnostic, severity: 2 },
      { ...diagnostic, data: { field: 'y' } },
      { ...diagnostic, relatedInformation: [] },
      { ...diagnostic, relatedInformation: [{ ...diagnostic.relatedInformation![0], message: 'there' }] },
    ];
    for (const other of changed) expect(diagnosticsSplices([diagnostic], [other])).toEqual([{ at: 0, deleteCount: 1, items: [other] }]);
    expect(diagnosticsSplices([diagnostic], [diagnostic, diagnostic])).toEqual([{ at: 1, deleteCount: 0, items: [diagnostic] }]);
  });

  it('rebuilds any list from the last one and the splices between them', () => {
    // Seeded, so a failure replays.
    const next = seededRandom(99);
    const pool = Array.from({ length: 6 }, (_, i) => ({ ...diagnostic, message: `m${i}` }));
    const list = () => Array.from({ length: Math.floor(next() * 12) }, () => structuredClone(pool[Math.floor(next() * pool.length)]));
    for (let round = 0; round < 500; round++) {
      const before = list();
      // Half the time a few changes to `before` (what a keystroke does), else an unrelated list.
      const after = next() < 0.5 ? list() : before.map((d) => (next() < 0.2 ? pool[Math.floor(next() * pool.length)] : d));
      if (next() < 0.3) after.splice(Math.floor(next() * (after.length + 1)), 0, pool[0]);
      const results = new DiagnosticResults();
      results.receive({ uri: 'u', version: 1, items: before });
      const rebuilt = results.receive({ uri: 'u', version: 2, splices: diagnosticsSplices(before, after) });
      expect(rebuilt?.items).toEqual(after);
    }
  });

  it('gives equal answers one resultId and a changed answer a new one, never reusing an id after clear()', () => {
    const results = new DiagnosticResults();
    const first = results.receive({ uri: 'u', version: 1, items: [diagnostic] });
    const same = results.receive({ uri: 'u', version: 2, splices: [] });
    expect(same).toEqual({ uri: 'u', version: 2, items: [diagnostic], resultId: first?.resultId });
    const changed = results.receive({ uri: 'u', version: 3, items: [] });
    expect(changed?.resultId).not.toBe(first?.resultId);
    results.clear();
    expect(results.receive({ uri: 'u', version: 4, splices: [] })).toBeUndefined();
    const again = results.receive({ uri: 'u', version: 4, items: [diagnostic] });
    expect([first?.resultId, changed?.resultId]).not.toContain(again?.resultId);
  });

  it('answers no splice for a keystroke that moves no diagnostic, and the items when all move, equal to a fresh worker', async () => {
    const uri = 'file:///typed.yaml';
    const text = generatePolicies(12);
    const service = worker();
    service.send({ type: 'sync', uri, version: 1, text });
    const first = (await service.answer(uri)) as VersionedDiagnostics;
    expect(first.items.length).toBeGreaterThan(0);
    // A character typed at the end of the file's last line: no diagnostic sits after it.
    const lines = text.split('\n');
    const last = lines.length - 1;
    service.send({ type: 'edit', uri, fromVersion: 1, version: 2, changes: [{ range: { start: { line: last, character: lines[last].length }, end: { line: last, character: lines[last].length } }, text: '#' }] });
    const typed = await service.answer(uri);
    expect(typed).toEqual({ uri, version: 2, splices: [] });
    expect(await freshItems(uri, `${text}#`)).toEqual(first.items);
    // A line added at the top moves every diagnostic down one line.
    service.send({ type: 'edit', uri, fromVersion: 2, version: 3, changes: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# header\n' }] });
    const moved = (await service.answer(uri)) as VersionedDiagnostics;
    expect('items' in moved).toBe(true);
    expect(moved.items).toEqual(await freshItems(uri, `# header\n${text}#`));
    expect(moved.items[0].range.start.line).toBe(first.items[0].range.start.line + 1);
  });
});
