// The block-held text of an open document (host/blockText.ts) and the worker's document over it
// (lsp/worker/workerDocument.ts) must read exactly like vscode-languageserver-textdocument, the reference the
// editor's positions are defined by: same text, line count, offset↔position in both directions, after any
// sequence of edits (inside blocks and across their boundaries, line breaks made and removed, `\r\n` split and
// joined, `---` lines added and removed, multi-change batches).
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BlockText } from '../../../server/src/analysis/host/blockText';
import { WorkerDocument } from '../../../server/src/lsp/worker/workerDocument';
import { generatePolicies } from '../../../bench/generatePolicies';
import { tooLargeFindings } from '../../../server/src/analysis/host/reportedFindings';
import { seededRandom } from '../../support/seededRandom';

const pieces = ['', 'x', '\n', '\r', '\r\n', '\n\n', '---\n', '\n---\n', 'key: value\r\n', '  - a\n'];

function expectSame(ours: WorkerDocument, reference: TextDocument, next: () => number): void {
  const text = reference.getText();
  expect(ours.getText()).toBe(text);
  expect(ours.lineCount).toBe(reference.lineCount);
  for (let k = 0; k < 40; k++) {
    const offset = Math.floor(next() * (text.length + 3)) - 1;
    expect(ours.positionAt(offset)).toEqual(reference.positionAt(offset));
    const position = { line: Math.floor(next() * (reference.lineCount + 2)) - 1, character: Math.floor(next() * 40) };
    expect(ours.offsetAt(position)).toBe(reference.offsetAt(position));
    const line = Math.floor(next() * reference.lineCount);
    expect(ours.getLineRange(line)).toEqual(reference.getLineRange(line));
    expect(ours.getEOLCharacters(line)).toBe(reference.getEOLCharacters(line));
    const a = Math.floor(next() * text.length);
    const b = Math.min(text.length, a + Math.floor(next() * 9000));
    expect(ours.content.slice(a, b)).toBe(text.slice(a, b));
  }
}

describe('BlockText', () => {
  it('reads like a TextDocument for LF and CRLF files, before any edit', () => {
    const next = seededRandom(1);
    for (const text of ['', 'a', '\n', '\r', '\r\n', 'a\r\nb\rc\nd', generatePolicies(60), generatePolicies(60).replace(/\n/g, '\r\n')]) {
      expectSame(WorkerDocument.create('file:///t.yaml', 1, text), TextDocument.create('file:///t.yaml', 'yaml', 1, text), next);
    }
  });

  for (const [name, eol] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`stays equal to a TextDocument through random edits and multi-change batches (${name})`, () => {
      const next = seededRandom(name.length * 7919);
      const text = generatePolicies(80).replace(/\n/g, eol);
      let ours = WorkerDocument.create('file:///t.yaml', 1, text);
      let reference = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
      for (let version = 2; version < 302; version++) {
        const changes = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
          // Each change is on the text as the previous changes of the batch left it, as in LSP.
          const length = reference.getText().length;
          const start = Math.floor(next() * (length + 1));
          // Mostly short ranges; now and then one spanning several blocks.
          const end = Math.min(length, start + (next() < 0.1 ? Math.floor(next() * 12000) : Math.floor(next() * 6)));
          const change = { range: { start: reference.positionAt(start), end: reference.positionAt(end) }, text: pieces[Math.floor(next() * pieces.length)] };
          reference = TextDocument.update(reference, [change], version);
          return change;
        });
        ours = ours.applyChanges(changes, version).document;
        expectSame(ours, reference, next);
      }
    });
  }

  it('finds a policy `kind:` line in the blocks as in the joined text, through random edits that make and break one', () => {
    const next = seededRandom(4242);
    // A file too large to analyse gets ML0006 only when it holds a policy: the test runs over the blocks of each version.
    const filler = Array.from({ length: 3000 }, (_, i) => (i % 7 === 0 ? '---' : `key${i}: value`)).join('\n');
    const kindPieces = ['kind: CiliumNetworkPolicy\n', 'kind: Cilium', 'NetworkPolicy\n', '\n', '\r\n', 'kind: Deployment\n', 'x', ''];
    let ours = WorkerDocument.create('file:///t.yaml', 1, filler);
    let reference = TextDocument.create('file:///t.yaml', 'yaml', 1, filler);
    const seen = new Set<boolean>();
    for (let version = 2; version < 400; version++) {
      const length = reference.getText().length;
      const start = Math.floor(next() * (length + 1));
      const end = Math.min(length, start + (next() < 0.3 ? Math.floor(next() * 40) : 0));
      const change = { range: { start: reference.positionAt(start), end: reference.positionAt(end) }, text: kindPieces[Math.floor(next() * kindPieces.length)] };
      reference = TextDocument.update(reference, [change], version);
      ours = ours.applyChanges([change], version).document;
      const expected = tooLargeFindings(reference.getText(), 1);
      expect(tooLargeFindings(ours.content, 1)).toEqual(expected);
      seen.add(expected.length > 0);
      // Deleting now and then keeps both answers coming up.
      if (version % 50 === 0) {
        const text = reference.getText().replace(/^kind: CiliumNetworkPolicy\r?$/gm, 'kind: Gone');
        reference = TextDocument.create('file:///t.yaml', 'yaml', version, text);
        ours = ours.applyChanges([{ text }], version).document.applyChanges([{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }], version).document;
        expect(tooLargeFindings(ours.content, 1)).toEqual(tooLargeFindings(text, 1));
      }
    }
    expect(seen).toEqual(new Set([true, false]));
  });

  it('splits and joins `\\r\\n` across an edit at a line end', () => {
    let ours = BlockText.of('a\rb\nc');
    ours = ours.replace(2, 3, '\n');
    expect(ours.toString()).toBe('a\r\n\nc');
    expect(ours.lineCount).toBe(3);
    ours = ours.replace(2, 2, 'x');
    expect(ours.toString()).toBe('a\rx\n\nc');
    expect(ours.lineCount).toBe(4);
    expect(ours.positionAt(2)).toEqual({ line: 1, character: 0 });
  });

  it('shares the untouched blocks with the version it was edited from and keeps that version intact', () => {
    const text = generatePolicies(200);
    const before = BlockText.of(text);
    const after = before.replace(50000, 50000, 'x');
    expect(before.toString()).toBe(text);
    expect(after.toString()).toBe(text.slice(0, 50000) + 'x' + text.slice(50000));
    // The edited version never joined its text to answer a position.
    const fresh = before.replace(100, 100, 'y');
    expect(fresh.positionAt(fresh.length - 1).line).toBe(text.split('\n').length - 2);
    expect(fresh.isJoined).toBe(false);
  });

  it('reports the extent a batch left alone', () => {
    const document = WorkerDocument.create('file:///t.yaml', 1, 'abc\ndef\nghi\n');
    const { document: edited, extent } = document.applyChanges(
      [
        { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 2 } }, text: 'E' },
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: 'AA' },
      ],
      2,
    );
    expect(edited.getText()).toBe('AAbc\ndEf\nghi\n');
    expect(extent).toEqual({ prefix: 0, suffix: 6 });
    expect(document.applyChanges([{ text: 'whole' }], 3).extent).toBeUndefined();
  });
});
