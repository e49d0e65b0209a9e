// `npm run bench`: bundles bench/lspBench.ts (which reuses the protocol tests' LSP client) and runs it
// against the freshly built dist/server.cjs. Benchmarks are never unit tests; this prints figures only.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

await esbuild.build({
  entryPoints: { bench: 'bench/lspBench.ts' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  logLevel: 'warning',
});
const require = createRequire(import.meta.url);
await require('../dist/bench.cjs').runBench(process.argv.slice(2));
// The traffic-graph bench (10,000 workloads, 2,000 policies) runs in its own process: see bench/graph.mjs.
await (await import('./graph.mjs')).runGraphBench();
// The workspace-level enforcement pass (1,000 and 4,000 documents), also in its own process: see bench/enforcementBench.mjs.
await (await import('./enforcementBench.mjs')).runEnforcementBench();
