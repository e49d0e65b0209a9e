// Traffic-graph bench (`npm run bench` calls it; or `node bench/graph.mjs [workloads namespaces policies]`):
// a generated cluster of 10,000 workloads in 200 namespaces with 2,000 policies mixed across Kubernetes
// NetworkPolicy, Cilium and Istio, one file per policy. Prints the full-graph time, the time after editing
// one policy, and the peak memory of a fresh process, against the goals (full ≤ 0.4× baseline, incremental ≤ 100 ms)
// and as ratios to a baseline measured in the same run: yaml.parseAllDocuments of the whole workspace. Rule ranges
// are worked out when an answer is read (a moved policy's edges stay as they are): that read is timed on its own row.
import { bundleBenchModule, measureInFreshProcess, repoRoot } from './runInFreshProcess.mjs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';
import fs from 'node:fs';
import { printProfile } from './profileSummary.mjs';
import { Session } from 'node:inspector';


const bundle = path.join(repoRoot, 'dist', 'graphBench.cjs');

/** One-policy edits timed per run (each a different policy, of every kind): the median and the worst are printed. */
const EDITS = 20;

/**
 * Options (after the three sizes): `--one-file` puts every workload and policy in one file (the layout where
 * an edit re-reads the whole file); `--cpu-prof` writes a V8 CPU profile of the full graph (inventory, compile,
 * findings and edges; not the YAML parsing before it) and prints where its time went; `--cpu-prof-edits` profiles
 * the one-policy edits instead.
 */
export async function runGraphBench(args = []) {
  await bundleBenchModule('graphBench', `export { createTrafficSession } from './server/src/analysis/graph/trafficSession';
export { parseYamlDocuments } from './server/src/analysis/yaml/parseYamlDocuments';
export { parseAllDocuments } from 'yaml';`);
  const edits = args.includes('--cpu-prof-edits');
  const profile = edits || args.includes('--cpu-prof');
  const profilePath = path.join(repoRoot, 'dist', 'profiles', `graph-${args.filter((a) => !a.startsWith('--')).join('x') || 'default'}${args.includes('--one-file') ? '-one-file' : ''}${edits ? '-edits' : ''}.cpuprofile`);
  if (profile) fs.mkdirSync(path.dirname(profilePath), { recursive: true });
  measureInFreshProcess(import.meta.url, [...args.filter((a) => a !== '--cpu-prof' && a !== '--cpu-prof-edits'), ...(profile ? [`--profile-${edits ? 'edits-' : ''}to=${profilePath}`] : [])], 'graph');
  if (profile) printProfile(profilePath, 15);
}

/** Runs `fn` under the V8 profiler (synchronous inspector calls) and writes the profile to `file`. */
function profiled(file, fn) {
  if (!file) return fn();
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.start');
  const value = fn();
  session.post('Profiler.stop', (error, result) => {
    if (!error) fs.writeFileSync(file, JSON.stringify(result.profile));
  });
  session.disconnect();
  return value;
}

export function generate(workloads, namespaces, policies) {
  const files = [];
  const perNamespace = Math.ceil(workloads / namespaces);
  const modes = ['ambient', 'sidecar', 'none', 'none'];
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    const mode = modes[n % modes.length];
    const nsLabels = { team: `team-${n % 20}`, ...(mode === 'ambient' ? { 'istio.io/dataplane-mode': 'ambient' } : mode === 'sidecar' ? { 'istio-injection': 'enabled' } : {}) };
    const docs = [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: nsLabels } }];
    for (let w = 0; w < perNamespace && n * perNamespace + w < workloads; w++) {
      const labels = { app: `svc-${w}`, tier: ['web', 'api', 'db', 'cache', 'batch'][w % 5], version: 'v1' };
      docs.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `svc-${w}`, namespace: ns },
        spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { serviceAccountName: `sa-${w}`, containers: [{ name: 'main', image: 'x', ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }] }] } } },
      });
    }
    files.push({ file: `workloads/${ns}.yaml`, text: docs.map((d) => JSON.stringify(d)).join('\n---\n') });
  }
  for (let p = 0; p < policies; p++) {
    const n = p % namespaces;
    const ns = `ns-${n}`;
    const w = Math.floor(p / namespaces) % perNamespace;
    const peer = (w + 1) % perNamespace;
    const kind = p % 5;
    let doc;
    if (kind === 0 || kind === 1) {
      doc = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np-${p}`, namespace: ns }, spec: { podSelector: { matchLabels: { app: `svc-${w}` } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: `svc-${peer}` } } }, { namespaceSelector: { matchLabels: { team: `team-${(n + 1) % 20}` } }, podSelector: { matchLabels: { app: `svc-${peer}` } } }], ports: [{ port: 'http' }, { port: 9090 }] }] } };
    } else if (kind === 2) {
      doc = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: `cnp-${p}`, namespace: ns }, spec: { endpointSelector: { matchLabels: { app: `svc-${w}` } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: `svc-${peer}` } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/api/.*' }] } }] }], egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': `ns-${(n + 1) % namespaces}`, app: `svc-${peer}` } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }, { toFQDNs: [{ matchPattern: '*.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }, { toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }] }] } };
    } else if (kind === 3) {
      doc = { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name: `cnp-${p}`, namespace: ns }, spec: { endpointSelector: { matchLabels: { tier: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { tier: 'api' } }], toPorts: [{ ports: [{ port: '8080' }] }] }], ingressDeny: [{ fromEndpoints: [{ matchLabels: { tier: 'batch' } }] }] } };
    } else {
      doc = { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: `ap-${p}`, namespace: ns }, spec: { selector: { matchLabels: { app: `svc-${w}` } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: [`cluster.local/ns/${ns}/sa/sa-${peer}`] } }], to: [{ operation: { ports: ['8080'] } }] }] } };
    }
    files.push({ file: `policies/p-${p}.yaml`, text: JSON.stringify(doc, null, 1) });
  }
  return files;
}

/** The documents after replacing the document at `at` (its text `was`) with `now`: that one parsed, later ones moved. */
function editedDocuments(documents, at, was, now, length) {
  const { parseYamlDocuments } = createRequire(import.meta.url)(bundle);
  const delta = now.length - was.length;
  const k = documents.findIndex((d) => d.start === at);
  const last = k === documents.length - 1;
  const [fresh] = parseYamlDocuments(last ? now : `${now}\n`);
  const moved = (d) => ({ ...d, start: d.start + delta, end: d.end + delta, findings: d.findings.map((f) => ({ ...f, span: { start: f.span.start + delta, end: f.span.end + delta } })) });
  if (k === -1 || (!last && documents[k + 1].start !== at + was.length + 1) || (last && length !== at + was.length)) throw new Error('bench: edited document not found');
  return [...documents.slice(0, k), { ...fresh, index: k, start: at, end: at + fresh.text.length }, ...documents.slice(k + 1).map(moved)];
}

function measure(args) {
  const oneFile = args.includes('--one-file');
  const [workloads = 10000, namespaces = 200, policies = 2000] = args.filter((a) => !a.startsWith('--')).map(Number);
  const require = createRequire(import.meta.url);
  const { createTrafficSession, parseYamlDocuments, parseAllDocuments } = require(bundle);
  const generated = generate(workloads, namespaces, policies);
  const files = oneFile ? [{ file: 'all.yaml', text: generated.map((f) => f.text).join('\n---\n') }] : generated;
  const megabytes = files.reduce((n, f) => n + f.text.length, 0) / 1e6;
  // CPU time of this process next to wall time: on a shared machine the wall clock also counts waiting for a core.
  const cpu = new Map();
  const time = (fn, label) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const value = fn();
    const wall = performance.now() - t0;
    const used = process.cpuUsage(c0);
    if (label) cpu.set(label, (used.user + used.system) / 1000);
    return [wall, value];
  };
  const [baselineMs] = time(() => files.forEach((f) => parseAllDocuments(f.text)), 'baseline');
  const [parseMs, parsed] = time(() => files.map((f) => ({ ...f, documents: parseYamlDocuments(f.text) })), 'parse');
  const session = createTrafficSession();
  const profileTo = args.find((a) => a.startsWith('--profile-to='))?.slice('--profile-to='.length);
  const [[modelMs, traffic], [graphMs, graphResult]] = profiled(profileTo, () => [time(() => session.update(parsed), 'model'), time(() => session.graph({ maxEdges: 2_000_000 }), 'edges')]);
  const fullMs = modelMs + graphMs;
  // Edit one policy (a port), re-parse that file only; the session reuses everything the edit does not touch.
  // EDITS edits of different policy kinds; the median is the figure, the worst is shown too.
  const editTimes = [];
  const editCpu = [];
  const rangeTimes = [];
  let after;
  const profileEditsTo = args.find((a) => a.startsWith('--profile-edits-to='))?.slice('--profile-edits-to='.length);
  profiled(profileEditsTo, () => { for (let k = 0; k < EDITS; k++) {
    const policyName = new RegExp(`"name": "(np|cnp|ap)-${7 + k * 13}"`);
    const edited = oneFile ? 0 : parsed.findIndex((f) => f.file === `policies/p-${7 + k * 13}.yaml`);
    const file = parsed[edited].file;
    const before = parsed[edited].text;
    // The edited policy's text: its own file, or its document in the one file.
    const named = oneFile ? before.search(policyName) : 0;
    const at = oneFile ? before.lastIndexOf('\n---\n', named) + 1 : 0;
    const end = oneFile ? before.indexOf('\n---\n', at) : before.length;
    const policyText = before.slice(at, end === -1 ? before.length : end);
    const editedPolicy = policyText.includes('"8080"') ? policyText.replace('"8080"', '"8081"') : policyText.includes('9090') ? policyText.replace('9090', '9091') : policyText.replace('"443"', '"444"');
    const editedText = before.slice(0, at) + editedPolicy + before.slice(at + policyText.length);
    const next = parsed.slice();
    // One file: the language server re-parses only the edited document and moves the later ones (the host's
    // per-document reuse, measured by the LSP bench); that is done here outside the timed part. One file per
    // policy: the file is parsed again inside it.
    const reparsed = oneFile ? editedDocuments(parsed[edited].documents, at, policyText, editedPolicy, before.length) : undefined;
    const [ms, result] = time(() => {
      next[edited] = { file, text: editedText, documents: reparsed ?? parseYamlDocuments(editedText) };
      session.update(next);
      return session.graph({ maxEdges: 2_000_000 });
    }, 'edit');
    parsed[edited] = next[edited];
    editTimes.push(ms);
    editCpu.push(cpu.get('edit'));
    after = result;
    // Rule ranges follow a moved policy and are worked out when the answer is read (serialised): timed apart.
    const [rangesMs] = time(() => {
      for (const e of result.graph.edges) for (const r of e.rules) void r.range;
    }, 'ranges');
    rangeTimes.push(rangesMs);
  } });
  const sortedEdits = editTimes.slice().sort((a, b) => a - b);
  const incrementalMs = sortedEdits[Math.floor(sortedEdits.length / 2)];
  const worstEditMs = sortedEdits[sortedEdits.length - 1];
  const editCpuMedian = editCpu.slice().sort((a, b) => a - b)[Math.floor(editCpu.length / 2)];
  const fullCpu = cpu.get('model') + cpu.get('edges');
  const peakMiB = process.resourceUsage().maxRSS / 1024;
  const { graph } = graphResult;
  console.log(`\ntraffic graph: ${workloads} workloads, ${namespaces} namespaces, ${policies} policies (${files.length} files${oneFile ? ': all in one' : ''}, ${megabytes.toFixed(1)} MB)`);
  console.log(`  nodes ${graph.nodes.length}, edges ${graph.edges.length}, findings ${traffic.findings.length}; flows evaluated: ${graphResult.stats.evaluated} of ${graphResult.stats.pairs} (full), ${after.stats.evaluated} of ${after.stats.pairs} (after the last edit)`);
  const cpuMs = (label) => cpu.get(label).toFixed(0);
  // Ratios and goals use wall time; the baseline runs in the same process and load, so the ratio is the
  // figure that carries over to another machine. CPU time (all threads, GC included) is shown beside it.
  const vs = (ms) => (ms / baselineMs).toFixed(2);
  console.table({
    'baseline: yaml.parseAllDocuments of every file': { ms: baselineMs.toFixed(0), 'cpu ms': cpuMs('baseline'), 'vs baseline': '1.00', goal: '', 'vs goal': '' },
    'parse (meshlens, per document)': { ms: parseMs.toFixed(0), 'cpu ms': cpuMs('parse'), 'vs baseline': vs(parseMs), goal: '', 'vs goal': '' },
    'full graph: inventory + compile + findings': { ms: modelMs.toFixed(0), 'cpu ms': cpuMs('model'), 'vs baseline': vs(modelMs), goal: '', 'vs goal': '' },
    'full graph: edges': { ms: graphMs.toFixed(0), 'cpu ms': cpuMs('edges'), 'vs baseline': vs(graphMs), goal: '', 'vs goal': '' },
    'full graph (parsed files in, graph out)': { ms: fullMs.toFixed(0), 'cpu ms': fullCpu.toFixed(0), 'vs baseline': vs(fullMs), goal: '0.4× baseline', 'vs goal': (fullMs / baselineMs / 0.4).toFixed(2) },
    [`after editing one policy (median of ${EDITS})`]: { ms: incrementalMs.toFixed(0), 'cpu ms': editCpuMedian.toFixed(0), 'vs baseline': vs(incrementalMs), goal: '100', 'vs goal': (incrementalMs / 100).toFixed(2) },
    [`after editing one policy (worst of ${EDITS})`]: { ms: worstEditMs.toFixed(0), 'cpu ms': Math.max(...editCpu).toFixed(0), 'vs baseline': vs(worstEditMs), goal: '100', 'vs goal': (worstEditMs / 100).toFixed(2) },
    [`then reading its rule ranges (median of ${EDITS})`]: { ms: median(rangeTimes).toFixed(0), 'cpu ms': '', 'vs baseline': vs(median(rangeTimes)), goal: '', 'vs goal': '' },
  });
  console.log(`  edits in order (ms, wall / cpu): ${editTimes.map((ms, i) => `${ms.toFixed(0)}/${editCpu[i].toFixed(0)}`).join(' ')}`);
  console.log(`  peak memory (fresh process, RSS): ${peakMiB.toFixed(0)} MiB; machine load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores (wall times include waiting for a core; CPU time counts every thread, GC included)`);
}

function median(list) {
  return list.slice().sort((a, b) => a - b)[Math.floor(list.length / 2)];
}

if (process.argv[2] === '--measure') measure(process.argv.slice(3));
else if (process.argv[1] === fileURLToPath(import.meta.url)) await runGraphBench(process.argv.slice(2));
