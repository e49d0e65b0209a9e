// Spans found from the text (yaml/blockYamlSpans.ts) equal the spans the composed AST gives (`locate` in
// parseYamlDocuments.ts): for every path of every document the block reader reads, in the corpus, examples/, the
// open bench's generated file and seeded random documents, both as the key and as the value, and for paths that
// are not there (which it must leave to the AST). Ranges follow the yaml library's nodes (scalar ranges end at the
// scalar's last character, quotes included; YAML 1.2.2 §7.3 flow scalars, §8.2 block collections).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockSpanAt } from '../../../server/src/analysis/yaml/blockYamlSpans';
import { locate, parseYamlChunk, splitDocuments, type YamlDocument } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import type { ValuePath } from '../../../server/src/analysis/model/sourceSpan';
import { generatePolicies } from '../../../bench/generatePolicies';
import { requireResource } from '../../support/requirement';
import { seededRandom } from '../../support/seededRandom';

const repoRoot = path.resolve(__dirname, '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus');

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...yamlFilesUnder(full));
    else if (/\.ya?ml$/.test(name)) out.push(full);
  }
  return out;
}

/** Every path in a value, each container's entries in order. */
function pathsOf(value: unknown, prefix: ValuePath = [], out: ValuePath[] = []): ValuePath[] {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([...prefix, i]), pathsOf(item, [...prefix, i], out)));
  else if (typeof value === 'object' && value !== null) for (const [key, child] of Object.entries(value)) (out.push([...prefix, key]), pathsOf(child, [...prefix, key], out));
  return out;
}

/** What spanAt gives from the composed AST, relative to the document's text. */
function composedSpan(doc: YamlDocument, at: ValuePath, prefer: 'key' | 'value'): { start: number; end: number } {
  const location = locate(doc, at);
  const chosen = prefer === 'key' ? (location.key ?? location.value) : (location.value ?? location.key);
  return { start: (chosen?.start ?? doc.start) - doc.start, end: (chosen?.end ?? doc.start) - doc.start };
}

interface Tally {
  documents: number;
  asked: number;
  found: number;
}

function check(text: string, tally: Tally): void {
  splitDocuments(text).forEach((chunk, index) => {
    const doc = parseYamlChunk({ start: 0, text: chunk.text }, index);
    // Only documents the block reader read are placed from their text (their AST is not composed yet).
    if (doc.syntax.composed) return;
    tally.documents += 1;
    const paths = pathsOf(doc.value);
    const missing: ValuePath[] = paths.slice(0, 5).map((p) => [...p, 'notThere']);
    missing.push(['notThere'], [0], ['spec', 99]);
    for (const at of [...paths, ...missing]) {
      for (const prefer of ['key', 'value'] as const) {
        tally.asked += 1;
        const fromText = blockSpanAt(doc.text, at, prefer);
        if (fromText === undefined) continue;
        tally.found += 1;
        const expected = composedSpan(doc, at, prefer);
        expect({ path: at, prefer, span: fromText }).toEqual({ path: at, prefer, span: expected });
      }
    }
  });
}

describe('spans from the text equal the composed AST spans', () => {
  it('on every document of examples/ and of the open bench (generatePolicies)', () => {
    const tally: Tally = { documents: 0, asked: 0, found: 0 };
    for (const file of yamlFilesUnder(path.resolve(repoRoot, 'examples'))) check(readFileSync(file, 'utf8'), tally);
    check(generatePolicies(400), tally);
    expect(tally.documents).toBeGreaterThan(400);
    // Keys and one-line scalars: most places a finding points at (a collection's own span is left to the AST).
    expect(tally.found / tally.asked).toBeGreaterThan(0.35);
  });

  const present = requireResource(`the corpus ${corpus}`, existsSync(corpus), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');
  it.skipIf(!present)('on every document of ../shared/corpus', () => {
    const tally: Tally = { documents: 0, asked: 0, found: 0 };
    for (const file of yamlFilesUnder(corpus)) check(readFileSync(file, 'utf8'), tally);
    expect(tally.documents).toBeGreaterThan(100);
    expect(tally.found).toBeGreaterThan(tally.asked / 3);
  });

  it('on seeded random block documents: quoted keys, comments, compact sequences, trailing spaces, continuation lines', () => {
    const random = seededRandom(77);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const scalars = ['web', '"quoted: yes"', "'single ''q'''", '80', '10.0.0.0/8', 'a#b', 'x # comment', 'trailing   ', '"8080"', 'true', '~', '', '[a, b]', '{k: v}', '|\n      block', 'two\n      lines'];
    const keys = ['app', '"8080"', "'a.b'", 'port', '1', 'x-y', 'k'];
    const tally: Tally = { documents: 0, asked: 0, found: 0 };
    for (let round = 0; round < 400; round++) {
      const lines: string[] = [];
      if (random() < 0.3) lines.push('# leading comment');
      if (random() < 0.5) lines.push(random() < 0.5 ? '---' : '--- # marker');
      const block = (indent: string, depth: number) => {
        const used = new Set<string>();
        const entries = 1 + Math.floor(random() * 3);
        for (let e = 0; e < entries; e++) {
          const key = pick(keys);
          if (used.has(key.replace(/["']/g, ''))) continue;
          used.add(key.replace(/["']/g, ''));
          const shape = depth > 2 ? 0 : Math.floor(random() * 4);
          if (random() < 0.15) lines.push(`${indent}  # between`);
          if (shape === 0) lines.push(`${indent}${key}: ${pick(scalars)}`);
          else if (shape === 1) {
            lines.push(`${indent}${key}:`);
            block(`${indent}  `, depth + 1);
          } else {
            lines.push(`${indent}${key}:${random() < 0.3 ? ' # list' : ''}`);
            const dashIndent = shape === 2 ? indent : `${indent}  `;
            for (let i = 0; i < 1 + Math.floor(random() * 3); i++) {
              if (random() < 0.5) lines.push(`${dashIndent}- ${pick(scalars)}`);
              else {
                lines.push(`${dashIndent}- name: ${pick(scalars)}`);
                lines.push(`${dashIndent}  port: ${pick(scalars)}`);
              }
            }
          }
        }
      };
      block('', 0);
      check(`${lines.join('\n')}\n`, tally);
    }
    expect(tally.documents).toBeGreaterThan(100);
    expect(tally.found).toBeGreaterThan(500);
  });
});
