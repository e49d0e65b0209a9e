import { describe, expect, it } from 'vitest';
import { locate, parseYamlDocuments, splitDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';

describe('splitDocuments', () => {
  it('keeps a leading comment with the first document', () => {
    const chunks = splitDocuments('# header\n---\na: 1\n---\nb: 2\n');
    expect(chunks.map((c) => c.text)).toEqual(['# header\n---\na: 1\n', '---\nb: 2\n']);
    expect(chunks[1].start).toBe('# header\n---\na: 1\n'.length);
  });

  it('returns one empty chunk for an empty file', () => {
    expect(splitDocuments('')).toEqual([{ start: 0, text: '' }]);
  });
});

describe('parseYamlDocuments', () => {
  it('locates keys and values with whole-text offsets', () => {
    const text = 'a: 1\n---\nspec:\n  ingress:\n  - toPorts: []\n';
    const [, second] = parseYamlDocuments(text);
    const where = locate(second, ['spec', 'ingress', 0, 'toPorts']);
    expect(where.exact).toBe(true);
    expect(text.slice(where.key!.start, where.key!.end)).toBe('toPorts');
    expect(text.slice(where.value!.start, where.value!.end)).toBe('[]');
  });

  it('reports duplicate keys and syntax errors as findings, never throws', () => {
    const [dup] = parseYamlDocuments('a: 1\na: 2\n');
    expect(dup.findings.map((f) => f.code)).toContain('ML0003');
    const [bad] = parseYamlDocuments('a:\n\tb: 1\n');
    expect(bad.findings.map((f) => f.code)).toContain('ML0001');
  });

  it('stops alias bombs', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      lines.push(`${cur}: &${cur} [${Array(9).fill('*' + prev).join(',')}]`);
    }
    const [doc] = parseYamlDocuments(lines.join('\n'));
    expect(doc.findings.map((f) => f.code)).toContain('ML0004');
    expect(doc.value).toBeUndefined();
  });
});

describe('recursive aliases', () => {
  it('reports an alias inside its own anchor instead of building a cyclic value', () => {
    const [doc] = parseYamlDocuments('spec:\n  endpointSelector: &s {again: *s}\n');
    expect(doc.findings.map((f) => f.code)).toContain('ML0009');
    expect(doc.value).toBeUndefined();
  });

  it('accepts a shared (acyclic) alias', () => {
    const [doc] = parseYamlDocuments('a: &x {k: v}\nb: *x\n');
    expect(doc.findings).toEqual([]);
    expect(doc.value).toEqual({ a: { k: 'v' }, b: { k: 'v' } });
  });
});
