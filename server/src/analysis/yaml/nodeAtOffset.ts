// Turns a cursor offset into "where am I in the YAML": the path of the mapping or value being typed,
// whether the cursor is on a key or a value, and the word under it. Works on half-typed, broken YAML by
// reading block-style indentation line by line rather than the parsed AST, which gives up on such text.
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import { splitDocuments, type DocumentChunk } from './parseYamlDocuments';

export type CursorPosition =
  /** Typing a key of the mapping at `path`. */
  | 'key'
  /** Typing the scalar value at `path` (the last segment is its key, or an index in a flow list). */
  | 'value'
  /** Typing after `- ` in the sequence item at `path`: a key if items are mappings, else a value. */
  | 'item';

export interface CursorContext {
  readonly documentIndex: number;
  readonly chunk: DocumentChunk;
  /** Top-level `kind` and `apiVersion` of the document, read from the text (quotes stripped). */
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly position: CursorPosition;
  readonly path: ValuePath;
  /** The part of the word before the cursor. */
  readonly prefix: string;
  /** The whole word under the cursor (what a completion replaces, what a hover describes). */
  readonly word: string;
  readonly wordSpan: SourceSpan;
  /** Keys already present in the mapping at `path` (key and item positions), excluding the word itself. */
  readonly existingKeys: readonly string[];
  /** True when the cursor line already has `key:` after the word, so a completion must not add another colon. */
  readonly hasColonAfter: boolean;
  /** Column of the word on its line. */
  readonly column: number;
  /** True for `key:|` with no space yet: an inserted value must start with one. */
  readonly valueNeedsSpace: boolean;
}

/** Never throws; returns undefined only for an offset outside the text. */
export function nodeAtOffset(text: string, offset: number): CursorContext | undefined {
  if (offset < 0 || offset > text.length) return undefined;
  const chunks = chunksOf(text);
  // The first chunk ending after the offset, else the last.
  let low = 0;
  let high = chunks.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (offset < chunks[middle].start + chunks[middle].text.length) high = middle;
    else low = middle + 1;
  }
  const documentIndex = low;
  const chunk = chunks[documentIndex];
  return contextInChunk(chunk, documentIndex, offset - chunk.start);
}

/**
 * Like nodeAtOffset, in one document the caller already holds (its chunk and index in the file, e.g. from the
 * file's analysis): nothing else of the file is read, so the answer costs the document, not the file.
 */
export function nodeAtOffsetInDocument(chunk: DocumentChunk, documentIndex: number, offset: number): CursorContext | undefined {
  if (offset < chunk.start || offset > chunk.start + chunk.text.length) return undefined;
  return contextInChunk(chunk, documentIndex, offset - chunk.start);
}

/** What hover and completion read: the whole text, or the cursor already located in its document (then `text` is read only if a caller needs the file). */
export type CursorInput = string | { readonly cursor: CursorContext | undefined; readonly text: () => string };

export function cursorOf(input: CursorInput, offset: number): CursorContext | undefined {
  return typeof input === 'string' ? nodeAtOffset(input, offset) : input.cursor;
}

// Hover and completion ask many offsets of the same text (the editor's current version): its documents are
// cut once, not on every request.
let lastSplit: { readonly text: string; readonly chunks: readonly DocumentChunk[] } | undefined;

function chunksOf(text: string): readonly DocumentChunk[] {
  if (lastSplit?.text !== text) lastSplit = { text, chunks: splitDocuments(text) };
  return lastSplit.chunks;
}

interface Frame {
  readonly col: number;
  readonly segment: string | number;
  readonly type: 'key' | 'item';
  /** Items seen so far in the sequence this key holds (keys only). */
  items: number;
}

interface LineShape {
  /** Columns of leading `- ` markers. */
  readonly dashes: number[];
  /** Column where the key or scalar begins, after indentation and dashes. */
  readonly contentCol: number;
  readonly key?: string;
  /** Text after `key:` (trimmed), when the line has a key. */
  readonly inlineValue?: string;
}

const KEY_LINE = /^((?:"[^"]*"|'[^']*'|[^\s#'"][^:#]*?))\s*:(?:\s+(.*)|$)/;

function readLine(line: string): LineShape {
  const dashes: number[] = [];
  let col = line.length - line.trimStart().length;
  while (line[col] === '-' && (col + 1 === line.length || line[col + 1] === ' ')) {
    dashes.push(col);
    col += 1;
    while (line[col] === ' ') col += 1;
  }
  const rest = line.slice(col);
  const match = KEY_LINE.exec(rest);
  if (!match) return { dashes, contentCol: col };
  return { dashes, contentCol: col, key: unquote(match[1]), inlineValue: (match[2] ?? '').replace(/\s+#.*$/, '').trim() };
}

function unquote(text: string): string {
  const t = text.trim();
  return (t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'")) ? t.slice(1, -1) : t;
}

/** Applies one line's structure to the indentation stack; returns the frames of its dashes (for the cursor line). */
function applyLine(stack: Frame[], root: Frame, shape: LineShape): void {
  for (const dash of shape.dashes) {
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      // A dash at the same column as a key with no inline value is that key's (unindented) sequence item.
      if (top.col < dash || (top.col === dash && top.type === 'key')) break;
      stack.pop();
    }
    const parent = stack.length > 0 ? stack[stack.length - 1] : root;
    parent.items += 1;
    stack.push({ col: dash, segment: parent.items, type: 'item', items: -1 });
  }
  if (shape.key !== undefined) {
    while (stack.length > 0 && stack[stack.length - 1].col >= shape.contentCol) stack.pop();
    stack.push({ col: shape.contentCol, segment: shape.key, type: 'key', items: -1 });
  }
}

function pathOf(stack: readonly Frame[]): (string | number)[] {
  return stack.map((f) => f.segment);
}

function contextInChunk(chunk: DocumentChunk, documentIndex: number, local: number): CursorContext {
  const text = chunk.text;
  const lineStart = text.lastIndexOf('\n', local - 1) + 1;
  let lineEnd = text.indexOf('\n', local);
  if (lineEnd === -1) lineEnd = text.length;
  const cursorLine = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const cursorCol = local - lineStart;

  const root: Frame = { col: -1, segment: '', type: 'key', items: -1 };
  const stack: Frame[] = [];
  let kind: string | undefined;
  let apiVersion: string | undefined;
  let blockScalarCol = -1;
  let offset = 0;
  // Pass 1: the lines before the cursor line build the indentation stack.
  while (offset < lineStart) {
    let end = text.indexOf('\n', offset);
    if (end === -1 || end > lineStart) end = lineStart;
    const line = text.slice(offset, end).replace(/\r$/, '');
    offset = end + 1;
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '' || line.trimStart().startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(line)) continue;
    if (blockScalarCol >= 0 && indent > blockScalarCol) continue;
    blockScalarCol = -1;
    const shape = readLine(line);
    applyLine(stack, root, shape);
    if (shape.key !== undefined && shape.dashes.length === 0 && shape.contentCol === 0) {
      if (shape.key === 'kind') kind = unquote(shape.inlineValue ?? '');
      if (shape.key === 'apiVersion') apiVersion = unquote(shape.inlineValue ?? '');
    }
    if (shape.key !== undefined && /^[|>]/.test(shape.inlineValue ?? '')) blockScalarCol = shape.contentCol;
  }

  // The cursor line: only what is left of the cursor decides the position.
  const before = cursorLine.slice(0, cursorCol);
  const shapeBefore = readLine(before);
  const dashesOnly: LineShape = { dashes: shapeBefore.dashes, contentCol: shapeBefore.contentCol };
  applyLine(stack, root, dashesOnly);
  const containerCol = before.trim() === '' ? cursorCol : shapeBefore.contentCol;
  let position: CursorPosition;
  let path: (string | number)[];
  let wordStart: number;
  const keyOnLine = KEY_LINE.exec(cursorLine.slice(shapeBefore.contentCol));
  const valueStart = keyOnLine ? shapeBefore.contentCol + keyOnLine[0].length - (keyOnLine[2] ?? '').length : -1;
  if (keyOnLine && cursorCol >= valueStart && valueStart > shapeBefore.contentCol) {
    // `key: val|` — the value of `key`; inside a flow list `[a, b|` the word starts after the last separator.
    while (stack.length > 0 && stack[stack.length - 1].col >= shapeBefore.contentCol) stack.pop();
    const key = unquote(keyOnLine[1]);
    path = [...pathOf(stack), key];
    const typed = cursorLine.slice(valueStart, cursorCol);
    const separator = Math.max(typed.lastIndexOf('['), typed.lastIndexOf(','));
    if (separator >= 0) path.push(typed.slice(0, separator + 1).split(',').length - 1);
    wordStart = valueStart + separator + 1;
    position = 'value';
  } else {
    if (shapeBefore.dashes.length > 0 && (before.slice(shapeBefore.contentCol).trim() === '' || !before.includes(':'))) {
      position = 'item';
    } else {
      position = 'key';
      while (stack.length > 0 && stack[stack.length - 1].col >= containerCol) stack.pop();
    }
    path = pathOf(stack);
    wordStart = containerCol;
  }
  while (wordStart < cursorCol && /[\s"'[]/.test(cursorLine[wordStart])) wordStart += 1;
  let wordEnd = cursorCol;
  while (wordEnd < cursorLine.length && /[^\s:,\]"'#]/.test(cursorLine[wordEnd])) wordEnd += 1;
  const prefix = cursorLine.slice(wordStart, cursorCol);
  const word = cursorLine.slice(wordStart, wordEnd);
  const hasColonAfter = position !== 'value' && /^\s*:/.test(cursorLine.slice(wordEnd));

  // Pass 2: the rest of the document, for kind/apiVersion below the cursor and sibling keys.
  const existing = new Set<string>();
  const containerKey = JSON.stringify(path);
  const collect = position === 'key' || position === 'item';
  const siblingStack: Frame[] = [];
  const siblingRoot: Frame = { col: -1, segment: '', type: 'key', items: -1 };
  blockScalarCol = -1;
  offset = 0;
  while (offset <= text.length) {
    let end = text.indexOf('\n', offset);
    if (end === -1) end = text.length;
    const isCursorLine = offset === lineStart;
    const line = text.slice(offset, end).replace(/\r$/, '');
    offset = end + 1;
    const indent = line.length - line.trimStart().length;
    if (line.trim() === '' || line.trimStart().startsWith('#') || /^(---|\.\.\.)(\s|$)/.test(line)) {
      if (end === text.length) break;
      continue;
    }
    if (blockScalarCol >= 0 && indent > blockScalarCol) continue;
    blockScalarCol = -1;
    const shape = readLine(line);
    applyLine(siblingStack, siblingRoot, shape);
    // The cursor line's own value may be half-typed (`kind: Cil|`), so it only counts when the cursor is not in it.
    if (shape.key !== undefined && shape.dashes.length === 0 && shape.contentCol === 0 && !(isCursorLine && position === 'value')) {
      if (shape.key === 'kind' && kind === undefined) kind = unquote(shape.inlineValue ?? '');
      if (shape.key === 'apiVersion' && apiVersion === undefined) apiVersion = unquote(shape.inlineValue ?? '');
    }
    if (collect && shape.key !== undefined && !isCursorLine && JSON.stringify(pathOf(siblingStack.slice(0, -1))) === containerKey) {
      existing.add(shape.key);
    }
    if (shape.key !== undefined && /^[|>]/.test(shape.inlineValue ?? '')) blockScalarCol = shape.contentCol;
    if (end === text.length) break;
  }

  return {
    documentIndex,
    chunk,
    ...(kind ? { kind } : {}),
    ...(apiVersion ? { apiVersion } : {}),
    position,
    path,
    prefix,
    word,
    wordSpan: { start: chunk.start + lineStart + wordStart, end: chunk.start + lineStart + wordEnd },
    existingKeys: [...existing],
    hasColonAfter,
    column: wordStart,
    valueNeedsSpace: position === 'value' && cursorLine[wordStart - 1] === ':',
  };
}
