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
export { meshInteropPitfalls } from './server/src/analysis/enforcement/pitfalls/meshInteropPitfalls';
export { generatePolicies } from './bench/generatePolicies';
export { parseAllDocuments } from 'yaml';`);
  measureInFreshProcess(import.meta.url, args, 'enforcement');
}

function measure(args) {
  const sizes = args.length > 0 ? args.map(Number) : [1000, 4000];
  const require = createRequire(import.meta.url);
  const { analyzeText, analyzeEnforcement, buildEnforcementWorkspace, generatePolicies, parseAllDocuments, meshInteropPitfalls } = require(bundle);
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
    // One keystroke in a workspace whose Namespaces are labelled ambient (so the mesh-interop checks read the
    // workspace facts, ML4014/ML4016): the next revision's workspace and one policy's interop findings, against the
    // same with the facts read afresh (what every keystroke cost when they were kept per workspace, not per run).
    const labelled = [...analysed, { key: 'namespaces.yaml', analysis: analyzeText(Array.from({ length: 7 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-${i}\n  labels:\n    istio.io/dataplane-mode: ambient\n`).join('---\n')) }];
    const reuse = {};
    const first = buildEnforcementWorkspace(labelled, 'auto', 'default', reuse);
    const target = labelled.find((f) => f.analysis.documents[0]?.policy?.kind.family === 'cilium');
    meshInteropPitfalls(target.analysis.documents[0].policy, first);
    const edited = labelled.map((f) => (f === target ? { key: f.key, analysis: analyzeText(f.analysis.text.replace('name: ', 'name: x')) } : f));
    const editedPolicy = edited.find((f) => f.key === target.key).analysis.documents[0].policy;
    const [keystrokeMs] = time(() => meshInteropPitfalls(editedPolicy, buildEnforcementWorkspace(edited, 'auto', 'default', reuse)));
    const [afreshMs] = time(() => {
      const workspace = buildEnforcementWorkspace(edited, 'auto', 'default', reuse);
      return meshInteropPitfalls(editedPolicy, { dataplane: workspace.dataplane, policies: [...workspace.policies] });
    });
    rows[`${size} documents: one edit, interop facts per run`] = { ms: keystrokeMs.toFixed(2), 'vs baseline': vs(keystrokeMs), findings: '' };
    rows[`${size} documents: one edit, interop facts afresh`] = { ms: afreshMs.toFixed(2), 'vs baseline': vs(afreshMs), findings: '' };
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
