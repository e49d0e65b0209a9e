// Moves a cached DocumentAnalysis to where its unchanged text now starts, so an edit that shifts later
// documents (typing changes lengths) does not force their re-analysis. The known shape (yaml, summary,
// policy, findings) is shifted directly, which is what keeps edits fast on files of thousands of documents;
// any other field is walked generically, relying on this contract: absolute offsets live only in plain
// objects with numeric `start` and `end`; the yaml AST (`syntax`) is chunk-relative and user data (`value`)
// holds no offsets, so both are shared. test/unit/analysis/rebaseDocumentAnalysis.test.ts checks a rebased
// analysis equals a fresh one.
import type { DocumentAnalysis } from './analyzeFile';
import type { Finding } from './model/finding';
import { movedSpan } from './model/sourceSpan';

const yamlKeys = new Set(['start', 'end', 'findings', 'text', 'index', 'syntax', 'value']);
const policyKeys = new Set(['yaml', 'kind', 'value', 'apiVersion', 'version', 'name', 'namespace']);

export function rebaseDocumentAnalysis(analysis: DocumentAnalysis, delta: number): DocumentAnalysis {
  if (delta === 0) return analysis;
  // The known shape is moved field by field (this runs for every document of a segment read after an edit,
  // documentSegments.ts, so it stays a few allocations per document); a field outside it is walked generically.
  const old = analysis.yaml;
  const yaml = { ...old, start: old.start + delta, end: old.end + delta, findings: shiftFindings(old.findings, delta) } as Record<string, unknown>;
  for (const key in old) if (!yamlKeys.has(key)) yaml[key] = shiftDeep((old as unknown as Record<string, unknown>)[key], delta, new Map());
  const out: Record<string, unknown> = {};
  for (const key in analysis) {
    const value = (analysis as unknown as Record<string, unknown>)[key];
    if (key === 'yaml') out.yaml = yaml;
    else if (key === 'summary') out.summary = value;
    else if (key === 'findings') out.findings = shiftFindings(value as readonly Finding[], delta);
    else if (key === 'policy' && value) {
      const policy = { ...(value as object), yaml } as Record<string, unknown>;
      for (const field in value) if (!policyKeys.has(field)) policy[field] = shiftDeep((value as Record<string, unknown>)[field], delta, new Map());
      out.policy = policy;
    } else out[key] = shiftDeep(value, delta, new Map());
  }
  return out as unknown as DocumentAnalysis;
}

/** Findings moved by `delta`; the same (often empty) array when there is nothing to move. */
export function shiftFindings(findings: readonly Finding[], delta: number): readonly Finding[] {
  return delta === 0 || findings.length === 0 ? findings : findings.map((f) => shiftFinding(f, delta));
}

/** A finding moved by `delta` characters (its span and related spans). */
export function shiftFinding(finding: Finding, delta: number): Finding {
  if (delta === 0) return finding;
  const moved: Finding = { ...finding, span: movedSpan(finding.span, delta) };
  if (!finding.related) return moved;
  return { ...moved, related: finding.related.map((r) => ({ ...r, span: movedSpan(r.span, delta) })) };
}

function shiftDeep(node: unknown, delta: number, copies: Map<object, unknown>, key?: string): unknown {
  if (typeof node !== 'object' || node === null || key === 'value' || key === 'syntax') return node;
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
