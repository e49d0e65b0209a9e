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

  it('enforcement pitfalls of a freshly opened large file arrive with a refresh, not by blocking the first answer', async () => {
    const text = generatePolicies(60);
    const uri = 'file:///work/settle.yaml';
    const pitfalls = (items: { code?: unknown }[]) => items.filter((d) => String(d.code).startsWith('ML4')).length;
    // Refreshes not waited for must not fail the run later (their wait times out).
    const nextRefresh = () => {
      const next = client.nextDiagnosticRefresh();
      next.catch(() => undefined);
      return next;
    };
    let refreshed = nextRefresh();
    await client.open(uri, text, 1);
    const first = await client.pullDiagnostics(uri);
    // A refresh may also be about the previous test's file: pull again after each one until settled.
    let settled = first;
    for (let attempt = 0; attempt < 5 && pitfalls(settled) < 30; attempt++) {
      await refreshed;
      refreshed = nextRefresh();
      settled = await client.pullDiagnostics(uri);
    }
    // 60 new documents exceed what a provisional answer computes at once; the settled answer has them all.
    expect(pitfalls(first)).toBeLessThan(pitfalls(settled));
    expect(pitfalls(settled)).toBeGreaterThanOrEqual(30);
  });
});

describe('push clients are published the settled diagnostics', () => {
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
