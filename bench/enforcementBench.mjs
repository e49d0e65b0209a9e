// Enforcement bench (`npm run bench` calls it; or `node bench/enforcementBench.mjs [sizes...]`): the
// workspace-level pass (rule classification + ML4xxx pitfalls for every policy document against all the
// others), as the CLI `check` runs it, over generated workspaces of 1,000 and 4,000 documents, one file
// per document (bench/generatePolicies.ts). Prints times, the ratio to a baseline measured in the same run
// (yaml.parseAllDocuments of every file) and how the pass grows with the workspace (linear ≈ size ratio).
import { bundleBenchModule, measureInFreshProcess, repoRoot } from './runInFreshProcess.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';


const bundle = path.join(repoRoot, 'dist', 'enforcementBench.cjs');

export async function runEnforcementBench(args = []) {
  await bundleBenchModule('enforcementBench', `export { analyzeText } from './server/src/analysis/analyzeFile';
export { analyzeEnforcement, buildEnforcementWorkspace } from './server/src/analysis/enforcement/analyzeEnforcement';
export { generatePolicies } from './bench/generatePolicies';
export { parseAllDocuments } from 'yaml';`);
  measureInFreshProcess(import.meta.url, args, 'enforcement');
}

function measure(args) {
  const sizes = args.length > 0 ? args.map(Number) : [1000, 4000];
  const require = createRequire(import.meta.url);
  const { analyzeText, analyzeEnforcement, buildEnforcementWorkspace, generatePolicies, parseAllDocuments } = require(bundle);
  // Median of three runs: the machine is shared, and one slow run should not decide the figure.
  const time = (fn) => {
    const runs = [];
    let value;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      value = fn();
      runs.push(performance.now() - t0);
    }
    return [runs.sort((x, y) => x - y)[1], value];
  };
  const rows = {};
  const passes = [];
  for (const size of sizes) {
    const files = generatePolicies(size).split(/^---\n/m).map((text, i) => ({ key: `policies/p-${i}.yaml`, text }));
    // Warm-up on a small slice so the first size does not pay for JIT compilation alone.
    const warm = files.slice(0, 50).map((f) => ({ key: f.key, analysis: analyzeText(f.text) }));
    const warmWorkspace = buildEnforcementWorkspace(warm);
    warm.forEach((f) => analyzeEnforcement(f.analysis, warmWorkspace));
    const [baselineMs] = time(() => files.forEach((f) => parseAllDocuments(f.text)));
    const [analyzeMs, analysed] = time(() => files.map((f) => ({ key: f.key, analysis: analyzeText(f.text) })));
    const [passMs, findings] = time(() => {
      const workspace = buildEnforcementWorkspace(analysed);
      return analysed.reduce((n, f) => n + analyzeEnforcement(f.analysis, workspace).reduce((m, d) => m + d.findings.length, 0), 0);
    });
    passes.push({ size, passMs, baselineMs });
    const vs = (ms) => (ms / baselineMs).toFixed(2);
    rows[`${size} documents: baseline yaml.parseAllDocuments`] = { ms: baselineMs.toFixed(0), 'vs baseline': '1.00', findings: '' };
    rows[`${size} documents: analyzeText (per document)`] = { ms: analyzeMs.toFixed(0), 'vs baseline': vs(analyzeMs), findings: '' };
    rows[`${size} documents: enforcement pass (workspace)`] = { ms: passMs.toFixed(0), 'vs baseline': vs(passMs), findings: String(findings) };
  }
  console.log(`\nenforcement pass: generated workspaces of ${sizes.join(', ')} policy documents, one file each`);
  console.table(rows);
  if (passes.length > 1) {
    const [a, b] = [passes[0], passes[passes.length - 1]];
    // Growth of the pass normalised by the baseline's growth, so machine load between sizes cancels out.
    const growth = (b.passMs / b.baselineMs) / (a.passMs / a.baselineMs);
    console.log(`  growth ${a.size} → ${b.size} documents (×${(b.size / a.size).toFixed(1)}): pass ×${(b.passMs / a.passMs).toFixed(1)}, baseline ×${(b.baselineMs / a.baselineMs).toFixed(1)}; pass/baseline ratio changes ×${growth.toFixed(2)} (1.0 = linear)`);
  }
  console.log(`  machine load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
}

if (process.argv[2] === '--measure') measure(process.argv.slice(3));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await runEnforcementBench(process.argv.slice(2));
