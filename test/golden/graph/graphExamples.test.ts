// Golden tests of `meshlens graph` on examples/: the JSON, DOT and Mermaid graphs and the workspace findings,
// compared with reviewed files. After a deliberate change, rewrite with UPDATE_GOLDEN=1, review the diff,
// and say why in the commit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../../server/src/cli/cliIo';
import { runCli } from '../../../server/src/cli/main';
import type { TrafficGraph } from '../../../server/src/protocol/trafficGraph';
import { requireResource } from '../../support/requirement';

const repoRoot = resolve(__dirname, '../../..');

function expectGolden(actual: string, goldenName: string): void {
  const golden = resolve(__dirname, goldenName);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
  expect(existsSync(golden), `${goldenName} is missing; create it with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(golden, 'utf8'));
}

// Paths in rule references are "as given"; giving `examples` relative to the repo root keeps them stable.
describe.skipIf(!requireResource('the repository root as working directory, with examples/', process.cwd() === repoRoot && existsSync(resolve(repoRoot, 'examples')), `run vitest from ${repoRoot}`))('meshlens graph examples (golden)', () => {
  for (const [format, golden] of [
    ['json', 'examples.graph.golden.json'],
    ['dot', 'examples.graph.golden.dot'],
    ['mermaid', 'examples.graph.golden.mmd'],
  ] as const) {
    it(`${format} output matches ${golden}`, async () => {
      const io = memoryIo();
      expect(await runCli(['graph', '--format', format, 'examples'], io)).toBe(0);
      expectGolden(io.out, golden);
      expectGolden(io.err, 'examples.graph.findings.golden.txt');
    });
  }

  it('draws the flows the examples are about', async () => {
    const io = memoryIo();
    await runCli(['graph', '--format', 'json', '--quiet', 'examples'], io);
    const graph = JSON.parse(io.out) as TrafficGraph;
    const edge = (from: string, to: string) => graph.edges.filter((e) => e.from === from && e.to === to).map((e) => `${e.verdict} ${e.protocol} ${e.port}`);
    // Cilium L3/L4 into PostgreSQL, from two namespaces.
    expect(edge('storefront/cart', 'data/postgres')).toEqual(['allow TCP 5432']);
    expect(edge('payments/payments-api', 'data/postgres')).toEqual(['allow TCP 5432']);
    // Cilium allows prometheus' scrape, but the payments sidecar's ALLOW policy does not list prometheus.
    expect(edge('monitoring/prometheus', 'payments/payments-api')).toEqual(['deny TCP 9090']);
    // ztunnel drops the HTTP-only ALLOW rule on cart and sees the waypoint's identity: fail closed.
    expect(edge('storefront/frontend', 'storefront/cart')).toEqual(['deny TCP 8080']);
    expect(graph.nodes.find((n) => n.id === 'storefront/cart')).toMatchObject({ meshMode: 'ambient', workloadKind: 'Deployment' });
  });
});
