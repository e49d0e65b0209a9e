// An open document's text held as blocks of whole lines (about BLOCK_CHARS each) with a line index per block,
// so an edit costs the blocks it touched, not the file: replacing a range rebuilds the one to three blocks
// around it and shares every other block with the previous version (versions are immutable; a snapshot keeps
// answering for its own). The whole text is joined only when someone asks for it (`toString()`, memoised), which
// the edit path does not: a full copy of a 2 MB string costs 10–20 ms on a loaded machine, the edit goal 20 ms.
// Line and column semantics are those of vscode-languageserver-textdocument (`\n`, `\r\n` and a lone `\r` end a
// line; a position inside a line break means its start), which the tests compare against.

import { lastIndexAtOrBelow } from '../lastIndexAtOrBelow';

/** Blocks are cut at the first line end after this many characters. */
const BLOCK_CHARS = 4096;

interface Block {
  readonly text: string;
  /** Offsets (within the block) of the lines that start strictly inside it; its first line starts at 0. */
  readonly breaks: readonly number[];
}

export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

export class BlockText {
  private flat: string | undefined;
  private built: readonly Block[] | undefined;
  /** Per block: its start offset and its first line, computed on first use per version. */
  private starts: Int32Array | undefined;
  private firstLines: Int32Array | undefined;
  readonly length: number;

  private constructor(flat: string | undefined, blocks: readonly Block[] | undefined, length: number) {
    this.flat = flat;
    this.built = blocks;
    this.length = length;
  }

  static of(text: string): BlockText {
    return new BlockText(text, undefined, text.length);
  }

  /** The whole text (joined once per version, then kept). */
  toString(): string {
    if (this.flat === undefined) this.flat = this.blocks().map((b) => b.text).join('');
    return this.flat;
  }

  /** True when the whole text is already one string (reading it costs nothing). */
  get isJoined(): boolean {
    return this.flat !== undefined;
  }

  /** The text between two offsets, joined from the blocks it covers only. */
  slice(start: number, end: number = this.length): string {
    start = clamp(start, 0, this.length);
    end = clamp(end, start, this.length);
    if (this.flat !== undefined) return this.flat.slice(start, end);
    if (start === end) return '';
    const blocks = this.blocks();
    const starts = this.blockStarts();
    const first = blockAt(starts, start);
    const last = blockAt(starts, end - 1);
    if (first === last) return blocks[first].text.slice(start - starts[first], end - starts[first]);
    const parts = [blocks[first].text.slice(start - starts[first])];
    for (let i = first + 1; i < last; i++) parts.push(blocks[i].text);
    parts.push(blocks[last].text.slice(0, end - starts[last]));
    return parts.join('');
  }

  /**
   * True when `linePattern` (not global; it matches within one line, e.g. `^kind: …$` with the `m` flag) matches
   * the text. Blocks hold whole lines, so a match in the text is a match in one block; each block's answer is kept,
   * so a later version tests only the blocks an edit rebuilt.
   */
  someLineMatches(linePattern: RegExp): boolean {
    if (this.flat !== undefined && !this.built) return linePattern.test(this.flat);
    let known = lineMatches.get(linePattern);
    if (!known) lineMatches.set(linePattern, (known = new WeakMap()));
    for (const block of this.blocks()) {
      let found = known.get(block);
      if (found === undefined) known.set(block, (found = linePattern.test(block.text)));
      if (found) return true;
    }
    return false;
  }

  charCodeAt(offset: number): number {
    if (this.flat !== undefined) return this.flat.charCodeAt(offset);
    if (offset < 0 || offset >= this.length) return Number.NaN;
    const i = blockAt(this.blockStarts(), offset);
    return this.blocks()[i].text.charCodeAt(offset - this.blockStarts()[i]);
  }

  /** A new version with `[start, end)` replaced by `insert`; blocks away from the range are shared. */
  replace(start: number, end: number, insert: string): BlockText {
    start = clamp(start, 0, this.length);
    end = clamp(end, start, this.length);
    const blocks = this.blocks();
    const starts = this.blockStarts();
    // The touched blocks and one neighbour each side: their outer ends do not change, so the cut between the
    // region and the blocks beyond it stays at a line end (never inside a `\r\n`).
    const first = Math.max(0, blockAt(starts, start) - 1);
    const last = Math.min(blocks.length - 1, blockAt(starts, Math.max(start, end - 1)) + 1);
    const regionStart = starts[first];
    let region = '';
    for (let i = first; i <= last; i++) region += blocks[i].text;
    region = region.slice(0, start - regionStart) + insert + region.slice(end - regionStart);
    const next = [...blocks.slice(0, first), ...cutBlocks(region), ...blocks.slice(last + 1)];
    return new BlockText(undefined, next.length > 0 ? next : [{ text: '', breaks: [] }], this.length - (end - start) + insert.length);
  }

  get lineCount(): number {
    const blocks = this.blocks();
    const lines = this.lineStarts();
    const last = blocks.length - 1;
    return lines[last] + 1 + blocks[last].breaks.length + (endsWithLineBreak(blocks[last].text) ? 1 : 0);
  }

  /** Offset of a line's first character (lines past the end: the text's length). */
  lineStart(line: number): number {
    if (line <= 0) return 0;
    if (line >= this.lineCount) return this.length;
    const blocks = this.blocks();
    const lines = this.lineStarts();
    const i = blockAt(lines, line);
    const within = line - lines[i];
    // The empty line after a final line break starts at the end of the text.
    if (within > blocks[i].breaks.length) return this.length;
    return this.blockStarts()[i] + (within === 0 ? 0 : blocks[i].breaks[within - 1]);
  }

  offsetAt(position: LinePosition): number {
    if (position.line >= this.lineCount) return this.length;
    if (position.line < 0) return 0;
    const lineOffset = this.lineStart(position.line);
    if (position.character <= 0) return lineOffset;
    const nextLineOffset = position.line + 1 < this.lineCount ? this.lineStart(position.line + 1) : this.length;
    return this.beforeLineEnd(Math.min(lineOffset + position.character, nextLineOffset), lineOffset);
  }

  positionAt(offset: number): LinePosition {
    offset = clamp(offset, 0, this.length);
    const line = this.lineOf(offset);
    const lineOffset = this.lineStart(line);
    return { line, character: this.beforeLineEnd(offset, lineOffset) - lineOffset };
  }

  /** The line an offset lies on. */
  private lineOf(offset: number): number {
    const blocks = this.blocks();
    const starts = this.blockStarts();
    const i = blockAt(starts, offset);
    const block = blocks[i];
    const within = offset - starts[i];
    // Past the block's last character: the empty line after a final line break (only the last block ends there).
    if (within >= block.text.length && endsWithLineBreak(block.text)) return this.lineCount - 1;
    return this.lineStarts()[i] + countAtOrBelow(block.breaks, within);
  }

  private beforeLineEnd(offset: number, lineOffset: number): number {
    while (offset > lineOffset && isLineEnd(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  private blocks(): readonly Block[] {
    if (!this.built) this.built = cutBlocks(this.flat ?? '');
    if (this.built.length === 0) this.built = [{ text: '', breaks: [] }];
    return this.built;
  }

  private blockStarts(): Int32Array {
    if (!this.starts) {
      const blocks = this.blocks();
      const starts = new Int32Array(blocks.length);
      let at = 0;
      for (let i = 0; i < blocks.length; i++) {
        starts[i] = at;
        at += blocks[i].text.length;
      }
      this.starts = starts;
    }
    return this.starts;
  }

  private lineStarts(): Int32Array {
    if (!this.firstLines) {
      const blocks = this.blocks();
      const lines = new Int32Array(blocks.length);
      let line = 0;
      for (let i = 0; i < blocks.length; i++) {
        lines[i] = line;
        line += 1 + blocks[i].breaks.length;
      }
      this.firstLines = lines;
    }
    return this.firstLines;
  }
}

/** Per line pattern, whether a block has a match (blocks are shared between versions). */
const lineMatches = new WeakMap<RegExp, WeakMap<Block, boolean>>();

/**
 * Same text, without joining an edited version to find out: the same version, or two whole strings that are equal.
 * A false "different" only costs a re-analysis (which the document cache makes cheap), never a wrong answer.
 */
export function sameContent(a: BlockText, b: BlockText): boolean {
  return a === b || (a.isJoined && b.isJoined && a.length === b.length && a.toString() === b.toString());
}

/** Cuts text into blocks at line ends after about BLOCK_CHARS characters, each with its line index. */
function cutBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let blockStart = 0;
  let breaks: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== 10 && code !== 13) continue;
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    const lineStart = i + 1;
    if (lineStart - blockStart >= BLOCK_CHARS || lineStart === text.length) {
      blocks.push({ text: text.slice(blockStart, lineStart), breaks });
      blockStart = lineStart;
      breaks = [];
    } else {
      breaks.push(lineStart - blockStart);
    }
  }
  if (blockStart < text.length) blocks.push({ text: text.slice(blockStart), breaks });
  return blocks;
}

/** Index of the last entry at or below `value` (entries ascending, the first one 0). */
function blockAt(starts: Int32Array, value: number): number {
  return lastIndexAtOrBelow(starts.length, (i) => starts[i], value);
}

function countAtOrBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] <= value) low = middle + 1;
    else high = middle;
  }
  return low;
}

function endsWithLineBreak(text: string): boolean {
  return text.length > 0 && isLineEnd(text.charCodeAt(text.length - 1));
}

function isLineEnd(code: number): boolean {
  return code === 10 || code === 13;
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(high, value));
}
