// Where a cold start of the analysis worker goes, from spawn to the first and the final diagnostics of a generated
// file (the open of `npm run bench` without the LSP transport): each run in a fresh process, medians printed.
//   node bench/workerStart.mjs [--worker=<analysisWorker.cjs>] [--runs=5] [--cache=warm|cold|off] [--cpu-prof] [documents, default 5000]
// The worker starts the way the server starts it (lsp/worker/workerCodeCache.ts): through the V8 code cache, in a
// private directory of this bench; `--cache=warm` (default) measures a start with the cache written by an earlier
// start, `cold` a start that compiles and writes it, `off` a start without it (what every start cost before).
// Phases: bundle load (require of the bundle on a main thread, where it only loads), spawn → ready (the thread
// starts, loads the bundle and warms up: the schema validators and a sample analysis), ready → first answer (the
// open's diagnostics pull), → final (the settle pass's diagnostics). CPU is the process's (the main thread idles).
// `--cpu-prof` writes a CPU profile of one cold worker and prints where its time goes by module.
// Build first (`node scripts/build.mjs`); `--worker` compares another build (e.g. an older commit's dist/).
// The worker runs with V8's defaults here: the server raises the tier-up threshold before it starts the worker
// (server/src/lsp/tierUpBudget.ts), which this bench, starting the worker itself, does not.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { summariseProfile } from './profileSummary.mjs';
import { bundleBenchModule, repoRoot } from './runInFreshProcess.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const worker = path.resolve(option('worker', path.join(repoRoot, 'dist/analysisWorker.cjs')));
const documents = Number(args.find((a) => /^\d+$/.test(a)) ?? 5000);

const cpuMs = (since) => {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
};

/** One cold start, in this (fresh) process; prints its figures as one JSON line. */
async function measure(textModule, profileDir, cacheDir) {
  const require = createRequire(import.meta.url);
  const { generatePolicies, workerEvalSource } = require(textModule);
  const text = generatePolicies(documents);
  let cpu = process.cpuUsage();
  let started = performance.now();
  require(worker);
  const bundleLoad = { ms: performance.now() - started, cpuMs: cpuMs(cpu) };

  cpu = process.cpuUsage();
  started = performance.now();
  const workerData = { docsBase: 'file:///docs/diagnostics.md', bundle: worker, codeCacheDir: cacheDir === 'off' ? null : cacheDir };
  const thread = new Worker(workerEvalSource(), { eval: true, workerData, execArgv: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [] });
  const uri = 'file:///bench/open.yaml';
  const figures = await new Promise((resolve, reject) => {
    const at = {};
    const mark = (name) => (at[name] = { ms: performance.now() - started, cpuMs: cpuMs(cpu) });
    const timeout = setTimeout(() => reject(new Error('no final diagnostics within 120 s')), 120_000);
    thread.on('error', reject);
    thread.on('online', () => mark('online'));
    thread.on('message', (message) => {
      if (message.type === 'ready') {
        mark('ready');
        // No documents: only the start (the run that writes the code cache).
        if (documents === 0) {
          clearTimeout(timeout);
          // The cache is written right after ready: give it the time before the thread ends.
          setTimeout(() => resolve(at), 1000);
          return;
        }
        thread.postMessage({ type: 'sync', uri, version: 1, text });
        thread.postMessage({ type: 'request', id: 1, request: { kind: 'diagnostics', uri } });
      } else if (message.type === 'response' && message.id === 1) {
        mark('first');
      } else if (message.type === 'diagnostics' && message.uri === uri && at.first) {
        mark('final');
        clearTimeout(timeout);
        resolve(at);
      }
    });
  });
  await thread.terminate();
  console.log(JSON.stringify({ bundleLoad, ...figures }));
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main() {
  const runs = Number(option('runs', '5'));
  const textModule = await bundleBenchModule('workerStartText', "export { generatePolicies } from './bench/generatePolicies'; export { workerEvalSource } from './server/src/lsp/worker/workerCodeCache';");
  const cache = option('cache', 'warm');
  const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'meshlens-bench-code-cache-'));
  const cacheDir = () => {
    if (cache === 'off') return 'off';
    if (cache === 'warm') return path.join(cacheRoot, 'shared');
    const fresh = path.join(cacheRoot, `cold-${Math.random().toString(36).slice(2)}`);
    return fresh;
  };
  if (cache === 'warm') {
    // One start writes the cache the measured starts read.
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', textModule, `--cache-dir=${cacheDir()}`, '0'], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`the cache-writing start failed:\n${child.stderr}`);
  }
  console.log(`machine load before: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ${os.cpus().length} cores`);
  console.log(`worker cold start, ${worker}, code cache ${cache}, ${documents} documents, ${runs} runs (each in a fresh process), median ms (CPU ms):`);
  const results = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', textModule, `--cache-dir=${cacheDir()}`, ...args], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`run ${i + 1} failed:\n${child.stderr}`);
    results.push(JSON.parse(child.stdout.trim().split('\n').pop()));
  }
  const row = (label, pick) => {
    const ms = median(results.map((r) => pick(r).ms));
    const cpu = median(results.map((r) => pick(r).cpuMs));
    console.log(`  ${label.padEnd(38)} ${ms.toFixed(0).padStart(6)} (${cpu.toFixed(0)})`);
  };
  row('bundle load (main thread, no warm-up)', (r) => r.bundleLoad);
  row('spawn → online (thread started)', (r) => r.online);
  row('spawn → ready (bundle load + warm-up)', (r) => r.ready);
  row('spawn → first diagnostics answer', (r) => r.first);
  row('spawn → final (settled) diagnostics', (r) => r.final);
  const phase = (label, from, to) => {
    const ms = median(results.map((r) => to(r).ms - from(r).ms));
    const cpu = median(results.map((r) => to(r).cpuMs - from(r).cpuMs));
    console.log(`  ${label.padEnd(38)} ${ms.toFixed(0).padStart(6)} (${cpu.toFixed(0)})`);
  };
  phase('  ready → first answer (the open)', (r) => r.ready, (r) => r.first);
  phase('  first → final (the settle pass)', (r) => r.first, (r) => r.final);
  if (args.includes('--cpu-prof')) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'meshlens-worker-prof-'));
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure', textModule, `--profile-dir=${dir}`, `--cache-dir=${cacheDir()}`, ...args], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`profiled run failed:\n${child.stderr}`);
    const profile = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    const { totalMs, rows } = summariseProfile(path.join(dir, profile), 100_000);
    const byModule = new Map();
    for (const r of rows) {
      const module = r.name.split('  ').pop();
      byModule.set(module, (byModule.get(module) ?? 0) + r.ms);
    }
    console.log(`  CPU profile of one cold worker (spawn → final): ${totalMs.toFixed(0)} ms sampled; self time by module:`);
    for (const [module, ms] of [...byModule].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${ms.toFixed(0).padStart(7)} ms  ${module}`);
    console.log('  by function:');
    for (const r of rows.slice(0, 20)) console.log(`  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
    rmSync(dir, { recursive: true, force: true });
  }
  rmSync(cacheRoot, { recursive: true, force: true });
  console.log(`machine load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')}`);
}

if (args[0] === '--measure') await measure(args[1], option('profile-dir', undefined), option('cache-dir', 'off'));
else await main();
