// toLspRange answers a span on the first line without the document's line table (the ML0006 of a 50 MB
// file); its ranges must be exactly the TextDocument's (vscode-languageserver-textdocument: `\r`, `\n` and
// `\r\n` each end a line, offsets are clamped to the text).
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspRange } from '../../../server/src/lsp/toLsp';

const texts = ['', 'kind: X', 'ab\ncd', 'ab\r\ncd\n', 'a\rb\nc', '\nfirst line empty', 'ä😀b: 1\nx'];

describe('toLspRange', () => {
  it.each(texts.map((text) => [JSON.stringify(text), text]))('equals positionAt for every span of %s', (_, text) => {
    const document = TextDocument.create('file:///t.yaml', 'yaml', 1, text);
    for (let start = 0; start <= text.length + 2; start++) {
      for (let end = start; end <= text.length + 2; end++) {
        expect(toLspRange(document, { start, end }), `${start}-${end}`).toEqual({ start: document.positionAt(start), end: document.positionAt(end) });
      }
    }
  });

  it('locates a span at the start of a large file on line 0, and one after it by the line table', () => {
    const text = `apiVersion: v1\n${'a: 1\n'.repeat(100_000)}`;
    const document = TextDocument.create('file:///big.yaml', 'yaml', 1, text);
    expect(toLspRange(document, { start: 0, end: 0 })).toEqual({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    expect(toLspRange(document, { start: 15, end: 16 })).toEqual({ start: { line: 1, character: 0 }, end: { line: 1, character: 1 } });
  });
});
