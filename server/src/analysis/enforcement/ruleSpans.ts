// Source spans for a classified rule: its whole value, the anchor for inlay hints, and the deciding key.
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import { locate, type YamlDocument } from '../yaml/parseYamlDocuments';

export interface RuleSpans {
  readonly span: SourceSpan;
  readonly anchor: SourceSpan;
}

export function ruleSpans(doc: YamlDocument, path: ValuePath): RuleSpans {
  const where = locate(doc, path);
  const value = where.value ?? where.key ?? { start: doc.start, end: doc.start };
  // Map entries anchor on their key (`http:`); sequence items on the item itself.
  const anchor = typeof path[path.length - 1] === 'string' && where.key ? where.key : value;
  return { span: value, anchor };
}

/** The key of a field when it exists, else the value, else the nearest ancestor. */
export function fieldSpan(doc: YamlDocument, path: ValuePath): SourceSpan {
  const where = locate(doc, path);
  return (typeof path[path.length - 1] === 'string' ? where.key : undefined) ?? where.value ?? where.key ?? { start: doc.start, end: doc.start };
}
