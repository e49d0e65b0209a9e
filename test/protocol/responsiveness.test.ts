// A large policy file is analysed in slices in the analysis worker: completion asked right after opening it is
// answered before the file's diagnostics are ready, instead of waiting behind the whole analysis. (An ordering
// check, not a timing one.)
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePolicies } from '../../bench/generatePolicies';
import { repoRoot, startLspTestClient, type LspTestClient } from './lspTestClient';

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

describe('responsiveness during a large analysis', () => {
  let client: LspTestClient;
  beforeAll(async () => {
    client = await startLspTestClient({ pullDiagnostics: true, timeoutMs: 120_000 });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('completion overtakes the diagnostics of a 600-document file opened just before', async () => {
    const text = generatePolicies(600);
    const uri = 'file:///work/large.yaml';
    await client.open(uri, text, 1);
    const order: string[] = [];
    const diagnostics = client.pullDiagnostics(uri).then((items) => {
      order.push('diagnostics');
      return items;
    });
    const completion = client.completion(uri, { line: 6, character: 2 }).then((items) => {
      order.push('completion');
      return items;
    });
    const [items] = await Promise.all([completion, diagnostics]);
    expect(items.map((i) => i.label)).toContain('ingressDeny');
    expect(order).toEqual(['completion', 'diagnostics']);
  });

  it('the first diagnostics of a freshly opened 60-document file already hold every ML4xxx finding', async () => {
    // The analysis worker computes a revision's enforcement findings at once, off the main thread: no
    // carried-over partial answer, no second round.
    const text = generatePolicies(60);
    const uri = 'file:///work/settle.yaml';
    await client.open(uri, text, 1);
    const first = await client.pullDiagnostics(uri);
    const pitfalls = (items: { code?: unknown }[]) => items.filter((d) => String(d.code).startsWith('ML4')).length;
    expect(pitfalls(first)).toBeGreaterThanOrEqual(30);
  });
});

describe('push clients get every enforcement finding in the first publish', () => {
  let client: LspTestClient;
  beforeAll(async () => {
    client = await startLspTestClient({ timeoutMs: 120_000 });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('a 60-document file is published with every ML4xxx finding', async () => {
    const uri = 'file:///work/settle-push.yaml';
    const pitfalls = (items: { code?: unknown }[]) => items.filter((d) => String(d.code).startsWith('ML4')).length;
    await client.open(uri, generatePolicies(60), 1);
    const first = await client.pushedDiagnostics(uri, 1);
    expect(pitfalls(first.diagnostics)).toBeGreaterThanOrEqual(30);
  });
});
