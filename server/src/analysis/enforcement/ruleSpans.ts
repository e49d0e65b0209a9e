// Source spans for a classified rule: its whole value, the anchor for inlay hints, and the deciding key.
import { spanWhenRead, type SourceSpan, type ValuePath } from '../model/sourceSpan';
import { locate, textSpanAt, type Location, type YamlDocument } from '../yaml/parseYamlDocuments';
import type { ClassificationDetail } from './ruleEnforcement';

export interface RuleSpans {
  readonly span: SourceSpan;
  readonly anchor: SourceSpan;
}

export function ruleSpans(doc: YamlDocument, path: ValuePath): RuleSpans {
  let where: Location | undefined;
  // Copied now: the span is looked up later, and callers may reuse the path.
  const at = path.slice();
  const located = (): Location => (where ??= locate(doc, at));
  const value = (): SourceSpan => located().value ?? located().key ?? { start: doc.start, end: doc.start };
  // Map entries anchor on their key (`http:`); sequence items on the item itself.
  const onKey = typeof at[at.length - 1] === 'string';
  return { span: spanWhenRead(value), anchor: spanWhenRead(() => (onKey ? (located().key ?? value()) : value())) };
}

/** The key of a field when it exists, else the value, else the nearest ancestor. */
export function fieldSpan(doc: YamlDocument, path: ValuePath): SourceSpan {
  const at = path.slice();
  return spanWhenRead(() => {
    const fromText = textSpanAt(doc, at, typeof at[at.length - 1] === 'string' ? 'key' : 'value');
    if (fromText) return fromText;
    const where = locate(doc, at);
    return (typeof at[at.length - 1] === 'string' ? where.key : undefined) ?? where.value ?? where.key ?? { start: doc.start, end: doc.start };
  });
}

/** The spans and texts a classifier writes for its rules: all of them (detail `full`), or none (`outcome`). */
export interface ClassificationWriter {
  readonly full: boolean;
  rule(path: ValuePath): RuleSpans;
  field(path: ValuePath): SourceSpan;
  /** The text `make` builds, or '' without it being built. */
  text(make: () => string): string;
}

export function classificationWriter(doc: YamlDocument, detail: ClassificationDetail): ClassificationWriter {
  if (detail === 'full') return { full: true, rule: (path) => ruleSpans(doc, path), field: (path) => fieldSpan(doc, path), text: (make) => make() };
  const none: SourceSpan = { start: doc.start, end: doc.start };
  const spans: RuleSpans = { span: none, anchor: none };
  return { full: false, rule: () => spans, field: () => none, text: () => '' };
}
