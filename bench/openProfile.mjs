// Where an open's time goes beyond meshlens's own per-document analysis (`node --expose-gc bench/openProfile.mjs [docs] [floor|open]`;
// run floor and open as separate processes, alternating, to compare cold with cold): on the
// same generated text, CPU of analyzeText (cold, then warm) and of the analysis worker's service in-process
// (open -> first diagnostics -> settled, i.e. idle after the settle pass), each with a V8 CPU profile summary.
// The server runs with V8's tier-up threshold raised (server/src/lsp/tierUpBudget.ts); to profile the open as the
// server runs it, give node the same flag: `--interrupt-budget=270336` (Node 20), `--invocation-count-for-turbofan=9000` (Node 22).
import { bundleBenchModule, repoRoot } from './runInFreshProcess.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import inspector from 'node:inspector/promises';
import fs from 'node:fs';
import path from 'node:path';
import { printProfile } from './profileSummary.mjs';

/** Inclusive sampled time (ms) of each named function (any file), counted once per sample however deep it recurses. */
function inclusiveMs(profilePath, names) {
  const profile = JSON.parse(fs.readFileSync(profilePath, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const out = new Map(names.map((n) => [n, 0]));
  profile.samples.forEach((sample, i) => {
    const seen = new Set();
    for (let id = sample; id !== undefined; id = parent.get(id)) {
      const name = byId.get(id).callFrame.functionName;
      if (out.has(name) && !seen.has(name)) {
        seen.add(name);
        out.set(name, out.get(name) + (profile.timeDeltas[i] ?? 0) / 1000);
      }
    }
  });
  return out;
}

/** The open's phases (inclusive): the analysis (prepare), the first answer, the settle pass and its parts. */
const PHASES = ['prepare', 'answer', 'settleJob', 'analyzeEnforcement', 'traffic', 'diagnosticsOf', '(garbage collector)'];

const cpuMs = (from) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};

export async function runOpenProfile(count = 5000, which = 'both', top = 25) {
  const bundle = await bundleBenchModule(
    'openProfile',
    `export { analyzeText } from './server/src/analysis/analyzeFile';
     export { AnalysisService } from './server/src/lsp/worker/analysisService';
     export { defaultSettings } from './server/src/protocol/settings';
     export { generatePolicies } from './bench/generatePolicies';`,
  );
  const { analyzeText, AnalysisService, defaultSettings, generatePolicies } = createRequire(import.meta.url)(bundle);
  const text = generatePolicies(count);
  // As lspBench does before its floor: the schemas compile on first use (the server's build has them precompiled).
  analyzeText(generatePolicies(6));
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  const dir = path.join(repoRoot, 'dist', 'profiles');
  fs.mkdirSync(dir, { recursive: true });
  const profiled = async (name, run) => {
    await session.post('Profiler.start');
    const result = await run();
    const { profile } = await session.post('Profiler.stop');
    const out = path.join(dir, `${name}-${count}.cpuprofile`);
    fs.writeFileSync(out, JSON.stringify(profile));
    return { result, out };
  };
  if (which !== 'open') {
    for (const label of ['cold', 'warm']) {
      const { result: ms, out } = await profiled(`floor-${label}`, () => {
        const at = process.cpuUsage();
        globalThis.kept = analyzeText(text);
        return cpuMs(at);
      });
      console.log(`analyzeText ${label}: CPU ${ms.toFixed(0)} ms (garbage collector ${inclusiveMs(out, ['(garbage collector)']).get('(garbage collector)').toFixed(0)} ms sampled)`);
      if (label === 'warm') printProfile(out, top);
      if (globalThis.gc) {
        globalThis.gc();
        console.log(`  heap kept by the analysis: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
      }
    }
  }
  if (which !== 'floor') {
    const { result, out } = await profiled('open', () => new Promise((resolve) => {
      const at = process.cpuUsage();
      let first;
      let requested = false;
      const service = new AnalysisService({ docsBase: 'file:///docs.md' }, (message) => {
        if (message.type === 'response' && first === undefined) first = cpuMs(at);
        if (message.type === 'idle' && first !== undefined && requested) {
          // idle after the settle pass (its timer fired and it ran to the end)
          if (!service.settleTimer && !service.settling) {
            globalThis.keptService = service;
            resolve({ first, settled: cpuMs(at) });
          }
        }
      });
      const maxFileSizeMB = Math.max(5, Math.ceil(Buffer.byteLength(text) / (1024 * 1024)) + 1);
      service.receive({ type: 'settings', settings: { ...defaultSettings, maxFileSizeMB } });
      service.receive({ type: 'sync', uri: 'file:///bench/p.yaml', version: 1, text });
      service.receive({ type: 'request', id: 1, request: { kind: 'diagnostics', uri: 'file:///bench/p.yaml' } });
      requested = true;
    }));
    console.log(`service open: CPU to first answer ${result.first.toFixed(0)} ms, to settled ${result.settled.toFixed(0)} ms`);
    if (globalThis.gc) {
      globalThis.gc();
      console.log(`  heap kept by the service: ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
    }
    const phases = inclusiveMs(out, PHASES);
    console.log(`  inclusive sampled ms: ${PHASES.map((p) => `${p} ${phases.get(p).toFixed(0)}`).join(', ')}`);
    printProfile(out, top);
  }
  session.disconnect();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runOpenProfile(Number(process.argv[2] ?? 5000), process.argv[3] ?? 'both', Number(process.argv[4] ?? 25));
