// `npm run bench`: bundles bench/lspBench.ts (which reuses the protocol tests' LSP client) and runs it against
// the freshly built dist/server.cjs, then the traffic-graph and enforcement benches, each in a fresh process.
// Benchmarks are never unit tests; this prints figures only, with the machine's load before and after (a
// shared machine moves absolute times; the ratios against baselines of the same run are the figures to quote).
//   npm run bench                      full (< 10 min): LSP 100–20,000 docs, graph 10k×2k (many files, one file),
//                                      an in-process CPU profile of edits (bench/editProfile.mjs),
//                                      enforcement, and the 50,000 workloads × 10,000 policies scale run with a CPU profile
//   npm run bench -- --quick           about a minute: LSP 1,000 and 5,000 docs, a smaller graph
//   npm run bench -- --server=<path>   the LSP part against another build (e.g. an older commit's dist/server.cjs)
//   npm run bench -- 5000 20000        the LSP part at these sizes only
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import os from 'node:os';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const lspOnly = args.some((a) => /^\d+$/.test(a) || a.startsWith('--server='));
const load = (when) => console.log(`machine load ${when}: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ${os.cpus().length} cores`);

/** Runs another bench script in a fresh Node process (the same executable), its output inline; a failure stops the bench. */
function runScript(script, scriptArgs) {
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(script, import.meta.url)), ...scriptArgs], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`bench/${script} ${scriptArgs.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

load('before');
const started = performance.now();
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
await require('../dist/bench.cjs').runBench(args);
if (!lspOnly) {
  // Each in its own process: the graph's baseline (a yaml parse of the workspace) measured on the heap the LSP part
  // left behind ran ~1.9x slower than in a fresh process, which flattered the graph's ratio.
  if (quick) {
    runScript('graph.mjs', ['2000', '40', '400']);
  } else {
    // The traffic-graph bench (10,000 workloads, 2,000 policies): one file per policy, then everything in one file.
    runScript('graph.mjs', []);
    runScript('graph.mjs', ['10000', '200', '2000', '--one-file']);
    // The workspace-level enforcement pass (1,000 and 4,000 documents).
    runScript('enforcementBench.mjs', []);
    // Where an edit's time goes, in-process (CPU profile of 30 edits of a 5,000-document file).
    runScript('editProfile.mjs', ['5000']);
    // The scale run: 50,000 workloads × 10,000 policies, with where its time goes.
    runScript('graph.mjs', ['50000', '1000', '10000', '--cpu-prof']);
  }
}
load('after');
console.log(`bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
