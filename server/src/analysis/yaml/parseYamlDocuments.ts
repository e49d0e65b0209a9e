// Splits a multi-document YAML text into documents and parses each one on its own, keeping offsets
// relative to the whole text. Splitting on `---` lines first (document markers may not appear inside
// YAML content at column 0) lets callers cache and re-parse only the documents an edit touched.
import { Composer, Parser, YAMLParseError, isAlias, isCollection, isMap, isScalar, isSeq, Scalar, visit, type CST, type Document, type Node, type ParsedNode } from 'yaml';
import type { Finding } from '../model/finding';
import { span, spanWhenRead, type SourceSpan, type ValuePath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { DECLINED, readBlockYamlValue } from './blockYamlValue';
import { blockSpanAt } from './blockYamlSpans';

/** One YAML document of a file, parsed, with its plain value. Never throws on bad input. */
export interface YamlDocument {
  readonly index: number;
  /** Offset of the document's first character (its `---` line, if any) in the whole text. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** The yaml AST, composed when first read; also the document's identity while its text is unchanged. */
  readonly syntax: YamlSyntax;
  /** The plain JS value, or undefined when the document is empty or could not be converted. */
  readonly value: unknown;
  /** Syntax and conversion problems, already located in whole-text offsets. */
  readonly findings: readonly Finding[];
}

/**
 * A document's yaml AST. Spans, hover, completion and code actions read it; checking a document needs only its
 * value. So a document whose value can be had without composing it is composed on first read, and spans are
 * looked up when read (model/sourceSpan.ts spanWhenRead): most documents of a large file are never composed. The same object
 * stays with the document while its text is unchanged, also when an edit moves it (rebaseDocumentAnalysis.ts).
 */
export class YamlSyntax {
  #ast: Document.Parsed | undefined;
  readonly #text: string;

  constructor(text: string, ast?: Document.Parsed) {
    this.#text = text;
    this.#ast = ast;
  }

  get ast(): Document.Parsed {
    return (this.#ast ??= composeDocument([...new Parser().parse(this.#text)], this.#text));
  }

  /** Whether the AST exists yet (tests and the bench count the documents composed). */
  get composed(): boolean {
    return this.#ast !== undefined;
  }
}

export interface DocumentChunk {
  readonly start: number;
  readonly text: string;
}

const DOCUMENT_MARKER = /^---(?=[ \t]|$)/;
const PREAMBLE_LINE = /^\s*(#.*|%.*)?$/;

/** Cuts the text at `---` lines; comment/directive-only text before a marker stays with the next document. */
export function splitDocuments(text: string): DocumentChunk[] {
  const chunks: DocumentChunk[] = [];
  let chunkStart = 0;
  // While the text is only comments and directives, every line needs a look (a marker there starts no new chunk).
  let lineStart = 0;
  for (;;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const preambleGoesOn = !DOCUMENT_MARKER.test(line) && PREAMBLE_LINE.test(line);
    if (lineEnd === text.length) return finish(text, chunks, chunkStart);
    lineStart = lineEnd + 1;
    if (!preambleGoesOn) break;
  }
  // After that only lines starting with `---` can cut: the search jumps from one to the next, so splitting
  // a file of thousands of documents costs a native scan, not a look at every line.
  for (let candidate = text.indexOf('\n---', lineStart - 1); candidate !== -1; candidate = text.indexOf('\n---', candidate + 1)) {
    const markerStart = candidate + 1;
    let lineEnd = text.indexOf('\n', markerStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (DOCUMENT_MARKER.test(text.slice(markerStart, lineEnd).replace(/\r$/, ''))) {
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, markerStart) });
      chunkStart = markerStart;
    }
  }
  return finish(text, chunks, chunkStart);
}

function finish(text: string, chunks: DocumentChunk[], chunkStart: number): DocumentChunk[] {
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/** True when every line is blank, a comment or a directive: such text joins the document after it. */
export function isPreambleOnly(text: string): boolean {
  return text.split('\n').every((line) => !DOCUMENT_MARKER.test(line.replace(/\r$/, '')) && PREAMBLE_LINE.test(line.replace(/\r$/, '')));
}

/** Aliases expanded beyond this count make the document a suspected alias bomb. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Collections nested deeper than this are refused before any recursive pass: the yaml library's composer
 * recurses per level and overflows the stack at about 850 levels. Policies nest about a dozen levels.
 */
export const MAX_NESTING_DEPTH = 400;

const PARSE_OPTIONS = { uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

export function parseYamlChunk(chunk: DocumentChunk, index: number): YamlDocument {
  // Most documents are plain block YAML: their value is read straight from the text (as the yaml library would
  // give it, with nothing to report), and the AST is composed only if a span, hover or action asks for it.
  const read = readBlockYamlValue(chunk.text);
  if (read !== DECLINED) return { index, start: chunk.start, end: chunk.start + chunk.text.length, text: chunk.text, syntax: new YamlSyntax(chunk.text), value: read, findings: [] };
  const findings: Finding[] = [];
  const at = (pos: readonly [number, number] | undefined): SourceSpan => {
    const [s, e] = pos ?? [0, 0];
    return span(chunk.start + s, chunk.start + Math.max(e, s + 1));
  };
  // The CST parser keeps its own stack (no recursion), so the depth is known before the composer recurses.
  const tokens = [...new Parser().parse(chunk.text)];
  const shape = scanTokens(tokens, MAX_NESTING_DEPTH);
  const tooDeep = shape.tooDeep;
  if (tooDeep) {
    const syntax = new YamlSyntax('', composeDocument([], ''));
    const message = `Collections are nested more than ${MAX_NESTING_DEPTH} levels deep here; the document is not analysed. Policies never nest this deep: look for an unbalanced bracket or a runaway paste.`;
    findings.push(makeFinding('ML0011', at([tooDeep.offset, tooDeep.offset + 1]), message, index));
    return { index, start: chunk.start, end: chunk.start + chunk.text.length, text: chunk.text, syntax, value: undefined, findings };
  }
  const ast = composeDocument(tokens, chunk.text);
  for (const error of ast.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    findings.push(
      makeFinding(duplicate ? 'ML0003' : 'ML0001', at(error.pos), duplicate ? `Duplicate key: ${firstLine(error.message)}` : `YAML syntax error: ${firstLine(error.message)}`, index),
    );
  }
  for (const warning of ast.warnings) {
    findings.push(makeFinding('ML0002', at(warning.pos), `YAML: ${firstLine(warning.message)}`, index));
  }
  // Only a key token that is not a scalar can compose to a collection key (or an alias to one).
  for (const key of shape.nonScalarKey ? replaceCollectionKeys(ast) : []) {
    const what = key.kind === 'alias' ? 'An alias to a collection' : key.kind === 'map' ? 'A mapping' : 'A sequence';
    findings.push(makeFinding('ML0010', at(key.range), `${what} is used as a mapping key; Kubernetes objects are JSON, whose keys are strings, so the API server rejects it. Quote the key or move the value out of the key position.`, index));
  }
  let value: unknown;
  if (ast.errors.length === 0 || ast.contents) {
    try {
      value = ast.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = /alias/i.test(message) ? 'ML0004' : 'ML0001';
      findings.push(makeFinding(code, at([0, Math.min(chunk.text.length, 3)]), code === 'ML0004' ? `Too many alias expansions (more than ${MAX_ALIAS_COUNT}): the document is not analysed, as protection against alias bombs.` : `YAML could not be read: ${firstLine(message)}`, index));
      value = undefined;
    }
    // Without an alias token the composer shares no node, so toJS builds a tree.
    if (value !== undefined && shape.alias && isCyclic(value)) {
      // An alias inside its own anchor (`a: &s {b: *s}`) builds a cycle; JSON (and so the API server) cannot hold it.
      findings.push(makeFinding('ML0009', at([0, Math.min(chunk.text.length, 3)]), 'An alias refers to a node that contains it, so the document is infinitely deep; it is not analysed.', index));
      value = undefined;
    }
  }
  return { index, start: chunk.start, end: chunk.start + chunk.text.length, text: chunk.text, syntax: new YamlSyntax(chunk.text, ast), value, findings };
}

/** What `parseDocument` does, from tokens already parsed: the first document, MULTIPLE_DOCS if more follow. */
function composeDocument(tokens: readonly CST.Token[], text: string): Document.Parsed {
  const composer = new Composer(PARSE_OPTIONS);
  let first: Document.Parsed | undefined;
  for (const doc of composer.compose(tokens, true, text.length)) {
    if (!first) first = doc;
    else {
      first.errors.push(new YAMLParseError([doc.range[0], doc.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  // compose(…, forceDoc = true) always ends with a document.
  releaseStackFrames(first!);
  return first!;
}

/**
 * The parser's errors are kept with the AST. V8 formats an Error's stack lazily and until then holds every frame's
 * function and its closure scope: whatever the caller captured (e.g. the previous revision's document cache) stayed
 * reachable through each error, so every revision kept the one before it alive (the server's memory grew with the
 * number of edits). A plain message-only stack lets those frames go.
 */
function releaseStackFrames(doc: Document.Parsed): void {
  for (const problem of [...doc.errors, ...doc.warnings]) problem.stack = `${problem.name}: ${problem.message}`;
}

/**
 * What one walk over the CST tells before composing: the first collection nested deeper than the limit, and
 * whether any alias token or any mapping key that is not a plain, quoted or block scalar occurs. The walk
 * visits every token the composer turns into a node (document values, collection keys and values), so a
 * document without such tokens has neither collection keys nor shared nodes.
 */
export interface TokenShape {
  readonly tooDeep?: { readonly offset: number };
  /** Some token is an alias (`*name`). */
  readonly alias: boolean;
  /** Some mapping key is a collection or an alias. */
  readonly nonScalarKey: boolean;
}

const SCALAR_TOKENS: ReadonlySet<string> = new Set(['scalar', 'single-quoted-scalar', 'double-quoted-scalar', 'block-scalar']);

/** An explicit stack, no recursion; stops at the first collection deeper than `limit`. */
export function scanTokens(tokens: readonly CST.Token[], limit: number): TokenShape {
  const stack: { token: CST.Token | undefined; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  let alias = false;
  let nonScalarKey = false;
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'alias') {
      alias = true;
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > limit) return { tooDeep: { offset: token.offset }, alias, nonScalarKey };
      for (const item of token.items) {
        if ('key' in item && item.key) {
          if (!SCALAR_TOKENS.has(item.key.type)) nonScalarKey = true;
          stack.push({ token: item.key, depth: depth + 1 });
        }
        stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return { alias, nonScalarKey };
}

interface CollectionKey {
  readonly kind: 'map' | 'seq' | 'alias';
  readonly range: readonly [number, number];
}

/**
 * Replaces every mapping key that is a collection (or an alias to one) with a placeholder scalar and says
 * where they were. The yaml library's toJS stringifies such keys, at a cost that grows steeply with their
 * depth (300 nested braces: tens of seconds); JSON, and so Kubernetes, cannot have them anyway.
 * Runs after the depth check, so the recursive visit is bounded.
 */
function replaceCollectionKeys(ast: Document.Parsed): CollectionKey[] {
  const found: CollectionKey[] = [];
  const anchors = new Map<string, unknown>();
  visit(ast, {
    Node(_, node) {
      if (node.anchor) anchors.set(node.anchor, node);
    },
    Pair(_, pair) {
      const key = pair.key;
      const target = isAlias(key) ? anchors.get(key.source) : key;
      if (!isCollection(target)) return;
      const range = (key as Node).range ?? [0, 0, 0];
      found.push({ kind: isAlias(key) ? 'alias' : isMap(key) ? 'map' : 'seq', range: [range[0], range[1]] });
      const placeholder = new Scalar(`<collection key at offset ${range[0]}>`);
      placeholder.range = [range[0], range[1], range[2] ?? range[1]];
      pair.key = placeholder;
    },
  });
  return found;
}

export function parseYamlDocuments(text: string): YamlDocument[] {
  return splitDocuments(text).map((chunk, index) => parseYamlChunk(chunk, index));
}

/** True when the value reaches itself; iterative so deep (but finite) documents cannot overflow the stack. */
function isCyclic(root: unknown): boolean {
  const onPath = new Set<object>();
  const stack: { node: object; children: unknown[]; next: number }[] = [];
  const enter = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null) return false;
    if (onPath.has(node)) return true;
    onPath.add(node);
    const children = Array.isArray(node) ? node : node instanceof Map ? [...node.values()] : Object.values(node);
    stack.push({ node, children, next: 0 });
    return false;
  };
  if (enter(root)) return true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.children.length) {
      if (enter(top.children[top.next++])) return true;
    } else {
      onPath.delete(top.node);
      stack.pop();
    }
  }
  return false;
}

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

/** Where a path lands in a document: the key (for map entries) and the value node. */
export interface Location {
  readonly key?: SourceSpan;
  readonly value?: SourceSpan;
  /** False when the path ran out of nodes; the spans then belong to the deepest node found. */
  readonly exact: boolean;
}

export function spanOfNode(doc: YamlDocument, node: Node | null | undefined): SourceSpan | undefined {
  const range = node?.range;
  if (!range) return undefined;
  return span(doc.start + range[0], doc.start + range[1]);
}

/** Finds the key and value spans for a path; falls back to the deepest existing ancestor. */
export function locate(doc: YamlDocument, path: ValuePath): Location {
  let node: ParsedNode | null = doc.syntax.ast.contents;
  let keySpan: SourceSpan | undefined;
  for (let i = 0; i < path.length; i++) {
    const part = path[i];
    let next: ParsedNode | null | undefined;
    let nextKey: SourceSpan | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : undefined) === String(part));
      if (pair) {
        next = (pair.value as ParsedNode | null) ?? null;
        nextKey = spanOfNode(doc, pair.key as Node);
        if (!next) return { key: nextKey, value: nextKey, exact: i === path.length - 1 };
      }
    } else if (isSeq(node) && typeof part === 'number') {
      next = node.items[part] as ParsedNode | undefined;
    }
    if (next === undefined || next === null) {
      const here = spanOfNode(doc, node) ?? span(doc.start, doc.start);
      return { key: keySpan, value: here, exact: false };
    }
    node = next;
    keySpan = nextKey;
  }
  return { key: keySpan, value: spanOfNode(doc, node) ?? span(doc.start, doc.start), exact: true };
}

/** The span to underline for a path (looked up when read): the key when the complaint is about the entry, else the value. */
export function spanAt(doc: YamlDocument, path: ValuePath, prefer: 'key' | 'value' = 'value'): SourceSpan {
  // Copied now: walkers pass the path they keep extending.
  const at = path.slice();
  return spanWhenRead(() => {
    const fromText = textSpanAt(doc, at, prefer);
    if (fromText) return fromText;
    const location = locate(doc, at);
    const chosen = prefer === 'key' ? (location.key ?? location.value) : (location.value ?? location.key);
    return chosen ?? span(doc.start, doc.start);
  });
}

/**
 * What `spanAt` gives, found from the text while the AST is not composed (yaml/blockYamlSpans.ts: keys and one-line
 * scalars through block collections), so placing a finding does not compose its document; else undefined.
 */
export function textSpanAt(doc: YamlDocument, path: ValuePath, prefer: 'key' | 'value'): SourceSpan | undefined {
  if (doc.syntax.composed) return undefined;
  const found = blockSpanAt(doc.text, path, prefer);
  return found && span(doc.start + found.start, doc.start + found.end);
}
