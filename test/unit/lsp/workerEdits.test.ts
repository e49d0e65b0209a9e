// The worker applies the editor's edits to its block-held copy and hands the host only what they touched. Whatever
// the edits (at YAML document boundaries, `---` lines inserted and removed, CRLF files, several changes in one
// message), its diagnostics must be those of a fresh worker given the resulting text, and undoing every edit must
// give back the original text and exactly the diagnostics a fresh worker reports for it.
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { AnalysisService } from '../../../server/src/lsp/worker/analysisService';
import type { FromWorker, ToWorker, VersionedDiagnostics } from '../../../server/src/lsp/worker/workerProtocol';
import { generatePolicies } from '../../../bench/generatePolicies';
import { DiagnosticResults, type DiagnosticsAnswer } from '../../../server/src/lsp/worker/diagnosticResults';

function worker() {
  const waiting = new Map<number, (result: unknown) => void>();
  // As the main thread does: a "same items" answer gets the items last received back.
  const results = new DiagnosticResults();
  const service = new AnalysisService({ docsBase: 'file:///docs/diagnostics.md' }, (message: FromWorker) => {
    if (message.type === 'response') waiting.get(message.id)?.(message.result ? results.receive(message.result as DiagnosticsAnswer) : message.result);
  });
  let id = 0;
  return {
    send: (message: ToWorker) => service.receive(message),
    diagnostics: (uri: string) =>
      new Promise<VersionedDiagnostics>((resolve) => {
        id += 1;
        waiting.set(id, (result) => resolve(result as VersionedDiagnostics));
        service.receive({ type: 'request', id, request: { kind: 'diagnostics', uri } });
      }),
  };
}

async function freshDiagnostics(uri: string, text: string, version: number): Promise<VersionedDiagnostics> {
  const fresh = worker();
  fresh.send({ type: 'sync', uri, version, text });
  return fresh.diagnostics(uri);
}

/** What the editor shows; resultIds are numbered per main thread, so two workers' differ. */
function withoutResultId(result: VersionedDiagnostics) {
  return { uri: result.uri, version: result.version, items: result.items };
}

/** One batch of changes given as offsets on the text before it (each change on what the previous left). */
type Batch = readonly { readonly start: number; readonly end: number; readonly text: string }[];

describe('edits in the worker', () => {
  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`gives a fresh worker's diagnostics after each edit and after undoing them all (${name})`, async () => {
      const uri = 'file:///edited.yaml';
      // Few enough policy documents that a provisional answer computes every one of them.
      const original = generatePolicies(12).replace(/\n/g, eol);
      // Offsets in the text as the previous batches left it.
      const starts = (text: string) => [...text.matchAll(/^---/gm)].map((m) => m.index);
      const nameAt = (text: string, k: number) => text.indexOf('name: ', starts(text)[k]) + 'name: '.length;
      const batches: ((text: string) => Batch)[] = [
        (t) => [{ start: nameAt(t, 2), end: nameAt(t, 2), text: 'x' }],
        // A new document right before a `---` line, and one `---` line removed (two documents become one).
        (t) => [{ start: starts(t)[4], end: starts(t)[4], text: `---${eol}kind: CiliumNetworkPolicy${eol}` }],
        (t) => [{ start: starts(t)[7], end: starts(t)[7] + 3 + eol.length, text: '' }],
        // Several changes in one message, the second at the very start of the file.
        (t) => [
          { start: nameAt(t, 9), end: nameAt(t, 9) + 2, text: 'renamed-' },
          { start: 0, end: 0, text: `# header${eol}` },
        ],
        // A change spanning a document boundary; a lone CR typed into a CRLF line end.
        (t) => [{ start: starts(t)[3] - 5, end: starts(t)[3] + 2, text: `a: 1${eol}--` }],
        (t) => [{ start: nameAt(t, 5), end: nameAt(t, 5), text: '\r' }],
      ];
      const service = worker();
      let reference = TextDocument.create(uri, 'yaml', 1, original);
      service.send({ type: 'sync', uri, version: 1, text: original });
      await service.diagnostics(uri);
      const undo: { start: number; end: number; text: string }[][] = [];
      const apply = async (batch: Batch) => {
        const changes: TextDocumentContentChangeEvent[] = [];
        const inverse: { start: number; end: number; text: string }[] = [];
        for (const change of batch) {
          const lspChange = { range: { start: reference.positionAt(change.start), end: reference.positionAt(change.end) }, text: change.text };
          // An offset inside a `\r\n` means the position before it: the inverse is taken from what the range covers.
          const [start, end] = [reference.offsetAt(lspChange.range.start), reference.offsetAt(lspChange.range.end)];
          inverse.unshift({ start, end: start + change.text.length, text: reference.getText().slice(start, end) });
          reference = TextDocument.update(reference, [lspChange], reference.version);
          changes.push(lspChange);
        }
        const version = reference.version + 1;
        reference = TextDocument.update(reference, [], version);
        service.send({ type: 'edit', uri, fromVersion: version - 1, version, changes });
        return { inverse, diagnostics: await service.diagnostics(uri) };
      };
      for (const batch of batches) {
        const { inverse, diagnostics } = await apply(batch(reference.getText()));
        undo.unshift(inverse);
        expect(withoutResultId(diagnostics)).toEqual(withoutResultId(await freshDiagnostics(uri, reference.getText(), reference.version)));
      }
      let last: VersionedDiagnostics | undefined;
      for (const batch of undo) last = (await apply(batch)).diagnostics;
      expect(reference.getText()).toBe(original);
      const fresh = await freshDiagnostics(uri, original, reference.version);
      expect(last && withoutResultId(last)).toEqual(withoutResultId(fresh));
      expect(fresh.items.length).toBeGreaterThan(0);
    });
  }
});
