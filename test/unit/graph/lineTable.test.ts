// A rule range's line table derived from the previous text's (lineTable.ts) must give the positions a table built
// from scratch gives (yaml/lineIndex.ts, the one every other position comes from), whatever the edit: seeded random
// texts with \n, \r\n and lone \r line breaks, edits at the start, the end, across line breaks and block boundaries.
import { describe, expect, it } from 'vitest';
import { LineTable } from '../../../server/src/analysis/graph/lineTable';
import { LineIndex } from '../../../server/src/analysis/yaml/lineIndex';
import { seededRandom } from '../../support/seededRandom';

const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', 'key: value', '---\n', 'x'.repeat(40)];

function randomText(pick: (n: number) => number, length: number): string {
  let out = '';
  while (out.length < length) out += pieces[pick(pieces.length)];
  return out;
}

function positions(text: string, table: { positionAt(offset: number): { line: number; character: number } }): string {
  const out: string[] = [];
  for (let offset = 0; offset <= text.length; offset++) {
    const p = table.positionAt(offset);
    out.push(`${p.line}:${p.character}`);
  }
  return out.join(',');
}

describe('line table derived after an edit', () => {
  for (const seed of [3, 17, 99, 1234]) {
    it(`seed ${seed}: equals a table of the new text after 40 random edits`, () => {
      const next = seededRandom(seed);
      const pick = (n: number) => Math.floor(next() * n);
      let text = randomText(pick, 200 + pick(400));
      let table = LineTable.of(text);
      for (let step = 0; step < 40; step++) {
        const at = pick(text.length + 1);
        const end = Math.min(text.length, at + pick(12));
        text = text.slice(0, at) + randomText(pick, pick(3) === 0 ? 0 : 1 + pick(10)).slice(0, pick(12)) + text.slice(end);
        table = table.next(text);
        expect(positions(text, table), `seed ${seed}, step ${step}`).toBe(positions(text, new LineIndex(text)));
      }
    });
  }

  it('across 64 KiB compare blocks: an edit deep in a long text, and texts that differ everywhere', () => {
    const next = seededRandom(7);
    const pick = (n: number) => Math.floor(next() * n);
    const long = randomText(pick, 200_000);
    for (const at of [0, 65_535, 65_536, 131_073, 199_999]) {
      const edited = `${long.slice(0, at)}\r\n# a comment\r${long.slice(at + 3)}`;
      const derived = LineTable.of(long).next(edited);
      const fresh = new LineIndex(edited);
      for (let offset = Math.max(0, at - 300); offset < Math.min(edited.length, at + 300); offset++) expect(derived.positionAt(offset)).toEqual(fresh.positionAt(offset));
      for (const offset of [0, edited.length - 1, edited.length]) expect(derived.positionAt(offset)).toEqual(fresh.positionAt(offset));
    }
    const other = randomText(pick, 150_000);
    expect(positions(other, LineTable.of(long).next(other))).toBe(positions(other, new LineIndex(other)));
  });
});
