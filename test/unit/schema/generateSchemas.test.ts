// The committed schemas must be exactly what the generator makes from the pinned upstream files,
// and must carry the deliberate translations (int-or-string, RE2 patterns, strictness, envelope).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireResource } from '../../support/requirement';

const repoRoot = process.cwd();
const upstream = path.resolve(repoRoot, '../shared/upstream/crds');
const committed = path.join(repoRoot, 'schemas/generated');

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((name) => (statSync(path.join(dir, name)).isDirectory() ? listFiles(path.join(dir, name), `${prefix}${name}/`) : [`${prefix}${name}`]))
    .sort();
}

const present = requireResource(`the upstream CRDs ${upstream}`, existsSync(upstream), 'they come with ../shared beside the repository');

describe.skipIf(!present)('npm run schemas is reproducible', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'meshlens-schemas-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('regenerates byte-identical files', () => {
    execFileSync(process.execPath, ['schemas/generateSchemas.mjs', '--upstream', upstream, '--out', out], { cwd: repoRoot, stdio: 'pipe' });
    expect(listFiles(out)).toEqual(listFiles(committed));
    for (const file of listFiles(out)) {
      expect(readFileSync(path.join(out, file), 'utf8'), `${file} differs from a fresh generation; run npm run schemas`).toBe(readFileSync(path.join(committed, file), 'utf8'));
    }
  });
});

describe('generated schemas', () => {
  const read = (file: string) => JSON.parse(readFileSync(path.join(committed, file), 'utf8'));

  it('lists every file in index.json with its upstream repo and commit', () => {
    const index = read('index.json');
    expect(index.schemas.map((s: { file: string }) => s.file).sort()).toEqual(listFiles(committed).filter((f) => f !== 'index.json'));
    for (const entry of index.schemas) {
      expect(entry.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(read(entry.file)['x-meshlens-source']).toEqual(entry.source);
    }
  });

  it('translates RE2-only syntax to JS unicode regex syntax', () => {
    const cnp = read('cilium.io/CiliumNetworkPolicy_v2.json');
    expect(cnp.properties.spec.properties.log.properties.value.pattern).toBe('^\\P{C}*$');
    expect(cnp['x-meshlens-generator'].translatedPatterns).toEqual(['^\\PC*$ → ^\\P{C}*$']);
  });

  it('closes objects that list properties, except status and preserve-unknown-fields', () => {
    const cnp = read('cilium.io/CiliumNetworkPolicy_v2.json');
    expect(cnp.additionalProperties).toBe(false);
    expect(cnp.properties.spec.additionalProperties).toBe(false);
    expect(cnp.properties.metadata.additionalProperties).toBe(false);
    expect(cnp.properties.status.additionalProperties).toBeUndefined();
    // Branches of oneOf/anyOf only add value checks and must stay open.
    expect(cnp.properties.spec.oneOf[0].additionalProperties).toBeUndefined();
  });

  it('spells int-or-string as a type list, nullable as a null type', () => {
    const np = read('networking.k8s.io/NetworkPolicy_v1.json');
    const port = np.properties.spec.properties.ingress.items.properties.ports.items.properties.port;
    expect(port.type).toEqual(['integer', 'string']);
    expect(np.properties.metadata.properties.creationTimestamp.type).toEqual(['string', 'null']);
  });

  it('writes sorted, stable JSON', () => {
    const text = readFileSync(path.join(committed, 'security.istio.io/PeerAuthentication_v1.json'), 'utf8');
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(sortKeys) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;
    expect(text).toBe(`${JSON.stringify(sortKeys(JSON.parse(text)), null, 2)}\n`);
  });
});

describe('translateRe2', () => {
  it('rewrites RE2-only syntax to the JS unicode-mode equivalent', async () => {
    const { translateRe2 } = await import('../../../schemas/generateSchemas.mjs');
    expect(translateRe2('^\\PC*$')).toBe('^\\P{C}*$');
    expect(translateRe2('^\\pL+$')).toBe('^\\p{L}+$');
    expect(translateRe2('(?P<name>[a-z]+)')).toBe('(?<name>[a-z]+)');
    expect(translateRe2('\\Aabc\\z')).toBe('^abc$');
    expect(translateRe2('^[a-z]$')).toBe('^[a-z]$');
    // POSIX classes mean letters in RE2 but a literal set of characters in JS: they must be expanded.
    expect(translateRe2('^[[:alpha:]_][[:digit:]]*$')).toBe('^[A-Za-z_][0-9]*$');
    expect(new RegExp(translateRe2('^[[:punct:]]+$'), 'u').test('!/@[`~')).toBe(true);
  });

  it('refuses what it cannot translate instead of loosening the pattern', async () => {
    const { translateRe2 } = await import('../../../schemas/generateSchemas.mjs');
    expect(() => translateRe2('(?i)abc')).toThrow(/inline flags/);
    expect(() => translateRe2('abc\\')).toThrow(/not a valid JS unicode regex/);
    expect(() => translateRe2('[[:nope:]]')).toThrow(/unknown POSIX class/);
    expect(() => translateRe2('\\Q.*\\E')).toThrow(/quoting/);
  });
});
