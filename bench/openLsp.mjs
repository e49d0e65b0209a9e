// Open → diagnostics over LSP against the floor (issue 10's goal: final diagnostics ≤ 1.2× the whole-file
// parse + validate floor, the first partial answer much earlier). Each run spawns a fresh server (the built
// dist/server.cjs or --server), sends initialize, waits --wait ms (0 = the open arrives right after initialize, as when
// the editor starts with a policy file open), opens one generated file (bench/generatePolicies.ts) and pulls its
// diagnostics: "first" is the pull's answer, "settled" the pull after the server's diagnostic refresh (the settle pass:
// enforcement findings, traffic model). The floor is the issue's, in this process before each run: yaml.parseAllDocuments
// + each value's ajv validator (bench/parseValidateFloor.ts); meshlens's own `analyzeText(text)` is printed beside it.
//   node bench/openLsp.mjs [documents, default 5000] [--server=<server.cjs>] [--runs=3] [--wait=0] [--cache=warm|cold]
// --cache: the worker bundle's V8 code cache (lsp/worker/workerCodeCache.ts) in a private directory of this bench:
// `warm` (default; one start writes it first, as every start after the first of a build), `cold` (a new directory
// per run: compile and write). Prints each run and the medians, with the machine's load before and after, and the
// server's CPU time (both threads and GC, from the didOpen to the settled answer): the server uses both cores, so a
// busy second core stretches its wall time far more than the single-threaded floor's; compare runs on a quiet machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleBenchModule, repoRoot } from './runInFreshProcess.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    server: { type: 'string', default: path.join(repoRoot, 'dist/server.cjs') },
    runs: { type: 'string', default: '3' },
    wait: { type: 'string', default: '0' },
    cache: { type: 'string', default: 'warm' },
  },
});
const documents = Number(positionals[0] ?? 5000);
const runs = Number(values.runs);
const server = path.resolve(values.server);
if (!['warm', 'cold'].includes(values.cache)) throw new Error(`--cache=${values.cache}: warm or cold`);

const bundle = await bundleBenchModule(
  'openLsp',
  "export { startLspTestClient } from './test/protocol/lspTestClient'; export { generatePolicies } from './bench/generatePolicies'; export { analyzeText } from './server/src/analysis/analyzeFile'; export { parseValidateFloor } from './bench/parseValidateFloor';",
);
const { startLspTestClient, generatePolicies, analyzeText, parseValidateFloor } = createRequire(import.meta.url)(bundle);
const load = (when) => console.log(`machine load ${when}: ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ${os.cpus().length} cores`);
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];

// The server puts its code cache under os.tmpdir(), which follows TMPDIR: a private one per cache mode.
const cacheRoot = mkdtempSync(path.join(os.tmpdir(), 'meshlens-open-bench-'));
const serverTmp = () => (values.cache === 'warm' ? path.join(cacheRoot, 'warm') : mkdtempSync(path.join(cacheRoot, 'cold-')));

/** One open in a fresh server; times from the didOpen. `settle: false`: only the first answer (the cache-writing start). */
async function openOnce(text, tmp, settle = true) {
  process.env.TMPDIR = tmp;
  const client = await startLspTestClient({ pullDiagnostics: true, serverPath: server, timeoutMs: 300_000, settings: { maxFileSizeMB: 10 } });
  try {
    const uri = 'file:///bench/open.yaml';
    const refreshed = client.nextDiagnosticRefresh();
    if (Number(values.wait) > 0) await new Promise((resolve) => setTimeout(resolve, Number(values.wait)));
    const cpu0 = client.cpuTimeMs();
    const t0 = performance.now();
    await client.open(uri, text, 1);
    const first = await client.pullDiagnostics(uri);
    const t1 = performance.now();
    if (!settle) {
      // The worker writes its code cache right after its start: give it the time before the server stops.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return undefined;
    }
    await refreshed;
    const settled = await client.pullDiagnostics(uri);
    const t2 = performance.now();
    const cpu1 = client.cpuTimeMs();
    const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
    return { firstMs: t1 - t0, settledMs: t2 - t0, cpuMs, firstItems: first.length, settledItems: settled.length };
  } finally {
    await client.stop();
  }
}

load('before');
const text = generatePolicies(documents);
analyzeText(generatePolicies(50));
parseValidateFloor(generatePolicies(50));
if (parseValidateFloor(text) !== documents) throw new Error('bench: the floor did not validate every generated document');
if (values.cache === 'warm') {
  // The start that writes the code cache (the first start of a build); not measured.
  await openOnce(generatePolicies(6), serverTmp(), false);
}
console.log(`open → diagnostics over LSP, ${documents} documents (${(text.length / 1e6).toFixed(1)} MB), ${server}, wait ${values.wait} ms after initialize, code cache ${values.cache}, Node ${process.version}`);
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const f0 = performance.now();
    parseValidateFloor(text);
    const floorMs = performance.now() - f0;
    const a0 = performance.now();
    analyzeText(text);
    const analysisMs = performance.now() - a0;
    const r = { floorMs, analysisMs, ...(await openOnce(text, serverTmp())) };
    results.push(r);
    console.log(`  run ${run + 1}: floor ${r.floorMs.toFixed(0)} ms, analyzeText ${r.analysisMs.toFixed(0)} ms; first ${r.firstMs.toFixed(0)} ms = ${(r.firstMs / floorMs).toFixed(2)}x (${r.firstItems} items), settled ${r.settledMs.toFixed(0)} ms = ${(r.settledMs / floorMs).toFixed(2)}x (${r.settledItems} items); server CPU ${r.cpuMs?.toFixed(0) ?? 'n/a'} ms`);
  }
} finally {
  rmSync(cacheRoot, { recursive: true, force: true });
}
const ratio = (pick) => median(results.map((r) => pick(r) / r.floorMs)).toFixed(2);
console.log(`  median: floor ${median(results.map((r) => r.floorMs)).toFixed(0)} ms; first ${median(results.map((r) => r.firstMs)).toFixed(0)} ms = ${ratio((r) => r.firstMs)}x floor; settled ${median(results.map((r) => r.settledMs)).toFixed(0)} ms = ${ratio((r) => r.settledMs)}x floor (goal ≤ 1.2x), ${median(results.map((r) => r.settledMs / r.analysisMs)).toFixed(2)}x analyzeText; server CPU ${results.every((r) => r.cpuMs !== undefined) ? `${median(results.map((r) => r.cpuMs)).toFixed(0)} ms` : 'n/a'}`);
load('after');
process.exit(0);
