// Finding the YAML nodes an edit touches and measuring lines around them, so code actions replace or insert
// the fewest characters: whole lines the user wrote (with their comments and quoting) move as they are, and new
// lines take the indentation of their neighbours. Offsets are whole-text UTF-16 offsets, like every span.
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import type { YamlDocument } from '../yaml/parseYamlDocuments';

/** One text replacement in a file (insertion: an empty span). */
export interface SpanEdit {
  readonly uri: string;
  readonly span: SourceSpan;
  readonly newText: string;
}

export interface FoundPair {
  readonly pair: Pair<Scalar, Node | null>;
  /** Path of the pair's value. */
  readonly path: ValuePath;
  readonly parent: YAMLMap;
  readonly parentPath: ValuePath;
}

/** The map entry whose key starts at `offset` (a finding located `at: 'key'`). */
export function pairWithKeyAt(doc: YamlDocument, offset: number): FoundPair | undefined {
  const local = offset - doc.start;
  let found: FoundPair | undefined;
  const walk = (node: unknown, path: ValuePath): void => {
    if (found) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const childPath = [...path, String(pair.key.value)];
        if (pair.key.range?.[0] === local) {
          found = { pair: pair as Pair<Scalar, Node | null>, path: childPath, parent: node, parentPath: path };
          return;
        }
        if (contains(pair.value as Node | null, local)) walk(pair.value, childPath);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (contains(item as Node, local)) walk(item, [...path, i]);
      });
    }
  };
  walk(doc.syntax.ast.contents, []);
  return found;
}

/** The node at `path` (undefined when the path leaves the document). */
export function nodeAt(doc: YamlDocument, path: ValuePath): Node | undefined {
  let node: unknown = doc.syntax.ast.contents;
  for (const part of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part))?.value;
    else if (isSeq(node) && typeof part === 'number') node = node.items[part];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

export function pairAt(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  const pair = map.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
  return pair as Pair<Scalar, Node | null> | undefined;
}

/** The scalar whose source text starts at `offset`, with its path. */
export function scalarAt(doc: YamlDocument, offset: number): { scalar: Scalar; path: ValuePath } | undefined {
  const local = offset - doc.start;
  let found: { scalar: Scalar; path: ValuePath } | undefined;
  const walk = (node: unknown, path: ValuePath): void => {
    if (found || !node) return;
    if (isScalar(node)) {
      if (node.range?.[0] === local) found = { scalar: node, path };
    } else if (isMap(node)) {
      for (const pair of node.items) if (isScalar(pair.key) && contains(pair.value as Node | null, local)) walk(pair.value, [...path, String(pair.key.value)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(doc.syntax.ast.contents, []);
  return found;
}

function contains(node: Node | null | undefined, local: number): boolean {
  const range = node?.range;
  return range !== undefined && range !== null && local >= range[0] && local <= range[2];
}

/** Whole-text span of a node's value (without trailing comments and line breaks). */
export function valueSpan(doc: YamlDocument, node: Node): SourceSpan | undefined {
  const range = node.range;
  return range ? { start: doc.start + range[0], end: doc.start + range[1] } : undefined;
}

export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset of the line break ending the line of `offset` (or the text's end). */
export function lineEnd(text: string, offset: number): number {
  const at = text.indexOf('\n', offset);
  return at === -1 ? text.length : text[at - 1] === '\r' ? at - 1 : at;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** The last offset holding the node's own text: a block collection's range runs on to the next line. */
export function lastContentOffset(text: string, doc: YamlDocument, node: Node): number {
  let end = doc.start + (node.range?.[1] ?? 0);
  while (end > doc.start && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return Math.max(doc.start, end - 1);
}

/** The line break style of the text, so inserted lines match. */
export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

export function isBlockMap(node: unknown): node is YAMLMap {
  return isMap(node) && !node.flow;
}

export function isBlockSeq(node: unknown): node is YAMLSeq {
  return isSeq(node) && !node.flow;
}

/** A scalar written as the user wrote it, with the same quotes around a new value. */
export function requoted(text: string, scalarSpan: SourceSpan, value: string): string {
  const first = text[scalarSpan.start];
  return first === '"' || first === "'" ? `${first}${value}${first}` : value;
}
