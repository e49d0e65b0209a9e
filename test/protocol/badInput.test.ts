// Hostile and broken input through the real server: each case gets a clear diagnostic (or nothing when it
// is not a policy), the server answers the next request promptly, and it never dies.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startLspTestClient, type LspTestClient } from './lspTestClient';

const policyHead = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: bad\n';

function aliasBomb(): string {
  const lines = ['  annotations:', '    l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`    l${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(',')}]`);
  return `${policyHead}${lines.join('\n')}\nspec:\n  endpointSelector: {}\n`;
}

function deepNesting(levels: number): string {
  let text = `${policyHead}spec:\n  endpointSelector:\n    matchLabels:\n`;
  for (let i = 0; i < levels; i++) text += `${'  '.repeat(i + 3)}k${i}:\n`;
  return `${text}${'  '.repeat(levels + 3)}leaf: x\n`;
}

function tenMegabytes(withPolicy: boolean): string {
  const doc = `${withPolicy ? policyHead : 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n'}data:\n  key: ${'x'.repeat(200)}\n---\n`;
  return doc.repeat(Math.ceil((10 * 1024 * 1024) / doc.length));
}

interface Case {
  readonly name: string;
  readonly text: string;
  /** Codes that must be reported; [] means "no diagnostics at all". */
  readonly expected: readonly string[];
  /** At most this many diagnostics (the per-file cap plus its summary). */
  readonly maxDiagnostics?: number;
}

const cases: readonly Case[] = [
  { name: 'malformed YAML in a policy', text: `${policyHead}spec: {endpointSelector: [\n`, expected: ['ML0001'] },
  { name: 'tab indentation in a policy', text: `${policyHead}spec:\n\tendpointSelector: {}\n`, expected: ['ML0001'] },
  { name: 'duplicate keys in a policy', text: `${policyHead}  name: again\nspec:\n  endpointSelector: {}\n  ingress: [{}]\n`, expected: ['ML0003'] },
  { name: 'an alias bomb', text: aliasBomb(), expected: ['ML0004'] },
  { name: 'a 10 MB policy file', text: tenMegabytes(true), expected: ['ML0006'] },
  { name: 'a 10 MB non-policy file', text: tenMegabytes(false), expected: [] },
  // matchLabels values must be strings, so the schema reports the first nested mapping.
  { name: '200-level nesting', text: deepNesting(200), expected: ['ML1002'] },
  { name: '20,000-level flow nesting', text: `${policyHead}spec:\n  endpointSelector:\n    matchLabels:\n      a: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`, expected: ['ML0011'] },
  { name: '300 nested braces as a mapping key', text: `${policyHead}spec:\n  endpointSelector: {}\n  ${'{'.repeat(300)}${'}'.repeat(300)}: 1\n`, expected: ['ML0010'] },
  { name: '1,200 duplicate keys', text: `${policyHead}${'  x: 1\n'.repeat(1200)}spec:\n  endpointSelector: {}\n`, expected: ['ML0003', 'ML0012'], maxDiagnostics: 501 },
  { name: 'non-UTF-8 bytes (decoded as U+FFFD)', text: `${policyHead}  labels:\n    team: caf\uFFFD\uFFFD\nspec:\n  endpointSelector: {}\n  ingress: [{}]\n`, expected: ['ML0005'] },
  { name: 'a JSON policy', text: '{"apiVersion": "cilium.io/v9", "kind": "CiliumNetworkPolicy", "metadata": {"name": "j"}, "spec": {}}\n', expected: ['ML0007'] },
  { name: 'a JSON non-policy', text: '{"name": "package", "version": "1.0.0", "broken": [}\n', expected: [] },
  { name: 'an empty file', text: '', expected: [] },
  { name: 'only document markers and comments', text: '---\n# nothing\n---\n...\n', expected: [] },
];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

describe('bad input over LSP', () => {
  let client: LspTestClient;
  beforeAll(async () => {
    client = await startLspTestClient({ pullDiagnostics: true, timeoutMs: 20_000 });
  });
  afterAll(async () => {
    await client.stop();
  });

  cases.forEach((testCase, i) => {
    it(`${testCase.name}: ${testCase.expected.length === 0 ? 'no diagnostics' : testCase.expected.join(', ')}, and the server stays responsive`, async () => {
      const uri = `file:///work/bad-${i}.yaml`;
      await client.open(uri, testCase.text, 1);
      const codes = (await client.pullDiagnostics(uri)).map((d) => d.code);
      if (testCase.expected.length === 0) expect(codes).toEqual([]);
      else expect(codes).toEqual(expect.arrayContaining([...testCase.expected]));
      if (testCase.maxDiagnostics !== undefined) expect(codes.length).toBeLessThanOrEqual(testCase.maxDiagnostics);
      // The server still answers the next requests (how fast is `npm run bench`'s business, not a test's).
      expect(Array.isArray(await client.completion(uri, { line: 0, character: 0 }))).toBe(true);
      await client.hover(uri, { line: 1, character: 2 }); // rejects on a request error or the client's time-out
      expect(client.isAlive()).toBe(true);
      await client.close(uri);
    });
  });

  it('no handler failed along the way', () => {
    expect(client.logs.filter((l) => l.includes('failed'))).toEqual([]);
  });
});
