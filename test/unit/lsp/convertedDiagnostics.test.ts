// The worker's converted-diagnostics cache (lsp/worker/convertedDiagnostics.ts) against a fresh conversion of every
// finding, after random edits (LF and CRLF text, line breaks typed and deleted, several edits between answers, a
// whole new text now and then), with findings that change the way the host's do: unchanged before the edit, moved
// copies after it, new ones where it touched. And through the worker: its answers equal a fresh worker's.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver';
import { ConvertedDiagnostics } from '../../../server/src/lsp/worker/convertedDiagnostics';
import { WorkerDocument } from '../../../server/src/lsp/worker/workerDocument';
import { toDiagnostic } from '../../../server/src/lsp/toLsp';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { shiftFinding } from '../../../server/src/analysis/rebaseDocumentAnalysis';
import { AnalysisService } from '../../../server/src/lsp/worker/analysisService';
import type { FromWorker, VersionedDiagnostics } from '../../../server/src/lsp/worker/workerProtocol';
import type { DiagnosticsAnswer, DiagnosticsSplice } from '../../../server/src/lsp/worker/diagnosticResults';
import { generatePolicies } from '../../../bench/generatePolicies';
import { seededRandom } from '../../support/seededRandom';

const docsBase = 'file:///docs/diagnostics.md';
const uri = 'file:///cached.yaml';

describe('ConvertedDiagnostics', () => {
  it('converts like toDiagnostic after random edits, reusing what the edits did not touch', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const next = seededRandom(seed);
      const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
      const eol = seed % 2 === 0 ? '\r\n' : '\n';
      const randomText = (lines: number) => Array.from({ length: lines }, () => 'k'.repeat(Math.floor(next() * 12))).join(eol);
      let serial = 0;
      const finding = (start: number, end: number): Finding => {
        serial += 1;
        const related = next() < 0.3 ? [{ message: `see ${serial}`, span: { start, end: Math.max(start, end - 1) } }] : undefined;
        return { code: pick(['ML1001', 'ML4001', 'ML5002']), severity: pick(['error', 'warning'] as const), message: `m${serial}`, span: { start, end }, ...(related ? { related } : {}), ...(next() < 0.3 ? { data: { replaceWith: `r${serial}` } } : {}) };
      };
      const randomFindings = (from: number, to: number, count: number) =>
        Array.from({ length: count }, () => {
          const start = from + Math.floor(next() * Math.max(0, to - from));
          return finding(start, Math.min(to, start + Math.floor(next() * 8)));
        });
      const sorted = (list: Finding[]) => list.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);

      let document = WorkerDocument.create(uri, 1, randomText(60));
      let findings = sorted(randomFindings(0, document.content.length, 40));
      const cache = new ConvertedDiagnostics(docsBase);
      let previous: Diagnostic[] = [];
      let reused = 0;
      let total = 0;
      for (let round = 0; round < 150; round++) {
        if (next() < 0.05) {
          // A whole new text (an open, a worker restart).
          document = WorkerDocument.create(uri, document.version + 1, randomText(40));
          cache.edited(uri, undefined);
          findings = sorted(randomFindings(0, document.content.length, 30));
        } else {
          // One to three edits before the next answer, each moving the findings as the host does.
          for (let edits = 1 + Math.floor(next() * 3); edits > 0; edits--) {
            const length = document.content.length;
            // Offsets an LSP position can name (not between the two characters of a `\r\n`).
            const named = (offset: number) => document.offsetAt(document.positionAt(offset));
            const start = named(Math.floor(next() * (length + 1)));
            const end = Math.max(start, named(Math.min(length, start + (next() < 0.5 ? 0 : Math.floor(next() * 6)))));
            const insert = pick(['x', '', eol, `a${eol}b`, '\r', '\n', 'yy']);
            const change = { range: { start: document.positionAt(start), end: document.positionAt(end) }, text: insert };
            const applied = document.applyChanges([change], document.version + 1);
            document = applied.document;
            cache.edited(uri, applied.extent);
            const delta = insert.length - (end - start);
            const kept = findings.filter((f) => lastEnd(f) < start || firstStart(f) > end).map((f) => (firstStart(f) > end ? shiftFinding(f, delta) : f));
            findings = sorted([...kept, ...randomFindings(start, start + insert.length, next() < 0.5 ? 1 : 0)]);
          }
        }
        // Sometimes a second answer for the same version (provisional, then settled) with one finding more.
        const answers = next() < 0.2 ? [findings, sorted([...findings, ...randomFindings(0, document.content.length, 1)])] : [findings];
        for (const list of answers) {
          const items = cache.convert(document, list);
          expect(items).toEqual(list.map((f) => toDiagnostic(document, f, docsBase)));
          total += items.length;
          reused += items.filter((d) => previous.includes(d)).length;
          previous = items;
        }
      }
      // Most items are the very objects of the answer before (the cache is used, not just correct).
      expect(reused / total).toBeGreaterThan(0.3);
    }
  });
});

describe('worker answers with the cache', () => {
  it('equal a fresh worker after random keystrokes (the items rebuilt from splices)', async () => {
    const next = seededRandom(7);
    const ask = (service: AnalysisService, waiting: Map<number, (a: DiagnosticsAnswer) => void>, id: number) =>
      new Promise<DiagnosticsAnswer>((resolve) => {
        waiting.set(id, resolve);
        service.receive({ type: 'request', id, request: { kind: 'diagnostics', uri } });
      });
    const start = () => {
      const waiting = new Map<number, (a: DiagnosticsAnswer) => void>();
      const service = new AnalysisService({ docsBase }, (m: FromWorker) => {
        if (m.type === 'response') waiting.get(m.id)?.(m.result as DiagnosticsAnswer);
      });
      return { service, waiting };
    };
    let text = generatePolicies(12);
    const typed = start();
    typed.service.receive({ type: 'sync', uri, version: 1, text });
    let items = ((await ask(typed.service, typed.waiting, 1)) as VersionedDiagnostics).items;
    for (let version = 2; version < 22; version++) {
      const document = WorkerDocument.create(uri, version - 1, text);
      const at = Math.floor(next() * text.length);
      const insert = ['x', '\n', ': ', '  extra: 1\n', ''][Math.floor(next() * 5)];
      const end = insert === '' ? Math.min(text.length, at + 3) : at;
      typed.service.receive({ type: 'edit', uri, fromVersion: version - 1, version, changes: [{ range: { start: document.positionAt(at), end: document.positionAt(end) }, text: insert }] });
      text = text.slice(0, at) + insert + text.slice(end);
      const answer = await ask(typed.service, typed.waiting, version);
      items = 'splices' in answer ? rebuild(items, answer) : answer.items;
      // A worker that never saw the file answers the same text from scratch (no carried-over findings: compare
      // with its answer only where this worker's is complete, i.e. the same conversion of the same findings).
      const fresh = start();
      fresh.service.receive({ type: 'sync', uri, version, text });
      const expected = ((await ask(fresh.service, fresh.waiting, 1)) as VersionedDiagnostics).items;
      expect(items.filter((d) => !String(d.code).startsWith('ML4') && !String(d.code).startsWith('ML5'))).toEqual(expected.filter((d) => !String(d.code).startsWith('ML4') && !String(d.code).startsWith('ML5')));
    }
  });
});

function rebuild(items: Diagnostic[], answer: { readonly splices: readonly DiagnosticsSplice[] }): Diagnostic[] {
  const out = items.slice();
  for (const splice of answer.splices) out.splice(splice.at, splice.deleteCount, ...splice.items);
  return out;
}

function firstStart(f: Finding): number {
  return Math.min(f.span.start, ...(f.related ?? []).map((r) => r.span.start));
}

function lastEnd(f: Finding): number {
  return Math.max(f.span.end, ...(f.related ?? []).map((r) => r.span.end));
}
