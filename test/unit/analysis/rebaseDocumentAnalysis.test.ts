// Incremental analysis: after an edit that shifts later documents, results re-used from the cache are
// identical to a fresh analysis (every span moved), and only the edited document is analysed again.
import { describe, expect, it } from 'vitest';
import { analyzeText, type DocumentAnalysis, type DocumentCache, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { spanAt } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { generatePolicies } from '../../../bench/generatePolicies';

const docs = [
  'apiVersion: cilium.io/v1\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n',
  'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: b\n  name: c\nspec:\n  action: DENY\n',
  'apiVersion: networking.k8s.io/v2\nkind: NetworkPolicy\nmetadata:\n  name: d\n',
];

class CountingCache implements DocumentCache {
  readonly entries = new Map<string, DocumentAnalysis>();
  misses = 0;
  get(key: string) {
    const hit = this.entries.get(key);
    if (!hit) this.misses += 1;
    return hit;
  }
  set(key: string, value: DocumentAnalysis) {
    this.entries.set(key, value);
  }
}

/** Everything but the yaml AST (shared, chunk-relative), for comparison. */
function comparable(analysis: FileAnalysis) {
  return analysis.documents.map((d) => ({ ...d, yaml: { ...d.yaml, syntax: undefined }, policy: d.policy ? { ...d.policy, yaml: { start: d.policy.yaml.start, end: d.policy.yaml.end } } : undefined }));
}

describe('incremental analysis with a shifted cache hit', () => {
  it('equals a fresh analysis after the first document grows, re-analysing only that document', () => {
    const cache = new CountingCache();
    analyzeText(docs.join('---\n'), cache);
    expect(cache.misses).toBe(3);
    const edited = [docs[0].replace('name: a', 'name: a-longer-name'), docs[1], docs[2]].join('---\n');
    const incremental = analyzeText(edited, cache);
    expect(cache.misses).toBe(4);
    const fresh = analyzeText(edited);
    expect(comparable(incremental)).toEqual(comparable(fresh));
    expect(incremental.findings).toEqual(fresh.findings);
    // The shifted findings point at the same text as before.
    const duplicate = incremental.findings.find((f) => f.code === 'ML0003')!;
    expect(edited.slice(duplicate.span.start)).toMatch(/^name: c\n/);
    const apiVersion = incremental.findings.find((f) => f.documentIndex === 2 && f.code === 'ML0007')!;
    expect(edited.slice(apiVersion.span.start, apiVersion.span.end)).toBe('networking.k8s.io/v2');
    // The yaml document's own offsets moved too, so locating nodes in it still works.
    const third = incremental.documents[2].yaml;
    const at = spanAt(third, ['metadata', 'name']);
    expect(edited.slice(at.start, at.end)).toBe('d');
  });

  it('shrinking works the same way and leaves user values untouched', () => {
    const cache = new CountingCache();
    const original = [docs[0], 'kind: ConfigMap\ndata:\n  start: 1\n  end: 2\n'].join('---\n');
    analyzeText(original, cache);
    const edited = original.replace('name: a\n', 'name: \n');
    const incremental = analyzeText(edited, cache);
    expect(incremental.documents[1].yaml.value).toEqual({ kind: 'ConfigMap', data: { start: 1, end: 2 } });
    // A document starts at its `---` line.
    expect(incremental.documents[1].yaml.start).toBe(edited.indexOf('---\nkind: ConfigMap'));
  });

  it('every kind, with findings of every layer, rebases to exactly what a fresh analysis gives', () => {
    const cache = new CountingCache();
    const text = `${docs.join('---\n')}---\n${generatePolicies(12)}---\nkind: NetworkPolicy\nspec: {podSelector: [}\n`;
    const first = analyzeText(text, cache);
    expect(first.findings.length).toBeGreaterThan(4);
    for (const edited of [`# a comment that shifts everything\n${text}`, text.replace('name: a\n', '')]) {
      const incremental = analyzeText(edited, cache);
      const fresh = analyzeText(edited);
      expect(comparable(incremental)).toEqual(comparable(fresh));
    }
  });
});
