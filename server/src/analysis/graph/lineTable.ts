// Line starts of a file's text, for the ranges of graph rule references (ruleReference.ts keeps one per file).
// After an edit, the next text's table is derived from the previous one: the texts' common prefix and suffix are
// found by comparing blocks natively, only the lines between are scanned again, and the later line starts are
// shifted. A one-policy edit in a file of 12,000 documents then costs a compare of the two texts and a copy of the
// line list, not a character loop over its 6 MB. Lines end as in yaml/lineIndex.ts (\n, \r\n, or a lone \r).
import { lastIndexAtOrBelow } from '../lastIndexAtOrBelow';

export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

/** Compared a block at a time (slices of both texts compare in native code), then character by character. */
const BLOCK = 1 << 16;

export class LineTable {
  private constructor(
    readonly text: string,
    private readonly starts: readonly number[],
  ) {}

  static of(text: string): LineTable {
    const starts = [0];
    pushLineStarts(text, 0, text.length, starts);
    return new LineTable(text, starts);
  }

  /** The table of `text`, keeping this one's line starts where the two texts agree. */
  next(text: string): LineTable {
    const was = this.text;
    if (was === text) return this;
    const prefix = commonPrefix(was, text);
    const suffix = commonSuffix(was, text, Math.min(was.length, text.length) - prefix);
    const oldEnd = was.length - suffix;
    const newEnd = text.length - suffix;
    // A line start depends on the character before it and (for \r) the one after it: starts up to `prefix - 1`
    // read only the common prefix; those the old text had past `oldEnd` read only the common suffix.
    const scanFrom = Math.max(0, prefix - 1);
    const starts = this.starts;
    const out = starts.slice(0, lastIndexAtOrBelow(starts.length, (i) => starts[i], scanFrom) + 1);
    pushLineStarts(text, scanFrom, newEnd, out);
    const delta = newEnd - oldEnd;
    for (let i = lastIndexAtOrBelow(starts.length, (k) => starts[k], oldEnd) + 1; i < starts.length; i++) out.push(starts[i] + delta);
    return new LineTable(text, out);
  }

  positionAt(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.starts;
    const line = lastIndexAtOrBelow(starts.length, (i) => starts[i], clamped);
    return { line, character: clamped - starts[line] };
  }
}

/** Pushes the start of every line that a line break at offsets [from, to) begins. */
function pushLineStarts(text: string, from: number, to: number, out: number[]): void {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) out.push(i + 1);
  }
}

function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + BLOCK <= max && a.slice(i, i + BLOCK) === b.slice(i, i + BLOCK)) i += BLOCK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common suffix, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let n = 0;
  while (n + BLOCK <= max && a.slice(a.length - n - BLOCK, a.length - n) === b.slice(b.length - n - BLOCK, b.length - n)) n += BLOCK;
  while (n < max && a.charCodeAt(a.length - n - 1) === b.charCodeAt(b.length - n - 1)) n++;
  return n;
}
