// Moves a cached DocumentAnalysis to where its unchanged text now starts, so an edit that shifts later
// documents (typing changes lengths) does not force their re-analysis. The known shape (yaml, summary,
// policy, findings) is shifted directly, which is what keeps edits fast on files of thousands of documents;
// any other field is walked generically, relying on this contract: absolute offsets live only in plain
// objects with numeric `start` and `end`; the yaml AST (`ast`) is chunk-relative and user data (`value`)
// holds no offsets, so both are shared. test/unit/analysis/rebaseDocumentAnalysis.test.ts checks a rebased
// analysis equals a fresh one.
import type { DocumentAnalysis } from './analyzeFile';
import type { Finding } from './model/finding';
import type { YamlDocument } from './yaml/parseYamlDocuments';

export function rebaseDocumentAnalysis(analysis: DocumentAnalysis, delta: number): DocumentAnalysis {
  if (delta === 0) return analysis;
  const yaml: YamlDocument = {
    ...shiftFields(analysis.yaml, delta, ['start', 'end', 'findings', 'text', 'index', 'ast', 'value']),
    start: analysis.yaml.start + delta,
    end: analysis.yaml.end + delta,
    findings: analysis.yaml.findings.map((f) => shiftFinding(f, delta)),
  } as unknown as YamlDocument;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(analysis)) {
    if (key === 'yaml') out.yaml = yaml;
    else if (key === 'summary') out.summary = value;
    else if (key === 'findings') out.findings = (value as readonly Finding[]).map((f) => shiftFinding(f, delta));
    else if (key === 'policy' && value) out.policy = { ...shiftFields(value as object, delta, ['yaml', 'kind', 'value']), yaml };
    else out[key] = shiftDeep(value, delta, new Map());
  }
  return out as unknown as DocumentAnalysis;
}

/** A finding moved by `delta` characters (its span and related spans). */
export function shiftFinding(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  const moved: Finding = { ...finding, span: { start: finding.span.start + delta, end: finding.span.end + delta } };
  if (!finding.related) return moved;
  return { ...moved, related: finding.related.map((r) => ({ ...r, span: { start: r.span.start + delta, end: r.span.end + delta } })) };
}

/** A copy of `object` whose fields other than `keep` are shifted generically; kept fields are copied as is. */
function shiftFields(object: object, delta: number, keep: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const copies = new Map<object, unknown>();
  for (const [key, value] of Object.entries(object)) out[key] = keep.includes(key) ? value : shiftDeep(value, delta, copies);
  return out;
}

function shiftDeep(node: unknown, delta: number, copies: Map<object, unknown>, key?: string): unknown {
  if (typeof node !== 'object' || node === null || key === 'value' || key === 'ast') return node;
  const prototype = Object.getPrototypeOf(node);
  if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return node;
  const known = copies.get(node);
  if (known) return known;
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    copies.set(node, out);
    for (const item of node) out.push(shiftDeep(item, delta, copies));
    return out;
  }
  const out: Record<string, unknown> = {};
  copies.set(node, out);
  for (const [childKey, child] of Object.entries(node)) out[childKey] = shiftDeep(child, delta, copies, childKey);
  if (typeof out.start === 'number' && typeof out.end === 'number') {
    out.start += delta;
    out.end += delta;
  }
  return out;
}
