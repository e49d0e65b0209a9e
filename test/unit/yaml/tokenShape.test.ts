// parseYamlChunk skips the collection-key replacement and the cycle check when the CST walk saw no key that is
// not a scalar and no alias. These tests show the skip is sound: over seeded random documents (with and without
// aliases, anchors, collection keys, flow and block styles, and random damage), whenever the CST facts say "none",
// the document the yaml library composes has no collection or alias key and no alias node at all; and the
// findings and value equal what the full passes give.
import { describe, expect, it } from 'vitest';
import { isAlias, isCollection, isPair, parseDocument, Parser, visit } from 'yaml';
import { parseYamlChunk, scanTokens, MAX_NESTING_DEPTH } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { seededRandom } from '../../support/seededRandom';

function randomDocument(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  let anchors = 0;
  const scalar = (): string => pick(['a', 'x y', '"q:"', "'s'", '1', 'true', 'null', '*.example.com', '"*"', '/api/*', '|\n  block\n  text', 'yes']);
  const flow = (depth: number): string => {
    const r = random();
    if (depth > 2 || r < 0.4) return r < 0.2 && anchors > 0 ? `*a${Math.floor(random() * anchors)}` : scalar().startsWith('|') ? 'b' : scalar();
    if (r < 0.7) return `[${Array.from({ length: 1 + Math.floor(random() * 3) }, () => flow(depth + 1)).join(', ')}]`;
    return `{${Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => `${random() < 0.15 ? flow(depth + 1) : `k${i}`}: ${flow(depth + 1)}`).join(', ')}}`;
  };
  const block = (indent: string, depth: number): string[] => {
    const lines: string[] = [];
    const count = 1 + Math.floor(random() * 4);
    const asSeq = random() < 0.3;
    for (let i = 0; i < count; i++) {
      const anchor = random() < 0.15 ? `&a${anchors++} ` : '';
      const r = random();
      const head = asSeq ? `${indent}- ` : r < 0.08 ? `${indent}? ${flow(1)}\n${indent}: ` : r < 0.14 && anchors > 0 ? `${indent}*a${Math.floor(random() * anchors)} : ` : r < 0.2 ? `${indent}${flow(1)}: ` : `${indent}key${i}: `;
      if (depth < 3 && random() < 0.4) {
        lines.push(`${head}${anchor}`.trimEnd(), ...block(`${indent}  `, depth + 1));
      } else {
        const value = random() < 0.5 ? flow(0) : scalar();
        lines.push(`${head}${anchor}${value.replace(/\n/g, `\n${indent}`)}`);
      }
    }
    return lines;
  };
  let text = block('', 0).join('\n') + '\n';
  // Random damage: characters that change the CST's shape.
  if (random() < 0.3) {
    for (let i = 0; i < 3; i++) {
      const at = Math.floor(random() * text.length);
      text = text.slice(0, at) + pick(['*', '&', '? ', '[', '{', ': ', '- ', '|', '!!map ', '\n']) + text.slice(at);
    }
  }
  return text;
}

/** What the yaml library composes on its own: its collection keys (or aliases to collections), any alias key, any alias node. */
function composedFacts(text: string): { collectionKeys: number; collectionOrAliasKey: boolean; alias: boolean } {
  const doc = parseDocument(text, { uniqueKeys: true });
  let collectionKeys = 0;
  let collectionOrAliasKey = false;
  let alias = false;
  visit(doc, {
    Alias() {
      alias = true;
    },
    Pair(_, pair, path) {
      if (isAlias(pair.key) || isCollection(pair.key)) collectionOrAliasKey = true;
      // A key inside a collection key goes with it (one finding for the outer key).
      const chain = [...path, pair];
      const insideKey = chain.some((node, i) => isPair(node) && i + 1 < chain.length && node.key === chain[i + 1]);
      if (!insideKey && isCollection(isAlias(pair.key) ? pair.key.resolve(doc) : pair.key)) collectionKeys++;
    },
  });
  return { collectionKeys, collectionOrAliasKey, alias };
}

/** True when a plain value reaches itself. */
function reachesItself(value: unknown, path = new Set<object>()): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (path.has(value)) return true;
  path.add(value);
  const children = value instanceof Map ? [...value.values()] : Object.values(value);
  const found = children.some((child) => reachesItself(child, path));
  path.delete(value);
  return found;
}

describe('CST facts that let parseYamlChunk skip passes', () => {
  it('over seeded random documents, "no non-scalar key" and "no alias" hold in the composed document', () => {
    const random = seededRandom(20261205);
    let withAlias = 0;
    let withKey = 0;
    for (let n = 0; n < 1500; n++) {
      const text = randomDocument(random);
      const shape = scanTokens([...new Parser().parse(text)], MAX_NESTING_DEPTH);
      const composed = composedFacts(text);
      if (composed.alias) withAlias++;
      if (composed.collectionOrAliasKey) withKey++;
      if (!shape.alias) expect(composed.alias, text).toBe(false);
      if (!shape.nonScalarKey) expect(composed.collectionOrAliasKey, text).toBe(false);
    }
    // The generator must exercise both sides of each test.
    expect(withAlias).toBeGreaterThan(100);
    expect(withKey).toBeGreaterThan(100);
  });

  it('findings and value equal those the full passes give (ML0010 per collection key, ML0009 for a cycle), on the same random documents', () => {
    const random = seededRandom(7);
    let cycles = 0;
    let checked = 0;
    for (let n = 0; n < 1500; n++) {
      const text = randomDocument(random);
      const fast = parseYamlChunk({ start: 0, text }, 0);
      const codes = fast.findings.map((f) => f.code);
      const doc = parseDocument(text, { uniqueKeys: true });
      // Broken documents (an alias before its anchor, say) are left to the yaml library's errors.
      if (doc.errors.length > 0) continue;
      checked++;
      const composed = composedFacts(text);
      expect(codes.filter((c) => c === 'ML0010').length, text).toBe(composed.collectionKeys);
      if (composed.collectionKeys > 0 || codes.includes('ML0004')) continue;
      const plain: unknown = doc.toJS({ maxAliasCount: 100 });
      const cyclic = reachesItself(plain);
      if (cyclic) cycles++;
      expect(codes.includes('ML0009'), text).toBe(cyclic);
      if (!cyclic) expect(fast.value, text).toEqual(plain);
    }
    expect(cycles).toBeGreaterThan(0);
    expect(checked).toBeGreaterThan(400);
  });

  it('still reports collection keys and cycles when the CST has them', () => {
    for (const [text, code] of [
      ['? [a]\n: 1\n', 'ML0010'],
      ['{a: 1}: v\n', 'ML0010'],
      ['a: &m {x: 1}\n*m : v\n', 'ML0010'],
      ['spec: &s {b: *s}\n', 'ML0009'],
      ['- &s [*s]\n', 'ML0009'],
    ] as const) {
      const shape = scanTokens([...new Parser().parse(text)], MAX_NESTING_DEPTH);
      expect(shape.alias || shape.nonScalarKey, text).toBe(true);
      expect(parseYamlChunk({ start: 0, text }, 0).findings.map((f) => f.code), text).toContain(code);
    }
  });

  it('a document with only scalar keys and no alias is seen so', () => {
    const shape = scanTokens([...new Parser().parse('kind: X\nspec:\n  "q": [a, {b: c}]\n  r: |\n    t\n  s: &anchor x\n')], MAX_NESTING_DEPTH);
    expect(shape).toEqual({ alias: false, nonScalarKey: false });
  });
});
