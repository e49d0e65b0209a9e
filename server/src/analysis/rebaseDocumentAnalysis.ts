// Moves a cached DocumentAnalysis to where its unchanged text now starts, so an edit that shifts later
// documents (typing changes lengths) does not force their re-analysis. Contract relied on: absolute
// offsets live only in plain objects with numeric `start` and `end` (SourceSpan, YamlDocument); the yaml
// AST (`ast`, class instances) is relative to its chunk and is shared; user data (`value`) is shared untouched.
import type { DocumentAnalysis } from './analyzeFile';

export function rebaseDocumentAnalysis(analysis: DocumentAnalysis, delta: number): DocumentAnalysis {
  if (delta === 0) return analysis;
  // Shared references (policy.yaml is the same object as yaml) stay shared in the copy.
  const copies = new Map<object, unknown>();
  const visit = (node: unknown, key: string | undefined): unknown => {
    if (typeof node !== 'object' || node === null || key === 'value' || key === 'ast') return node;
    const prototype = Object.getPrototypeOf(node);
    if (prototype !== Object.prototype && prototype !== Array.prototype && prototype !== null) return node;
    const known = copies.get(node);
    if (known) return known;
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      copies.set(node, out);
      for (const item of node) out.push(visit(item, undefined));
      return out;
    }
    const out: Record<string, unknown> = {};
    copies.set(node, out);
    for (const [childKey, child] of Object.entries(node)) out[childKey] = visit(child, childKey);
    if (typeof out.start === 'number' && typeof out.end === 'number') {
      out.start += delta;
      out.end += delta;
    }
    return out;
  };
  return visit(analysis, undefined) as DocumentAnalysis;
}
