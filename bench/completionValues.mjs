// Authoring bench (`npm run bench:authoring`; or `node bench/completionValues.mjs [workloads namespaces policies]`):
// label-value completion on a 10,000-workload workspace (goal p95 ≤ 20 ms) and code-action latency on a
// 1,000-document file (quick fixes; allow-this-flow actions on 1,000 policies in one file), through the analysis host as the language server's worker uses it. Wall times are shown
// beside ratios to a baseline measured in the same process (a plain scan of every workload's labels, and
// yaml.parseAllDocuments of the 1,000-document file), so the figures carry over between machines.
import { bundleBenchModule, measureInFreshProcess, repoRoot } from './runInFreshProcess.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';

const bundle = path.join(repoRoot, 'dist', 'authoringBench.cjs');

export async function runAuthoringBench(args = []) {
  await bundleBenchModule('authoringBench', `export { AnalysisHost } from './server/src/analysis/host/analysisHost';
export { generatePolicies } from './bench/generatePolicies';
export { parseAllDocuments } from 'yaml';`);
  measureInFreshProcess(import.meta.url, args, 'authoring');
}

const percentile = (values, p) => {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return [performance.now() - t0, value];
}

async function measure(args) {
  // graph.mjs measures itself when its process has --measure: import its generator with that flag hidden.
  const argv = process.argv.splice(2);
  const { generate } = await import('./graph.mjs');
  process.argv.push(...argv);
  const [workloads = 10000, namespaces = 200, policies = 2000] = args.map(Number);
  const require = createRequire(import.meta.url);
  const { AnalysisHost, generatePolicies, parseAllDocuments } = require(bundle);

  // ---- completion of values on the large workspace ----
  const files = generate(workloads, namespaces, policies).map((f) => ({ uri: `file:///bench/${f.file}`, text: f.text }));
  const host = new AnalysisHost({ scope: 'policy-files' });
  host.setWorkspaceFiles(files);
  const uri = 'file:///bench/policies/draft.yaml';
  const head = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: draft\n  namespace: ns-7\nspec:\n  endpointSelector:\n    matchLabels:\n      tier: api\n      app: ';
  host.applyChange(uri, head);
  const [coldMs, values] = time(() => host.snapshot().workspaceValues());
  // The baseline: one plain pass over every workload's labels, what any label completion must at least read.
  let seen = 0;
  const [baselineMs] = time(() => {
    for (const w of values.inventory.workloads) for (const key of Object.keys(w.labels)) seen += key.length;
  });
  // Each keystroke is a new revision; completion reads the values of the last built model (as the worker does).
  const typed = ['', 's', 'sv', 'svc', 'svc-', 'svc-1'];
  const valueTimes = [];
  const schemaTimes = [];
  let offered = 0;
  for (let i = 0; i < 240; i++) {
    const text = `${head}${typed[i % typed.length]}`;
    host.applyChange(uri, text);
    const snapshot = host.snapshot();
    const [ms, items] = time(() => snapshot.valueCompletion(uri, text.length, values));
    const [schemaMs] = time(() => snapshot.completion(uri, text.length));
    valueTimes.push(ms);
    schemaTimes.push(schemaMs + ms);
    offered = Math.max(offered, items.length);
  }

  // ---- code actions on a 1,000-document file ----
  const big = 'file:///bench/policies/big.yaml';
  const broken = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: broken\n  namespace: team-1\nspec:\n  endpointSelector: {}\n  ingress:\n    - toPort:\n        - ports:\n            - port: "80"\n              protocol: tcp\n';
  // 999 generated policies with one broken document (a misspelled key, a lower-case enum) in the middle.
  const parts = generatePolicies(999).split('---\n');
  parts.splice(500, 0, broken);
  const bigText = parts.join('---\n');
  const [parseBaselineMs] = time(() => parseAllDocuments(bigText));
  host.applyChange(big, bigText);
  const [diagnosticsMs, findings] = time(() => host.snapshot().provisionalDiagnostics(big).findings);
  const fixable = findings.filter((f) => f.code === 'ML1003' || f.code === 'ML1001');
  const actionTimes = [];
  const flowTimes = [];
  let fixes = 0;
  let flows = 0;
  for (let i = 0; i < 60; i++) {
    // A keystroke elsewhere in the file (a comment at its end), then the editor asks for the fixes at the finding.
    const text = `${bigText}# edit ${i}\n`;
    host.applyChange(big, text);
    const snapshot = host.snapshot();
    snapshot.analysis(big); // the worker analyses before answering; the action itself is the figure
    const finding = fixable[i % fixable.length];
    const [ms, actions] = time(() => snapshot.codeActions(big, finding.span, fixable));
    actionTimes.push(ms);
    fixes = actions.length;
  }

  // ---- allow-this-flow actions on a 1,000-document policy file, in a workspace under flowActionWorkloadLimit ----
  // The generated workspace's 1,000 policies in one file (default deny, deny rules, Istio ALLOW): after a keystroke
  // the graph is drawn again, then the actions at a policy in the middle of the file are planned.
  const small = generate(1000, 20, 1000);
  const flowHost = new AnalysisHost({ scope: 'policy-files' });
  flowHost.setWorkspaceFiles(small.filter((f) => f.file.startsWith('workloads/')).map((f) => ({ uri: `file:///flows/${f.file}`, text: f.text })));
  const policyFile = 'file:///flows/policies/all.yaml';
  const policyText = small.filter((f) => f.file.startsWith('policies/')).map((f) => f.text).join('\n---\n');
  for (let i = 0; i < 20; i++) {
    const text = `${policyText}\n# edit ${i}\n`;
    flowHost.applyChange(policyFile, text);
    const snapshot = flowHost.snapshot();
    snapshot.analysis(policyFile);
    snapshot.codeActions(policyFile, { start: 0, end: 0 }); // the model, as the quick fixes build it
    const at = text.indexOf('"name": "ap-', text.length >> 1);
    const [flowMs, flowActions] = time(() => snapshot.flowActions(policyFile, { start: at, end: at }));
    flowTimes.push(flowMs);
    flows = Math.max(flows, flowActions.length);
  }
  const row = (label, ms, baseline, goal) => ({ [label]: { ms: ms.toFixed(2), 'vs baseline': (ms / baseline).toFixed(2), goal: goal ?? '', 'vs goal': goal ? (ms / goal).toFixed(2) : '' } });
  console.log(`\nauthoring: ${workloads} workloads, ${namespaces} namespaces, ${policies} policies; ${offered} label values offered; ${fixable.length} fixable findings, ${fixes} fixes per request, up to ${flows} allow-this-flow actions at a policy of the 1,000-policy file`);
  console.table({
    ...row('baseline: scan every workload\'s labels', baselineMs, baselineMs),
    ...row('workspace values: first build (model + index, once per revision)', coldMs, baselineMs),
    ...row('label-value completion p50 (after a keystroke)', percentile(valueTimes, 50), baselineMs),
    ...row('label-value completion p95 (after a keystroke)', percentile(valueTimes, 95), baselineMs, 20),
    ...row('schema + value completion p95', percentile(schemaTimes, 95), baselineMs, 20),
    ...row('baseline: yaml.parseAllDocuments of the 1,000-document file', parseBaselineMs, parseBaselineMs),
    ...row('1,000-document file: provisional diagnostics (once)', diagnosticsMs, parseBaselineMs),
    ...row('1,000-document file: code actions p50', percentile(actionTimes, 50), parseBaselineMs),
    ...row('1,000-document file: code actions p95', percentile(actionTimes, 95), parseBaselineMs),
    ...row('1,000 policies in one file, 1,000 workloads: allow-this-flow actions p50 (graph drawn after each edit)', percentile(flowTimes, 50), parseBaselineMs),
    ...row('1,000 policies in one file, 1,000 workloads: allow-this-flow actions p95', percentile(flowTimes, 95), parseBaselineMs),
  });
  console.log(`  machine load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (wall times include waiting for a core)${seen < 0 ? '' : ''}`);
}

if (process.argv[2] === '--measure') await measure(process.argv.slice(3));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await runAuthoringBench(process.argv.slice(2));
