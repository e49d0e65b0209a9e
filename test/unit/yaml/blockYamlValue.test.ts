// readBlockYamlValue's contract, proved against the yaml library it stands in for: whenever it returns a value,
// the library (Parser + Composer with the options parseYamlChunk uses) composes the same text into exactly one
// document with no error and no warning, and toJS() deep-equals the value (same types, same key order, plain
// objects and arrays). Everything else must be DECLINED. Section numbers cite YAML 1.2.2 (https://yaml.org/spec/1.2.2/).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Composer, Parser } from 'yaml';
import { generatePolicies } from '../../../bench/generatePolicies';
import { DECLINED, readBlockYamlValue } from '../../../server/src/analysis/yaml/blockYamlValue';
import { MAX_ALIAS_COUNT, splitDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { requireResource } from '../../support/requirement';
import { seededRandom } from '../../support/seededRandom';
import { yamlFilesUnder } from '../../support/yamlFilesUnder';

/** What parseYamlChunk gets from the library for one chunk: the problems it reports and the value. */
function libraryReading(text: string): { problems: string[]; value?: unknown } {
  const documents = [...new Composer({ uniqueKeys: true, prettyErrors: false, keepSourceTokens: false }).compose(new Parser().parse(text), true, text.length)];
  const problems: string[] = [];
  if (documents.length !== 1) problems.push(`${documents.length} documents`);
  const [doc] = documents;
  for (const error of doc.errors) problems.push(`error ${error.code}`);
  for (const warning of doc.warnings) problems.push(`warning ${warning.code}`);
  try {
    return { problems, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (error) {
    problems.push(`toJS threw ${String(error)}`);
    return { problems };
  }
}

/** Where two values first differ, or undefined: Object.is for scalars (NaN, -0), key order, plain prototypes. */
function firstDifference(actual: unknown, expected: unknown, at = '$'): string | undefined {
  if (typeof actual !== 'object' || actual === null || typeof expected !== 'object' || expected === null) {
    return Object.is(actual, expected) ? undefined : `${at}: ${describeValue(actual)} vs ${describeValue(expected)}`;
  }
  if (Array.isArray(actual) !== Array.isArray(expected)) return `${at}: array vs object`;
  if (Object.getPrototypeOf(actual) !== Object.getPrototypeOf(expected)) return `${at}: different prototypes`;
  if (!Array.isArray(actual) && Object.getPrototypeOf(actual) !== Object.prototype) return `${at}: not a plain object`;
  const actualKeys = Object.keys(actual);
  const expectedKeys = Object.keys(expected);
  if (actualKeys.join('\u0000') !== expectedKeys.join('\u0000')) return `${at}: keys [${actualKeys.join(', ')}] vs [${expectedKeys.join(', ')}]`;
  for (const key of actualKeys) {
    const difference = firstDifference((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${at}.${key}`);
    if (difference) return difference;
  }
  return undefined;
}

function describeValue(value: unknown): string {
  return `${typeof value} ${Object.is(value, -0) ? '-0' : JSON.stringify(value) ?? String(value)}`;
}

/** The contract for one text; returns whether the reader accepted it. */
function checkAgainstLibrary(text: string): boolean {
  const mine = readBlockYamlValue(text);
  if (mine === DECLINED) return false;
  const library = libraryReading(text);
  expect(library.problems, `accepted, but the library reports problems for ${JSON.stringify(text)}`).toEqual([]);
  expect(firstDifference(mine, library.value), `value differs for ${JSON.stringify(text)}`).toBeUndefined();
  return true;
}

// ---- a generator for the accepted subset and its near misses ----

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

/**
 * Each pool has the forms the reader should accept first, then near misses it must decline (or may, when it is
 * unsure). A document draws from the second part with its own probability `noise`, so some documents are clean
 * and some full of near misses.
 */
interface Pool {
  readonly safe: readonly string[];
  readonly risky: readonly string[];
}
const KEYS: Pool = {
  safe: ['apiVersion', 'kind', 'name', 'app', 'a', 'b', 'port', 'matchLabels', 'kubernetes.io/metadata.name', 'a b', 'x-y_z', 'constructor', 'toString', 'é', '=', 'a"b', "a'b", 'a#b', 'x[0]', '-x', '?x', ':x', 'a:b', '8080', '9090', '0', '1.5', 'true', 'false'],
  risky: ['True', 'null', 'Null', '~', '01', '-0', '+1', '0x1F', '0o7', '1.50', '1e3', '.inf', '.nan', 'x{y}', 'a,b', '__proto__', '<<', '.', '-', '?', '%x', '@x', '&a', '*a', '!t', '|', '>', '[x]', '{x}', '#', 'a #b'],
};
const PLAIN_VALUES: Pool = {
  safe: [
    // 10.3.2 core schema: null, bool, int, float, and near misses that stay strings
    '~', 'null', 'Null', 'NULL', 'nulL', 'true', 'True', 'TRUE', 'tRue', 'false', 'False', 'FALSE', 'fAlse', 'yes', 'no', 'on', 'off', 'y', 'n',
    '0', '-0', '+0', '7', '+12', '-12', '012', '0o17', '0o8', '0O17', '0x1F', '0x1f', '0xg', '0X1F', '1_000', '0b11', '123456789012345', '-123456789012345',
    '.5', '5.', '-5.', '1.0', '1.50', '1e3', '1E3', '-1.5E-3', '+.5e+2', '1e', 'e3', '.', '-.', '+', '..5', '1.2.3',
    '.inf', '.Inf', '.INF', '-.inf', '+.inf', '.iNf', '.nan', '.NaN', '.NAN', '-.nan', 'NaN', 'Infinity', 'inf',
    // strings that look like something else
    'web', 'a b', 'GET', 'TCP', 'ALLOW', '10.0.0.0/8', 'http://x.y/z', 'request.headers[x-team]', '/v1/items/.*', 'cluster.local/ns/a/sa/b', 'a:b', 'a::b', 'a#b', '-v', '-1a', '?x', ':x', 'é', '日本', '🙂', "a'b", 'a"b', 'a,b', 'a]', 'a}', 'a[b', 'x, y', '--- x', '...x', '-- x',
  ],
  // near misses the reader must decline
  risky: ['1234567890123456', '9007199254740993', '-', '%x', '@x', '`x', '|', '>', '|-', '!tag x', '&a x', '*a', 'a: b', 'a:', '- x', '? x', ': x', ',x', ']x', '}x', 'a #b', 'x #'],
};
const QUOTED_PARTS: Pool = {
  // 5.7 escapes: every one-character escape but the escaped tab, and \x, \u, \U with their hex digits
  safe: ['a', 'b', ' ', '#', ':', ',', '[', '}', '-', 'é', "'", '"', '\\"', '\\\\', '\\/', '\\n', '\\t', '\\0', '\\a', '\\b', '\\e', '\\f', '\\r', '\\v', '\\N', '\\_', '\\L', '\\P', '\\ ', '\\x41', '\\xFf', '\\u00e9', '\\uD83D', '\\U0001F642'],
  risky: ['\t', '\\\t', '\\q', '\\x4', '\\x4g', '\\U00110000', '\\u12', '\n', '\\'],
};

const BLOCK_HEADERS: Pool = {
  safe: ['|', '|-', '>', '>-', '| # c', '>- #x', '|  '],
  risky: ['|+', '>+', '|2', '|-1', '|#c', '|x', '>1-', '| x'],
};
// 7.3.3 continuation lines of a multi-line plain scalar
const PLAIN_LINES: Pool = {
  safe: ['more', 'a b', '1', 'x-y', '&& done', 'c,d', 'é', 'z.', '/v1', 'true', 'x]', 'a#b', 'a:b', 'x #y', '# c', '[a]', '{b}', "'q'", '"q"', '*a', '&a', '!t', '|', '>', '%x', '@x', '`x', ',x', '-x', '?x', ':x'],
  risky: ['- x', 'a: b', 'end:', '---', '...', '? x', ': x', '-', '- ', '\tx'],
};
const BLOCK_TEXT = ['line', 'a: b', '# not a comment', '- x', 'text with  spaces  ', "it's", '{x}', '"q"', 'é', '---', 'x #y'];

class Generator {
  constructor(
    private readonly random: Random,
    /** The share of draws from the risky part of each pool. */
    private readonly noise: number,
  ) {}

  draw(pool: Pool): string {
    return pick(this.random, this.random() < this.noise ? pool.risky : pool.safe);
  }

  /** A quoted scalar; given the column of its block, sometimes over several lines (7.3 line folding). */
  quoted(minIndent?: number): string {
    const random = this.random;
    const parts: string[] = [];
    const n = Math.floor(random() * 6);
    const double = random() < 0.5;
    for (let i = 0; i < n; i++) {
      if (minIndent !== undefined && random() < 0.15) {
        const blank = random() < 0.2 ? `\n${' '.repeat(Math.floor(random() * 3))}` : '';
        const indent = random() < this.noise ? Math.floor(random() * (minIndent + 2)) : minIndent + 1 + Math.floor(random() * 3);
        parts.push(`${random() < 0.3 ? ' ' : ''}${random() < 0.1 ? '\r' : ''}\n${blank}${' '.repeat(indent)}`);
      }
      const part = this.draw(QUOTED_PARTS);
      // A quote of the other kind is content; of the same kind it is escaped (\" or '').
      if (double) parts.push(part === '"' ? '\\"' : part);
      else parts.push(part === "'" ? "''" : part.startsWith('\\') && random() < 0.5 ? part.slice(1) : part);
    }
    return double ? `"${parts.join('')}"` : `'${parts.join('')}'`;
  }

  scalar(minIndent?: number): string {
    const random = this.random;
    const r = random();
    if (r < 0.65) {
      let plain = this.draw(PLAIN_VALUES);
      // 7.3.3: sometimes over more lines, indented more than the block (or, as a near miss, not)
      while (minIndent !== undefined && random() < 0.12) {
        const indent = random() < this.noise ? Math.floor(random() * (minIndent + 2)) : minIndent + 1 + Math.floor(random() * 3);
        plain += `${random() < 0.2 ? '\n' : ''}\n${' '.repeat(indent)}${this.draw(PLAIN_LINES)}`;
      }
      return plain;
    }
    if (r < 0.9) return this.quoted(minIndent);
    return this.flow();
  }

  flow(depth = 2): string {
    const random = this.random;
    const map = random() < 0.4;
    const n = Math.floor(random() * 4);
    const space = random() < 0.3 ? ' ' : '';
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = random();
      const item = depth > 0 && r < 0.2 ? this.flow(depth - 1) : r < 0.75 ? this.draw(PLAIN_VALUES) : this.quoted();
      items.push(map ? `${random() < 0.8 ? this.draw(KEYS) : this.quoted()}: ${item}` : item);
    }
    return map ? `{${space}${items.join(', ')}${space}}` : `[${space}${items.join(random() < 0.8 ? ', ' : ',')}${space}]`;
  }

  /** 8.1 a block scalar header and its lines, for an entry whose collection sits at `parentIndent`. */
  blockScalar(parentIndent: number): { header: string; lines: string[] } {
    const random = this.random;
    const header = this.draw(BLOCK_HEADERS);
    const indent = parentIndent + (random() < this.noise ? Math.floor(random() * 2) : 1 + Math.floor(random() * 3));
    const lines: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const r = random();
      if (i > 0 && r < 0.12) lines.push('');
      else if (i > 0 && r < 0.2) lines.push(' '.repeat(Math.floor(random() * (indent + (random() < this.noise ? 3 : 1)))));
      else if (i > 0 && r < 0.3) lines.push(`${' '.repeat(indent + 1 + Math.floor(random() * 2))}${pick(random, BLOCK_TEXT)}`);
      else if (r < 0.3 + this.noise * 0.3) lines.push(`${' '.repeat(parentIndent + Math.floor(random() * (indent - parentIndent + 1)))}${pick(random, BLOCK_TEXT)}`);
      else lines.push(`${' '.repeat(indent)}${pick(random, BLOCK_TEXT)}`);
    }
    return { header, lines };
  }

  /**
   * 7.4 a flow collection over several lines: line breaks after openings and commas and before closings, each
   * further line indented more than `minIndent` (the column of the block it is in; -1 at the root).
   */
  multiLineFlow(depth: number, minIndent = -1): string {
    const random = this.random;
    const map = random() < 0.5;
    const n = Math.floor(random() * 4);
    const lineIndent = (): number => (random() < this.noise ? Math.floor(random() * (minIndent + 2)) : minIndent + 1 + Math.floor(random() * 4));
    const gap = (): string => (random() < 0.5 ? `${random() < 0.1 ? '\r' : ''}\n${' '.repeat(lineIndent())}` : random() < 0.5 ? ' ' : '');
    // Near misses: a line break between a key and its colon or value, or in the middle of a scalar.
    const riskyGap = (): string => (random() < this.noise ? '\n ' : '');
    const items: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = random();
      const item = depth > 0 && r < 0.3 ? this.multiLineFlow(depth - 1, minIndent) : r < 0.6 ? this.draw(PLAIN_VALUES) : this.quoted();
      if (!map) items.push(item);
      else if (random() < 0.5) items.push(`${JSON.stringify(this.draw(KEYS))}${riskyGap()}${random() < 0.5 ? ':' : ': '}${riskyGap()}${item}`);
      else items.push(`${this.draw(KEYS)}${riskyGap()}: ${item}`);
    }
    // 7.4: a trailing comma is allowed
    const trailing = n > 0 && random() < 0.15 ? ',' : '';
    return `${map ? '{' : '['}${gap()}${items.join(`,${gap()}`)}${trailing}${gap()}${map ? '}' : ']'}`;
  }

  /** A JSON document (JSON is a subset of YAML 1.2 flow style), pretty-printed or not. */
  json(depth: number): string {
    const random = this.random;
    const value = (d: number): unknown => {
      const r = random();
      if (d > 0 && r < 0.2) return Array.from({ length: Math.floor(random() * 4) }, () => value(d - 1));
      if (d > 0 && r < 0.45) return Object.fromEntries(Array.from({ length: Math.floor(random() * 4) }, () => [this.draw(KEYS), value(d - 1)]));
      if (r < 0.55) return pick(random, [true, false, null, 0, -0, 8080, -12, 0.5, 1e21, 1.5e-7, 123456789012345, 2 ** 53 + 2]);
      return pick(random, ['', 'web', 'a b', 'é\u2028', '\t', '"', '\\', '🙂', '\u0001', '1', 'true', '# x', 'a: b', '\n']);
    };
    return JSON.stringify(value(depth), null, pick(random, [0, 2, 4, 4, random() < this.noise ? '\t' : 1]));
  }

  key(): string {
    return this.random() < 0.9 ? this.draw(KEYS) : this.quoted();
  }

  comment(): string {
    return this.random() < 0.15 ? ` # ${pick(this.random, ['c', 'a: b', '- x', '#', "'", ''])}` : '';
  }

  /** A block node at `indent`, as lines; `depth` bounds the nesting. */
  block(indent: number, depth: number, asMap: boolean): string[] {
    const random = this.random;
    const pad = ' '.repeat(indent);
    const lines: string[] = [];
    const entries = 1 + Math.floor(random() * 4);
    const used = new Set<string>();
    for (let i = 0; i < entries; i++) {
      // 6.6: comment lines at any indentation (right of the block after a block scalar: declined, so mostly not).
      if (random() < 0.08) lines.push(random() < 0.5 ? '' : `${' '.repeat(Math.floor(random() * (indent + (random() < this.noise ? 3 : 1))))}# note`);
      const step = 1 + Math.floor(random() * 3);
      const r = random();
      if (asMap) {
        const k = this.key();
        // Mostly distinct keys; a duplicate now and then (the library reports DUPLICATE_KEY).
        if (used.has(k) && random() > this.noise) continue;
        used.add(k);
        if (depth > 0 && r < 0.25) {
          lines.push(`${pad}${k}:${this.comment()}`, ...this.block(indent + step, depth - 1, true));
        } else if (depth > 0 && r < 0.45) {
          // 8.2.1: a sequence as a mapping value may sit at the key's own column (Kubernetes style) or deeper.
          lines.push(`${pad}${k}:${this.comment()}`, ...this.block(random() < 0.5 ? indent : indent + step, depth - 1, false));
        } else if (r < 0.5) {
          lines.push(`${pad}${k}:${this.comment()}`);
        } else if (r < 0.58) {
          const { header, lines: body } = this.blockScalar(indent);
          lines.push(`${pad}${k}: ${header}`, ...body);
        } else if (r < 0.66) {
          // 7.4 a flow collection over several lines as a mapping value
          lines.push(`${pad}${k}: ${this.multiLineFlow(2, indent)}`);
        } else if (r < 0.68) {
          // 7.4 a flow collection (or, as a near miss, a scalar) on the line after its key
          lines.push(`${pad}${k}:`, `${' '.repeat(indent + step)}${random() < this.noise ? this.scalar() : this.flow()}`);
        } else {
          lines.push(`${pad}${k}: ${this.scalar(indent)}${this.comment()}`);
        }
      } else if (depth > 0 && r < 0.3) {
        // `- key: value` compact mapping, later keys at the first key's column
        const gap = 1 + (random() < 0.2 ? 2 : 0);
        const inner = this.block(indent + 1 + gap, depth - 1, true);
        lines.push(`${pad}-${' '.repeat(gap)}${inner[0].trimStart()}`, ...inner.slice(1));
      } else if (depth > 0 && r < 0.4) {
        lines.push(`${pad}-${this.comment()}`, ...this.block(indent + step, depth - 1, random() < 0.6));
      } else if (r < 0.45) {
        lines.push(`${pad}-`);
      } else if (r < 0.52) {
        const { header, lines: body } = this.blockScalar(indent);
        lines.push(`${pad}- ${header}`, ...body);
      } else if (r < 0.58) {
        lines.push(`${pad}- ${this.multiLineFlow(2, indent)}`);
      } else if (r < 0.6) {
        lines.push(`${pad}-`, `${' '.repeat(indent + step)}${random() < this.noise ? this.scalar() : this.flow()}`);
      } else {
        lines.push(`${pad}- ${this.scalar(indent)}${this.comment()}`);
      }
    }
    return lines;
  }

  document(): string {
    const random = this.random;
    const lines: string[] = [];
    if (random() < 0.2) lines.push('# header', '');
    if (random() < 0.6) lines.push(pick(random, ['---', '--- # doc', '---  ', '--- ']));
    const r = random();
    if (r < 0.75) lines.push(...this.block(random() < 0.9 ? 0 : 2, 3, true));
    else if (r < 0.88) lines.push(...this.block(0, 3, false));
    else if (r < 0.92) lines.push(this.multiLineFlow(2));
    else if (r < 0.96) lines.push(this.json(3));
    else lines.push(this.scalar());
    if (random() < 0.1) lines.push('# trailer');
    const text = lines.join('\n') + (random() < 0.8 ? '\n' : '');
    return random() < 0.1 ? text.replaceAll('\n', '\r\n') : text;
  }
}

const MUTATION_CHARS = [':', '-', '#', "'", '"', '[', ']', '{', '}', '&', '*', '!', '|', '>', ' ', ' ', '\t', '\r', '\n', ',', '?', '%', '@', '`', '\\', '.', '0', '\u00a0', '\u0085', '\u2028', '\ufeff', '\u0001'];

/** Near misses: a few random edits of a valid text. */
function mutate(random: Random, text: string): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const lineStart = out.lastIndexOf('\n', at - 1) + 1;
    const r = random();
    if (r < 0.35) out = out.slice(0, at) + pick(random, MUTATION_CHARS) + out.slice(at);
    else if (r < 0.55) out = out.slice(0, at) + out.slice(at + 1);
    else if (r < 0.7) out = out.slice(0, lineStart) + (random() < 0.5 ? ' ' : '') + out.slice(lineStart + (random() < 0.5 ? 1 : 0));
    else if (r < 0.8) out = out.slice(0, lineStart) + pick(random, ['---\n', '...\n', '--- x\n', '%YAML 1.2\n', '? a\n', '<<: {}\n']) + out.slice(lineStart);
    else {
      // duplicate a line (a duplicate key, a second item or a continuation line)
      let lineEnd = out.indexOf('\n', lineStart);
      if (lineEnd === -1) lineEnd = out.length;
      const line = out.slice(lineStart, lineEnd);
      out = out.slice(0, lineEnd) + '\n' + (random() < 0.3 ? '  ' : '') + line + out.slice(lineEnd);
    }
  }
  return out;
}

describe('readBlockYamlValue: differential against the yaml library', () => {
  it('returns exactly the library value, or declines, for random documents of the subset and their near misses', () => {
    const random = seededRandom(20261205);
    let clean = 0;
    let cleanAccepted = 0;
    let noisy = 0;
    let noisyAccepted = 0;
    let mutated = 0;
    let mutatedAccepted = 0;
    for (let i = 0; i < 6000; i++) {
      const noise = pick(random, [0, 0, 0.03, 0.1, 0.3]);
      const text = new Generator(random, noise).document();
      const accepted = checkAgainstLibrary(text);
      if (noise === 0) {
        clean += 1;
        if (accepted) cleanAccepted += 1;
      } else {
        noisy += 1;
        if (accepted) noisyAccepted += 1;
      }
      for (let m = 0; m < 2; m++) {
        mutated += 1;
        if (checkAgainstLibrary(mutate(random, text))) mutatedAccepted += 1;
      }
    }
    console.log(`differential: accepted ${cleanAccepted}/${clean} clean texts, ${noisyAccepted}/${noisy} with near misses, ${mutatedAccepted}/${mutated} mutated`);
    // A reader that declined everything would fail here. Clean texts are declined for flow collections holding
    // `:` or `#` in plain scalars (left to the library), comments right of a block after a block scalar, `--- x`,
    // integers past 15 digits and U+2028 in JSON strings.
    expect(cleanAccepted / clean).toBeGreaterThan(0.7);
    expect(noisyAccepted / noisy).toBeGreaterThan(0.2);
    expect(mutatedAccepted / mutated).toBeGreaterThan(0.1);
  });
});

const repoRoot = process.cwd();
const corpus = path.resolve(repoRoot, '../shared/corpus');

/** Checks every chunk of every file, and a few seeded near misses of each (real shapes, mutated); returns [accepted, total] of the chunks. */
function checkFiles(files: readonly string[], seed: number): [number, number] {
  const random = seededRandom(seed);
  let accepted = 0;
  let total = 0;
  for (const file of files) {
    for (const chunk of splitDocuments(readFileSync(file, 'utf8'))) {
      total += 1;
      if (checkAgainstLibrary(chunk.text)) accepted += 1;
      for (let m = 0; m < 3; m++) checkAgainstLibrary(mutate(random, chunk.text));
    }
  }
  return [accepted, total];
}

describe('readBlockYamlValue: real documents', () => {
  it('reads the documents the open bench generates (bench/generatePolicies.ts), at least 95 % of them', () => {
    let accepted = 0;
    const chunks = splitDocuments(generatePolicies(2000));
    const random = seededRandom(5);
    for (const chunk of chunks) {
      if (checkAgainstLibrary(chunk.text)) accepted += 1;
      checkAgainstLibrary(mutate(random, chunk.text));
    }
    console.log(`generatePolicies: accepted ${accepted}/${chunks.length}`);
    expect(accepted / chunks.length).toBeGreaterThanOrEqual(0.95);
  });

  it('holds the contract on every document of examples/ and near misses of them', () => {
    const [accepted, total] = checkFiles(yamlFilesUnder(path.resolve(repoRoot, 'examples')), 7);
    console.log(`examples: accepted ${accepted}/${total}`);
    expect(total).toBeGreaterThan(0);
  });

  const present = requireResource(`the corpus ${corpus}`, existsSync(corpus), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');
  it.skipIf(!present)('holds the contract on every document of ../shared/corpus and near misses of them', () => {
    const [accepted, total] = checkFiles(yamlFilesUnder(corpus), 11);
    console.log(`corpus: accepted ${accepted}/${total}`);
    expect(total).toBeGreaterThan(100);
  });
});

describe('readBlockYamlValue: values', () => {
  // Each is also checked against the library, so the expectation cannot drift from it.
  it.each([
    ['10.3.2 core schema null: ~, null, Null, NULL and empty', 'a: ~\nb: null\nc: Null\nd: NULL\ne:\n', { a: null, b: null, c: null, d: null, e: null }],
    ['10.3.2 core schema bool: only the three spellings', 'a: true\nb: False\nc: TRUE\nd: yes\ne: tRue\n', { a: true, b: false, c: true, d: 'yes', e: 'tRue' }],
    ['10.3.2 core schema int: decimal, octal 0o, hex 0x', 'a: 8080\nb: 0o17\nc: 0x1F\nd: +12\ne: 012\nf: 0b11\n', { a: 8080, b: 15, c: 31, d: 12, e: 12, f: '0b11' }],
    ['10.3.2 core schema float: .5, 5., 1e3, .inf, .nan', 'a: .5\nb: 5.\nc: 1e3\nd: -.inf\ne: .NaN\nf: 1.2.3\n', { a: 0.5, b: 5, c: 1000, d: -Infinity, e: NaN, f: '1.2.3' }],
    ['7.3.1/7.3.2 quoted scalars are strings, with their escapes', 'a: "8080"\nb: \'it\'\'s\'\nc: "x\\"y\\\\z\\/\\n\\t"\n', { a: '8080', b: "it's", c: 'x"y\\z/\n\t' }],
    ['6.6 comments and blank lines, at any indentation', '# head\n---  # start\na: b # c\n\n    # deeper\nd: e#f\n', { a: 'b', d: 'e#f' }],
    ['8.2.1 a sequence at its key\'s column (Kubernetes style) ends at the next key', 'a:\n- x\n- y: 1\n  z: 2\nb: c\n', { a: ['x', { y: 1, z: 2 }], b: 'c' }],
    ['8.2.1 `-` alone, then a nested block or nothing', '-\n  a: 1\n-\n- x\n', [{ a: 1 }, null, 'x']],
    ['5.7 double-quoted escapes', 'a: "\\x41\\u00e9\\U0001F642\\0\\ \\_"\n', { a: 'Aé🙂\0 \u00a0' }],
    ['7.4 nested flow collections on one line', '- {key: k8s-app, operator: In, values: [ "kube-dns", \'coredns\' ]}\n- [[], [{}], {a: [1]}]\n', [{ key: 'k8s-app', operator: 'In', values: ['kube-dns', 'coredns'] }, [[], [{}], { a: [1] }]]],
    ['10.3.2 number and boolean keys written as String(value) gives them', 'portLevelMtls:\n  8080:\n    mode: DISABLE\ntrue: 1\n1.5: x\n', { portLevelMtls: { '8080': { mode: 'DISABLE' } }, true: 1, '1.5': 'x' }],
    ['7.4 a flow collection on the line after its key or `-`', 'a:\n  {}\nb:\n-\n  [1]\n', { a: {}, b: [[1]] }],
    ['7.4 a root flow collection over several lines (a JSON document)', '{\n  "kind": "NetworkPolicy",\n  "spec": {"podSelector": {},\n    "ports": [80,\r\n 443]\n}\n}\n', { kind: 'NetworkPolicy', spec: { podSelector: {}, ports: [80, 443] } }],
    ['7.4 a flow collection over several lines in a block mapping, with a trailing comma', 'args:\n  [\n    "-listen",\n    ":8080",\n  ]\nb: [1,\n  2]\n', { args: ['-listen', ':8080'], b: [1, 2] }],
    ['7.3.1/7.3.2 quoted scalars over lines fold: a break is a space, blank lines are line feeds', "a: 'x  \n   y''s\n\n  z'\nb: \"1 \\t\n  \n  2\"\n", { a: "x y's\nz", b: '1 \t\n2' }],
    ['7.3.3 plain scalars over lines fold like quoted ones', 'command: netpol-analyzer diff --dir1 a\n  o txt\nb: x\n\n   y\n    z\nc: 1\n', { command: 'netpol-analyzer diff --dir1 a o txt', b: 'x\ny z', c: 1 }],
    ['8.1.2 literal block scalars, clip and strip', 'a: |\n  x\n\n   y\n  # z\n\nb: |-\n  x\nc: 1\n', { a: 'x\n\n y\n# z\n', b: 'x', c: 1 }],
    ['8.1.3 folded block scalars: lines fold to spaces, blank and more-indented lines keep breaks', 'a: >\n  x\n  y\n\n  z\n    w\n  v\nb: >-\n  x\n  y\n', { a: 'x y\nz\n  w\nv\n', b: 'x y' }],
    ['8.1 a block scalar as a sequence entry and in a compact mapping', '- |\n  x\n- k: >-\n    y\n  l: 1\n', ['x\n', { k: 'y', l: 1 }]],
    ['7.4 single-line flow collections of scalars', 'a: [80, "443"]\nb: {app: web, "x": \'y\'}\nc: []\nd: { }\n', { a: [80, '443'], b: { app: 'web', x: 'y' }, c: [], d: {} }],
    ['5.4 CRLF line breaks', '---\r\na: 1\r\nb:\r\n  - x\r\n', { a: 1, b: ['x'] }],
    ['keys keep their order, numeric-looking quoted keys included', 'b: 1\na: 2\n"9090": 3\n', { b: 1, a: 2, '9090': 3 }],
  ])('%s', (_name, text, expected) => {
    expect(checkAgainstLibrary(text)).toBe(true);
    expect(firstDifference(readBlockYamlValue(text), expected)).toBeUndefined();
  });
});

describe('readBlockYamlValue: declines (the library then reads the text)', () => {
  it.each([
    ['5.7 an unknown escape', 'a: "\\q"\n'],
    ['5.7 a \\x escape with too few hex digits', 'a: "\\x4"\n'],
    ['5.7 an escape past U+10FFFF', 'a: "\\U00110000"\n'],
    ['6.1 a tab in indentation', 'a:\n\tb: 1\n'],
    ['6.1 a tab as separation', 'a:\tb\n'],
    ['6.1 a line between two indentation levels', 'a:\n    b: 1\n  c: 2\n'],
    ['6.1 a root mapping line left of the root', '  a: 1\nb: 2\n'],
    ['6.9.2 an anchor', 'a: &x 1\n'],
    ['7.1 an alias', 'a: *x\n'],
    ['6.9.1 a tag', 'a: !!str 1\n'],
    ['6.8 a directive', '%YAML 1.2\n---\na: 1\n'],
    ['9.1.4 a document end marker', 'a: 1\n...\n'],
    ['9.2 a second document', 'a: 1\n---\nb: 2\n'],
    ['9.1.3 content on the --- line', '--- a: 1\n'],
    ['8.1.1.1 a block scalar indentation indicator', 'a: |2\n   x\n'],
    ['8.1.1.2 keep chomping (+)', 'a: |+\n  x\n\n'],
    ['8.1.1.1 a blank line before the first line of a block scalar', 'a: |\n\n  x\n'],
    ['8.1.1.1 a blank line with more spaces than the block scalar indentation', 'a: |\n  x\n     \nb: 1\n'],
    ['8.1 a block scalar with no content', 'a: |\nb: 1\n'],
    ['8.1 a block scalar at the root', '--- |\n  x\n'],
    ['8.1 a comment after a block scalar, right of its parent', 'a:\n  b: |\n      x\n    # c\n'],
    ['7.3.3 a plain scalar line not indented more than its block', '- a:\n    b: x\n    y\n'],
    ['7.3.3 a plain continuation line holding ": "', 'a: b\n  c: d\n'],
    ['7.3.3 a plain continuation line starting with a block indicator', 'a: b\n  - c\n'],
    ['7.3.3 a plain continuation after a comment', 'a: b # c\n  d\n'],
    ['7.3.3 a plain continuation after a comment line', 'a: b\n  # c\n  d\n'],
    ['7.3.1 a double-quoted scalar line not indented more than its block', 'a:\n  b: "x\n  y"\n'],
    ['7.3.1 an escaped line break in a double-quoted scalar', 'a: "x\\\n  y"\n'],
    ['7.3.2 a single-quoted scalar line not indented more than its block', "a: 'x\ny'\n"],
    ['7.4.3 a quoted implicit key over two lines', '"a\n b": c\n'],
    ['8.2.2 a scalar value on the line after its key', 'a:\n  b\n'],
    ['8.2.2 an explicit key', '? a\n: b\n'],
    ['merge keys (<<) are YAML 1.1, resolved by library options', '<<: {a: 1}\n'],
    ['__proto__ as a key', '__proto__: 1\n'],
    ['a duplicate key (the library reports DUPLICATE_KEY)', 'a: 1\na: 2\n'],
    ['a duplicate key in a flow mapping', 'a: {b: 1, b: 2}\n'],
    ['10.3.2 a key that resolves to a boolean written otherwise than String(value)', 'True: 1\n'],
    ['10.3.2 a key that resolves to an integer written otherwise than String(value)', '0x1F: a\n'],
    ['10.3.2 a number key and the same name quoted (one property, no DUPLICATE_KEY)', '8080: a\n"8080": b\n'],
    ['10.3.2 a key that resolves to null', 'null: a\n'],
    ['7.4 a collection as a flow mapping key', 'a: {[1]: 2}\n'],
    ['7.4 a flow collection line not indented more than its block', 'a: [1,\n2]\n'],
    ['7.4 a key and its colon on different lines of a root flow mapping', '{"a"\n: 1}\n'],
    ['7.4 a plain scalar going on over the next line of a root flow collection', '[a\n b]\n'],
    ['9.1.4 a document end marker inside a root flow collection', '[1,\n...\n]\n'],
    ['7.4.1 an implicit pair in a flow sequence', 'a: [b: c]\n'],
    ['8.2.1 a compact nested sequence (- - x)', '- - x\n'],
    ['5.3 the reserved indicator @', 'a: @x\n'],
    ['5.3 the reserved indicator `', 'a: `x\n'],
    ['7.3.3 a plain scalar containing ": "', 'a: b: c\n'],
    ['7.3.3 a plain scalar ending in ":"', 'a: b:\n'],
    ['content after a closing quote', 'a: "x"y\n'],
    ['6.6 a comment not separated from a quoted scalar', 'a: "x"#c\n'],
    ['an integer past 15 digits', 'a: 1234567890123456\n'],
    ['a space before a key\'s colon', 'a : 1\n'],
    ['a lone CR (not a CRLF line break)', 'a: b\rc\n'],
    ['5.2 a byte order mark', '\ufeffa: 1\n'],
    ['nesting deeper than 64 levels', Array.from({ length: 70 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + '\n'],
  ])('%s', (_name, text) => {
    expect(readBlockYamlValue(text)).toBe(DECLINED);
  });
});
