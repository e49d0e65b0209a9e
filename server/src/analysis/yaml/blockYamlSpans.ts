// Where a value path lands in a document, found from its text alone, for documents the block reader read
// (blockYamlValue.ts): their AST is composed only on demand, and composing one to place a finding costs about as
// much as the rest of its analysis. This finds the common places, a mapping key or a one-line scalar reached through
// block mappings and sequences, and gives up (undefined) on everything else: a flow collection or block scalar on the
// way, a value over several lines, a collection's own span, quoted keys with escapes, a path that is not there.
// The caller then composes the AST (parseYamlDocuments.ts locate). Every span found equals the one `locate` gives
// (test/unit/yaml/blockYamlSpans.test.ts compares them for every path of every document of the corpus and more).
import type { ValuePath } from '../model/sourceSpan';
import { resolvePlainScalar } from './blockYamlValue';

/** A span relative to the document's text. */
export interface TextSpan {
  readonly start: number;
  readonly end: number;
}

const SPACE = 32;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const LF = 10;

/**
 * The span `spanAt(doc, path, prefer)` gives, relative to `text`, when the path reaches a mapping key (prefer
 * 'key', or a map entry without a one-line scalar) or a one-line scalar; undefined when it cannot tell.
 */
export function blockSpanAt(text: string, path: ValuePath, prefer: 'key' | 'value'): TextSpan | undefined {
  // Tabs and carriage returns change what a column is; such text takes the composed way.
  if (text.includes('\t') || text.includes('\r')) return undefined;
  let at = rootStart(text);
  if (at === undefined) return undefined;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    const last = i === path.length - 1;
    const column = at - lineStartOf(text, at);
    if (isSequenceItem(text, at)) {
      if (typeof part !== 'number') return undefined;
      const item = sequenceItem(text, at, column, part);
      if (item === undefined) return undefined;
      if (last) return oneLineScalar(text, item.content, column);
      at = item.content;
      // The item holds a block collection on its own line(s), or a compact mapping on the dash's line.
      if (item.onDashLine && !startsMapEntry(text, at)) return undefined;
      continue;
    }
    if (typeof part !== 'string' && typeof part !== 'number') return undefined;
    const entry = mapEntry(text, at, column, String(part));
    if (entry === undefined) return undefined;
    if (last) {
      if (prefer === 'key') return entry.key;
      // `locate` prefers the value; without a one-line scalar there (a collection, null) it is not known here.
      return oneLineScalar(text, entry.valueStart, column);
    }
    const nested = nestedCollection(text, entry, column);
    if (nested === undefined) return undefined;
    at = nested;
  }
  return undefined;
}

/** The first character of the document's root node, past comments, blank lines and a `---` line. */
function rootStart(text: string): number | undefined {
  let line = 0;
  while (line < text.length) {
    const content = firstContent(text, line);
    const end = lineEnd(text, line);
    if (content < end && text.charCodeAt(content) !== HASH) {
      if (text.startsWith('---', line) && content === line) {
        // A `---` line with nothing but a comment after it; content on the marker line is left to the AST.
        const after = skipSpaces(text, line + 3);
        if (after < end && text.charCodeAt(after) !== HASH) return undefined;
      } else {
        return content === line ? content : undefined;
      }
    }
    line = end + 1;
  }
  return undefined;
}

function isSequenceItem(text: string, at: number): boolean {
  if (text.charCodeAt(at) !== DASH) return false;
  const next = text.charCodeAt(at + 1);
  return next === SPACE || next === LF || Number.isNaN(next);
}

/** A line whose first content is `key:` (plain or simply quoted key) followed by a space or the line's end. */
function startsMapEntry(text: string, at: number): boolean {
  return readKey(text, at) !== undefined;
}

interface Key {
  readonly span: TextSpan;
  /** The key as `locate` compares it: String of its scalar value. */
  readonly name: string;
  /** Just past the colon. */
  readonly afterColon: number;
}

function readKey(text: string, at: number): Key | undefined {
  const first = text.charCodeAt(at);
  const end = lineEnd(text, at);
  if (first === 34 || first === 39) {
    // A quoted key without escapes: "8080": or 'a.b':
    const close = text.indexOf(String.fromCharCode(first), at + 1);
    if (close === -1 || close > end) return undefined;
    const inner = text.slice(at + 1, close);
    if (first === 34 && inner.includes('\\')) return undefined;
    if (first === 39 && text.charCodeAt(close + 1) === 39) return undefined;
    if (text.charCodeAt(close + 1) !== COLON || !endsIndicator(text, close + 2)) return undefined;
    return { span: { start: at, end: close + 1 }, name: inner, afterColon: close + 2 };
  }
  if (first === DASH || first === HASH || first === 63 /* ? */ || first === 91 || first === 123 || first === COLON) return undefined;
  // A plain key runs to the first `: ` (or `:` at the line's end); ` #` before it means there is no key.
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === COLON && endsIndicator(text, i + 1)) {
      if (text.charCodeAt(i - 1) === SPACE) return undefined;
      const raw = text.slice(at, i);
      const value = resolvePlainScalar(raw);
      if (typeof value === 'symbol') return undefined;
      return { span: { start: at, end: i }, name: String(value), afterColon: i + 1 };
    }
    if (c === HASH && text.charCodeAt(i - 1) === SPACE) return undefined;
  }
  return undefined;
}

function endsIndicator(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c === SPACE || c === LF || Number.isNaN(c);
}

interface Entry {
  readonly key: TextSpan;
  readonly valueStart: number;
  readonly keyLine: number;
}

/** The entry named `name` of the block mapping whose first key is at `at` (column `column`). */
function mapEntry(text: string, at: number, column: number, name: string): Entry | undefined {
  let line = lineStartOf(text, at);
  let keyAt = at;
  for (;;) {
    const key = readKey(text, keyAt);
    if (key === undefined) return undefined;
    if (key.name === name) return { key: key.span, valueStart: skipSpaces(text, key.afterColon), keyLine: line };
    // On to the next line at this mapping's column that is not a sequence item (those belong to this entry).
    let next = lineEnd(text, line) + 1;
    for (;;) {
      if (next >= text.length) return undefined;
      const content = firstContent(text, next);
      const end = lineEnd(text, next);
      const indent = content - next;
      if (content < end && text.charCodeAt(content) !== HASH) {
        if (indent < column) return undefined;
        if (indent === column && !isSequenceItem(text, content)) {
          keyAt = content;
          line = next;
          break;
        }
      }
      next = end + 1;
    }
  }
}

/** Item `index` of the block sequence whose first dash is at `at` (column `column`). */
function sequenceItem(text: string, at: number, column: number, index: number): { content: number; onDashLine: boolean } | undefined {
  let dash = at;
  for (let i = 0; ; i++) {
    if (i === index) {
      const content = skipSpaces(text, dash + 1);
      const end = lineEnd(text, dash);
      if (content < end && text.charCodeAt(content) !== HASH) return { content, onDashLine: true };
      const below = nextContentLine(text, end + 1);
      if (below === undefined || below.indent <= column) return undefined;
      return { content: below.content, onDashLine: false };
    }
    let next = lineEnd(text, dash) + 1;
    for (;;) {
      if (next >= text.length) return undefined;
      const content = firstContent(text, next);
      const end = lineEnd(text, next);
      if (content < end && text.charCodeAt(content) !== HASH) {
        const indent = content - next;
        if (indent < column) return undefined;
        if (indent === column) {
          if (!isSequenceItem(text, content)) return undefined;
          dash = content;
          break;
        }
      }
      next = end + 1;
    }
  }
}

/** Where the block collection under a map entry starts: on the lines below, or a sequence at the key's column. */
function nestedCollection(text: string, entry: Entry, column: number): number | undefined {
  const end = lineEnd(text, entry.keyLine);
  if (entry.valueStart < end && text.charCodeAt(entry.valueStart) !== HASH) return undefined;
  const below = nextContentLine(text, end + 1);
  if (below === undefined) return undefined;
  if (below.indent > column) return below.content;
  if (below.indent === column && isSequenceItem(text, below.content)) return below.content;
  return undefined;
}

/**
 * The span of a one-line plain or quoted scalar starting at `at`, inside a block at `column`: undefined for
 * anything else, and when a later line may continue it (more indented than the block).
 */
function oneLineScalar(text: string, at: number, column: number): TextSpan | undefined {
  const end = lineEnd(text, at);
  if (at >= end) return undefined;
  const first = text.charCodeAt(at);
  let scalarEnd: number;
  if (first === 34 || first === 39) {
    scalarEnd = quotedEnd(text, at, end);
    if (scalarEnd === -1) return undefined;
    const rest = skipSpaces(text, scalarEnd);
    if (rest < end && text.charCodeAt(rest) !== HASH) return undefined;
  } else {
    // Indicators that start something other than a plain scalar; `-`, `?` and `:` only when followed by a space.
    if ('#[]{}&*!|>%@`,'.includes(text[at])) return undefined;
    if ((first === DASH || first === 63 || first === COLON) && endsIndicator(text, at + 1)) return undefined;
    scalarEnd = end;
    for (let i = at; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === HASH && text.charCodeAt(i - 1) === SPACE) {
        scalarEnd = i;
        break;
      }
      if (c === COLON && endsIndicator(text, i + 1)) return undefined;
    }
    while (scalarEnd > at && text.charCodeAt(scalarEnd - 1) === SPACE) scalarEnd--;
  }
  const below = nextContentLine(text, end + 1, true);
  if (below !== undefined && below.indent > column) return undefined;
  return { start: at, end: scalarEnd };
}

/** Just past the closing quote on the same line, or -1. */
function quotedEnd(text: string, at: number, end: number): number {
  const quote = text.charCodeAt(at);
  for (let i = at + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (quote === 34 && c === 92) {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) {
        i++;
        continue;
      }
      return i + 1;
    }
  }
  return -1;
}

/** The next line with content (comments count when `comments`), from the line starting at `from`. */
function nextContentLine(text: string, from: number, comments = false): { content: number; indent: number } | undefined {
  for (let line = from; line < text.length; ) {
    const content = firstContent(text, line);
    const end = lineEnd(text, line);
    if (content < end && (comments || text.charCodeAt(content) !== HASH)) return { content, indent: content - line };
    line = end + 1;
  }
  return undefined;
}

function firstContent(text: string, line: number): number {
  return skipSpaces(text, line);
}

function skipSpaces(text: string, at: number): number {
  while (text.charCodeAt(at) === SPACE) at++;
  return at;
}

function lineEnd(text: string, at: number): number {
  const end = text.indexOf('\n', at);
  return end === -1 ? text.length : end;
}

function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}
