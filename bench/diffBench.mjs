// Connectivity-diff bench (`npm run bench:diff`, or `node bench/diffBench.mjs [workloads namespaces policies]`):
// the graph bench's generated cluster (10,000 workloads, 200 namespaces, 2,000 policies; bench/graph.mjs) as the
// head, as the editor holds it in its incremental session, against a base revision kept in a second session, as
// the language server's compare mode does. Figures are ratios to what the same process measured for the graph:
//   one policy different:   base session update + diff  vs  one incremental edit (goal ≤ 2×)
//   every policy different: base session update + diff  vs  a full graph build (goal ≤ 2×)
import { bundleBenchModule, repoRoot } from './runInFreshProcess.mjs';
import { spawnSync } from 'node:child_process';
import { generate } from './graph.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';

const bundle = path.join(repoRoot, 'dist', 'diffBench.cjs');

export async function runDiffBench(args = []) {
  await bundleBenchModule('diffBench', `export { createTrafficSession } from './server/src/analysis/graph/trafficSession';
export { diffConnectivity } from './server/src/analysis/diff/connectivityDiff';
export { parseYamlDocuments } from './server/src/analysis/yaml/parseYamlDocuments';`);
  // Its own flag, not runInFreshProcess's `--measure`: graph.mjs (imported for its generator) answers that one itself.
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--measure-diff', ...args], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`diff bench failed (exit ${child.status})`);
}

/** The same edit the graph bench makes: a port of the policy moves. */
function editPort(text) {
  return text.includes('"8080"') ? text.replace('"8080"', '"8081"') : text.includes('9090') ? text.replace('9090', '9091') : text.replace('"443"', '"444"');
}

function median(values) {
  const sorted = values.slice().sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args) {
  const [workloads = 10000, namespaces = 200, policies = 2000] = args.map(Number);
  const require = createRequire(import.meta.url);
  const { createTrafficSession, diffConnectivity, parseYamlDocuments } = require(bundle);
  const time = (fn) => {
    const t0 = performance.now();
    const value = fn();
    return [performance.now() - t0, value];
  };
  const parsed = generate(workloads, namespaces, policies).map((f) => ({ ...f, documents: parseYamlDocuments(f.text) }));
  const policyFiles = parsed.map((f, i) => [f, i]).filter(([f]) => f.file.startsWith('policies/')).map(([, i]) => i);

  // The editor's head: a full build, then the median of ten one-policy edits (as bench/graph.mjs measures them).
  const head = createTrafficSession();
  const [fullMs] = time(() => {
    head.update(parsed);
    return head.graph({ maxEdges: 2_000_000 });
  });
  const editTimes = [];
  for (let k = 0; k < 10; k++) {
    const at = policyFiles[(7 + k * 13) % policyFiles.length];
    const text = editPort(parsed[at].text);
    const next = parsed.slice();
    const [ms] = time(() => {
      next[at] = { file: parsed[at].file, text, documents: parseYamlDocuments(text) };
      head.update(next);
      return head.graph({ maxEdges: 2_000_000 });
    });
    parsed[at] = next[at];
    editTimes.push(ms);
  }
  const editMs = median(editTimes);
  const headTraffic = head.update(parsed);

  // Compare mode starts: the base session reads the base revision once (here: the head's own texts).
  const base = createTrafficSession();
  const [startMs] = time(() => base.update(parsed));

  // One policy different in the base: update the base session, diff against the head's model.
  const oneTimes = [];
  const oneChanges = [];
  const onePairs = [];
  for (let k = 0; k < 10; k++) {
    const at = policyFiles[(3 + k * 17) % policyFiles.length];
    const text = editPort(parsed[at].text);
    const baseFiles = parsed.slice();
    baseFiles[at] = { file: parsed[at].file, text, documents: parseYamlDocuments(text) };
    const [ms, diff] = time(() => diffConnectivity(base.update(baseFiles).model, headTraffic.model));
    oneTimes.push(ms);
    oneChanges.push(diff.changes.length);
    onePairs.push(diff.stats.pairsEvaluated);
  }
  const oneMs = median(oneTimes);

  // Every policy different (whole-tree change): every policy file of the base moves a port.
  const allFiles = parsed.map((f) => (f.file.startsWith('policies/') ? { file: f.file, text: editPort(f.text) } : f)).map((f) => (f.documents ? f : { ...f, documents: parseYamlDocuments(f.text) }));
  const [allMs, allDiff] = time(() => diffConnectivity(base.update(allFiles).model, headTraffic.model));

  console.log(`\nconnectivity diff: ${workloads} workloads, ${namespaces} namespaces, ${policies} policies`);
  console.log(`  one policy different (10 edits): changed flows ${oneChanges.join(',')} from pairs evaluated ${onePairs.join(',')}; every policy different: ${allDiff.changes.length} changed flows from ${allDiff.stats.pairsEvaluated} pairs`);
  console.table({
    'full graph build (head)': { ms: fullMs.toFixed(0), 'vs reference': '', goal: '' },
    'one incremental edit (head, median of 10)': { ms: editMs.toFixed(0), 'vs reference': '', goal: '' },
    'compare mode start: base session reads the base': { ms: startMs.toFixed(0), 'vs reference': `${(startMs / fullMs).toFixed(2)}× full build`, goal: '' },
    'diff, one policy different (median of 10)': { ms: oneMs.toFixed(0), 'vs reference': `${(oneMs / editMs).toFixed(2)}× incremental edit`, goal: '≤ 2×' },
    'diff, every policy different': { ms: allMs.toFixed(0), 'vs reference': `${(allMs / fullMs).toFixed(2)}× full build`, goal: '≤ 2×' },
  });
  console.log(`  peak memory (RSS): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`);
}

if (process.argv[2] === '--measure-diff') measure(process.argv.slice(3));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await runDiffBench(process.argv.slice(2));
