import { describe, expect, it } from 'vitest';
import { locate, MAX_NESTING_DEPTH, parseYamlDocuments, splitDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';

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

describe('collection keys', () => {
  it('reports a mapping used as a key and keeps the rest of the document', () => {
    const [doc] = parseYamlDocuments('kind: X\n? {a: 1}\n: v\nname: n\n');
    expect(doc.findings.map((f) => f.code)).toEqual(['ML0010']);
    expect(doc.findings[0].message).toMatch(/A mapping is used as a mapping key/);
    expect(doc.value).toMatchObject({ kind: 'X', name: 'n' });
  });

  it('reports sequences and aliases to collections used as keys', () => {
    const [seq] = parseYamlDocuments('? [a, b]\n: v\n');
    expect(seq.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^A sequence is used/)]);
    const [alias] = parseYamlDocuments('a: &m {x: 1}\n? *m\n: v\n');
    expect(alias.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^An alias to a collection is used/)]);
    const [scalarAlias] = parseYamlDocuments('a: &s x\n*s : v\n');
    expect(scalarAlias.findings).toEqual([]);
    expect(scalarAlias.value).toEqual({ a: 'x', x: 'v' });
  });

  it('underlines the key', () => {
    const text = 'spec:\n  [x]: 1\n';
    const [doc] = parseYamlDocuments(text);
    const [finding] = doc.findings;
    expect(text.slice(finding.span.start, finding.span.end)).toBe('[x]');
  });

  it('handles 300 nested braces as a key without stringifying them', () => {
    // Before the key was replaced, toJS stringified it, which took tens of seconds at this depth.
    const [doc] = parseYamlDocuments(`spec:\n  ${'{'.repeat(300)}${'}'.repeat(300)}: 1\n`);
    expect(doc.findings.filter((f) => f.code === 'ML0010')).toHaveLength(1);
    expect(doc.value).toBeDefined();
  });
});

describe('nesting depth', () => {
  it('refuses 10k nested collections with its own message', () => {
    const text = `kind: X\nspec: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const [doc] = parseYamlDocuments(text);
    expect(doc.findings.map((f) => f.code)).toEqual(['ML0011']);
    expect(doc.findings[0].message).toMatch(/nested more than 400 levels/);
    expect(doc.findings[0].message).not.toMatch(/call stack/);
    expect(doc.value).toBeUndefined();
    expect(text[doc.findings[0].span.start]).toBe('[');
  });

  it('counts block nesting (compact sequences) too, and other documents still parse', () => {
    const [deep, next] = parseYamlDocuments(`${'- '.repeat(2000)}x\n---\na: 1\n`);
    expect(deep.findings.map((f) => f.code)).toEqual(['ML0011']);
    expect(next.findings).toEqual([]);
    expect(next.value).toEqual({ a: 1 });
  });

  it('reads nesting up to the limit', () => {
    const depth = MAX_NESTING_DEPTH - 1;
    const [doc] = parseYamlDocuments(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
    expect(doc.findings).toEqual([]);
    let value = (doc.value as { a: unknown }).a;
    let levels = 0;
    while (Array.isArray(value)) {
      levels++;
      value = value[0];
    }
    expect(levels).toBe(depth);
  });

  it('keeps the multiple-documents error of a single chunk', () => {
    const [doc] = parseYamlDocuments('a: 1\n...\nb: 2\n');
    expect(doc.findings.map((f) => f.message)).toEqual([expect.stringMatching(/multiple documents/)]);
  });
});
