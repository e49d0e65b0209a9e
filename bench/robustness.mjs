// `npm run bench:robustness`: drives the built server (dist/server.cjs --stdio) over real LSP with hostile
// inputs and with seeded random edits, and prints figures against the goals of issue 9:
//  1. per hostile input (a fresh server each): hover latency on ANOTHER small open policy while the hostile
//     document is analysed, peak RSS (VmHWM), and what the server said about the hostile file; ratios are
//     against a hover on the same server while idle, measured in the same run. Hovers start once the client
//     has written the didOpen (the client's own JSON encoding of a 50 MB text is not the server's time); the
//     first one is queued behind that message on the server's main thread (reading and parsing it, which no
//     server can avoid) and is shown apart from the hovers during the analysis, which the goal is about.
//  2. an edit-fuzzing run over ../shared/corpus: crashes, request errors, p50/p99 per request kind, and
//     no stale diagnostics once every text is restored (equal to a fresh server's).
// Figures only, never a pass/fail test. Flags: --edits N (default 20000), --seed S, --only a,b (inputs),
// --budget-ms N (per hostile input, default 30000), --skip-hostile, --skip-fuzz, --files N (fuzzed files),
// --server PATH (another build of server.cjs, e.g. an older commit's, for before/after figures).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { hostileInputs } from './hostileInputs.mjs';
import { bundleBenchModule } from './runInFreshProcess.mjs';

const require = createRequire(import.meta.url);
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const corpusValid = path.resolve(repoRoot, '../shared/corpus/valid');

const GOAL_HOVER_MS = 200;
const GOAL_RSS_MIB = 600;
const GOAL_FUZZ_P99_MS = 50;
/** Diagnostics count as settled after this long without a publish (the graph findings come from a background pass). */
const SETTLED_QUIET_MS = 3000;

const args = parseArgs(process.argv.slice(2));
const serverPath = args.server ?? path.join(repoRoot, 'dist', 'server.cjs');

// A small policy the user keeps editing while the hostile file is open; hovers land on its L7 rule.
const companion = [
  'apiVersion: cilium.io/v2',
  'kind: CiliumNetworkPolicy',
  'metadata:',
  '  name: companion',
  '  namespace: shop',
  'spec:',
  '  endpointSelector:',
  '    matchLabels:',
  '      app: api',
  '  ingress:',
  '  - fromEndpoints:',
  '    - matchLabels:',
  '        app: web',
  '    toPorts:',
  '    - ports:',
  '      - port: "80"',
  '        protocol: TCP',
  '      rules:',
  '        http:',
  '        - method: GET',
  '',
].join('\n');
const companionUri = 'file:///bench/companion.yaml';
const companionHover = { line: 19, character: 12 }; // on `method`

// ---------------------------------------------------------------------------------------------------
// A minimal LSP client: push diagnostics, workspace folders, configuration answered with defaults.

async function startServer({ workspaceFolders = [], timeoutMs = 10_000 } = {}) {
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
  let exited = false;
  let stderr = '';
  child.on('exit', () => (exited = true));
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const published = new Map();
  const listeners = new Set();
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    published.set(params.uri, { ...params, at: performance.now() });
    for (const listener of listeners) listener(params);
  });
  connection.onNotification('window/logMessage', () => {});
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => null));
  connection.onRequest('workspace/workspaceFolders', () => workspaceFolders.map((uri) => ({ uri, name: path.basename(uri) })));
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  connection.onError(() => {});
  const capabilities = {
    textDocument: {
      synchronization: { dynamicRegistration: false },
      completion: { completionItem: { snippetSupport: true } },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      publishDiagnostics: { versionSupport: true },
      inlayHint: { dynamicRegistration: false },
    },
    workspace: { configuration: true, workspaceFolders: true },
  };
  await withTimeout(connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities, workspaceFolders: workspaceFolders.map((uri) => ({ uri, name: path.basename(uri) })) }), timeoutMs, 'initialize');
  connection.sendNotification('initialized', {});
  return {
    child,
    connection,
    published,
    isAlive: () => !exited,
    stderr: () => stderr,
    /** Resolves once the message is written to the server's stdin. */
    open: (uri, text, version = 1) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } }),
    change: (uri, version, contentChanges) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges }),
    request: (method, params, ms = timeoutMs) => withTimeout(connection.sendRequest(method, params), ms, method),
    /** Resolves with the first publish for `uri` (at `version` if given) that arrives after this call, or undefined. */
    nextPublish: (uri, ms, version) =>
      new Promise((resolve) => {
        const done = (value) => {
          clearTimeout(timer);
          listeners.delete(listener);
          resolve(value);
        };
        const listener = (params) => {
          if (params.uri === uri && (version === undefined || params.version === version)) done(params);
        };
        const timer = setTimeout(() => done(undefined), ms);
        listeners.add(listener);
      }),
    /**
     * Waits until every `uri` has a publish at its expected version, then until no publish arrived for
     * `quietMs` (background passes refresh diagnostics later); at most `maxMs` in all.
     */
    settle: async (expected, quietMs, maxMs) => {
      const start = performance.now();
      const ready = () => [...expected].every(([uri, version]) => published.get(uri)?.version === version);
      while (!ready() && performance.now() - start < maxMs) await sleep(50);
      let last = performance.now();
      const listener = () => (last = performance.now());
      listeners.add(listener);
      while (performance.now() - last < quietMs && performance.now() - start < maxMs) await sleep(50);
      listeners.delete(listener);
    },
    peakRssMiB: () => {
      try {
        const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Number(match[1]) / 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    stop: async () => {
      if (!exited) {
        try {
          await withTimeout(connection.sendRequest('shutdown'), 2000, 'shutdown');
          connection.sendNotification('exit');
        } catch {
          // Killed below.
        }
      }
      await new Promise((resolve) => {
        if (exited) return resolve();
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 1000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      connection.dispose();
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// 1. Hostile inputs.

async function timedHover(server, ms = 10_000) {
  const start = performance.now();
  try {
    const hover = await server.request('textDocument/hover', { textDocument: { uri: companionUri }, position: companionHover }, ms);
    // An empty answer means the budget ran out with no earlier answer to repeat (the stale path had nothing).
    return { ms: performance.now() - start, ok: true, empty: !hover };
  } catch (error) {
    return { ms: performance.now() - start, ok: false, error: String(error.message ?? error) };
  }
}

async function idleHoverBaseline(server) {
  const times = [];
  for (let i = 0; i < 20; i++) times.push((await timedHover(server)).ms);
  return percentile(times, 50);
}

function summarizeDiagnostics(publish) {
  if (!publish) return 'no diagnostics';
  const byCode = new Map();
  for (const d of publish.diagnostics) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  const codes = [...byCode].map(([code, n]) => (n > 1 ? `${code}×${n}` : code)).join(' ');
  const first = publish.diagnostics.find((d) => d.severity <= 2) ?? publish.diagnostics[0];
  return `${publish.diagnostics.length} diag${codes ? ` [${codes}]` : ''}${first ? `: ${first.message.slice(0, 90)}` : ''}`;
}

/** Opens `text` as the hostile document and hovers on the companion until the hostile diagnostics arrive. */
async function measureHostile(name, open, { workspaceFolders, budgetMs }) {
  const server = await startServer({ workspaceFolders });
  server.open(companionUri, companion);
  await server.nextPublish(companionUri, 10_000);
  const baselineMs = await idleHoverBaseline(server);
  const baselineRss = server.peakRssMiB();
  const start = performance.now();
  const { uri, settled } = await open(server);
  const writtenAt = performance.now();
  const hovers = [];
  let said;
  let settledAt;
  const settledPromise = settled.then((value) => {
    said = value;
    settledAt = performance.now();
  });
  // Hover every 25 ms of idle client time until the server has said something about the hostile file.
  while (settledAt === undefined && performance.now() - start < budgetMs && server.isAlive()) {
    hovers.push(await timedHover(server, Math.max(1000, budgetMs - (performance.now() - start))));
    await Promise.race([settledPromise, sleep(25)]);
  }
  const after = await timedHover(server, 10_000);
  const typing = await typingHovers(server, uri);
  const [first, ...during] = hovers;
  const result = {
    name,
    baselineMs,
    baselineRss,
    writeSeconds: (writtenAt - start) / 1000,
    firstHoverMs: first?.ms,
    hoverP50: percentile(during.map((h) => h.ms), 50),
    hoverMax: Math.max(0, ...during.map((h) => h.ms)),
    hovers: during.length,
    hoverFailures: hovers.filter((h) => !h.ok).length,
    emptyHovers: hovers.filter((h) => h.ok && h.empty).length,
    afterMs: after.ms,
    typingP50: typing.length ? percentile(typing, 50) : undefined,
    typingMax: typing.length ? Math.max(...typing) : undefined,
    secondsToAnswer: settledAt === undefined ? undefined : (settledAt - start) / 1000,
    peakRss: server.peakRssMiB(),
    alive: server.isAlive(),
    said: typeof said === 'string' ? said : summarizeDiagnostics(said),
    uri,
  };
  await server.stop();
  return result;
}

/**
 * Keystrokes in the hostile file once the server has answered: each one a one-character incremental change,
 * then at once a hover on the companion. What the main thread does per keystroke (beyond applying the
 * change) shows here, e.g. copying the whole text to the analysis worker.
 */
async function typingHovers(server, uri) {
  if (!uri.startsWith('file:///bench/hostile/')) return [];
  const times = [];
  for (let version = 2; version <= 11; version++) {
    const at = { line: 0, character: 0 };
    await server.change(uri, version, [{ range: { start: at, end: at }, text: '#' }]);
    times.push((await timedHover(server, 10_000)).ms);
    await sleep(30);
  }
  return times;
}

function openDocument(name, text) {
  return async (server) => {
    const uri = `file:///bench/hostile/${name}.yaml`;
    const settled = server.nextPublish(uri, 1e9);
    await server.open(uri, text);
    return { uri, settled };
  };
}

/** A workspace folder with a policy and two symlink loops; the graph request makes the server scan it. */
function symlinkLoopWorkspace() {
  const root = mkdtempSync(path.join(tmpdir(), 'meshlens-bench-loop-'));
  mkdirSync(path.join(root, 'sub'));
  writeFileSync(path.join(root, 'policy.yaml'), companion.replace('name: companion', 'name: on-disk'));
  writeFileSync(path.join(root, 'sub', 'more.yaml'), companion.replace('name: companion', 'name: on-disk-2'));
  symlinkSync('..', path.join(root, 'sub', 'up'));
  symlinkSync('.', path.join(root, 'X11'));
  return root;
}

async function runHostile() {
  const chosen = hostileInputs.filter((input) => !args.only || args.only.includes(input.name));
  const results = [];
  for (const input of chosen) {
    const text = input.make();
    process.stdout.write(`hostile: ${input.name} (${(text.length / 1024 / 1024).toFixed(2)} MB) … `);
    const result = await measureHostile(input.name, openDocument(input.name, text), { budgetMs: args.budgetMs });
    results.push({ ...result, size: text.length });
    console.log(`${result.secondsToAnswer === undefined ? 'no answer within budget' : `answered in ${result.secondsToAnswer.toFixed(1)} s`}`);
  }
  if (!args.only || args.only.includes('symlink-loop')) {
    const root = symlinkLoopWorkspace();
    process.stdout.write('hostile: symlink-loop (workspace folder) … ');
    const folderUri = pathToFileURL(root).href;
    const result = await measureHostile(
      'symlink-loop',
      async (server) => {
        const started = performance.now();
        const settled = server
          .request('meshlens/trafficGraph', { folderUri }, args.budgetMs)
          .then((graph) => `meshlens/trafficGraph answered in ${((performance.now() - started) / 1000).toFixed(1)} s: ${graph.nodes.length} nodes, ${graph.edges.length} edges`)
          .catch((error) => `graph request failed: ${String(error.message ?? error).slice(0, 80)}`);
        return { uri: folderUri, settled };
      },
      { workspaceFolders: [folderUri], budgetMs: args.budgetMs },
    );
    rmSync(root, { recursive: true, force: true });
    results.push({ ...result, size: 0 });
    console.log(result.said);
  }
  console.log(`\nhostile inputs: hover on another open policy while the hostile one is analysed (goal < ${GOAL_HOVER_MS} ms), peak RSS (goal < ${GOAL_RSS_MIB} MiB)`);
  console.log('ratio = hover during / idle hover on the same server before the hostile input was opened');
  console.log("first hover = the one queued behind the hostile didOpen (its read and JSON parse on the server's main thread); 'during' = every later hover until the server said something about the hostile file");
  console.table(
    results.map((r) => ({
      input: r.name,
      MB: (r.size / 1024 / 1024).toFixed(2),
      'idle hover ms': r.baselineMs.toFixed(1),
      'write s': r.writeSeconds.toFixed(1),
      'first hover ms': r.firstHoverMs?.toFixed(0) ?? 'n/a',
      'during p50 ms': r.hovers ? r.hoverP50.toFixed(1) : 'n/a',
      'during max ms': r.hovers ? r.hoverMax.toFixed(0) : 'n/a',
      'max/idle': r.hovers ? (r.hoverMax / r.baselineMs).toFixed(0) : 'n/a',
      hovers: r.hovers,
      'failed hovers': r.hoverFailures,
      'empty hovers': r.emptyHovers,
      'hover goal': r.hoverMax < GOAL_HOVER_MS && r.hoverFailures === 0 ? 'met' : 'NOT met',
      'typing hover p50/max ms': r.typingMax === undefined ? 'n/a' : `${r.typingP50.toFixed(0)}/${r.typingMax.toFixed(0)}`,
      'answer s': r.secondsToAnswer?.toFixed(1) ?? `>${(args.budgetMs / 1000).toFixed(0)}`,
      'peak RSS MiB': r.peakRss?.toFixed(0) ?? 'n/a',
      'RSS/idle': r.peakRss && r.baselineRss ? (r.peakRss / r.baselineRss).toFixed(1) : 'n/a',
      'RSS goal': r.peakRss !== undefined && r.peakRss < GOAL_RSS_MIB ? 'met' : 'NOT met',
      alive: r.alive ? 'yes' : 'CRASHED',
    })),
  );
  console.log('what the server said about each hostile input:');
  for (const r of results) console.log(`  ${r.name}: ${r.said}`);
}

// ---------------------------------------------------------------------------------------------------
// 2. Edit fuzzing.

function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

const FRAGMENTS = [' ', '\n', '  ', '- ', ': ', '{', '}', '[', ']', '"', "'", '#', '&a ', '*a', '---\n', 'port: "80"', 'matchLabels:', 'toPorts:', 'x', 'ingress:\n  - ', '\t', '\\', 'ä', '{{{{', ']]]]'];

function randomEdit(random, text) {
  const at = Math.floor(random() * (text.length + 1));
  const kind = random();
  if (kind < 0.45) {
    const insert = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
    return { start: at, end: at, text: insert };
  }
  if (kind < 0.8) {
    const end = Math.min(text.length, at + 1 + Math.floor(random() * 12));
    return { start: at, end, text: '' };
  }
  if (kind < 0.95) {
    const end = Math.min(text.length, at + Math.floor(random() * 20));
    return { start: at, end, text: FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] };
  }
  // Duplicate a line.
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  return { start: lineEnd, end: lineEnd, text: `\n${text.slice(lineStart, lineEnd)}` };
}

function corpusFiles(count) {
  const names = readdirSync(corpusValid).filter((n) => /\.ya?ml$/.test(n)).sort();
  // Small and mid-sized files of every dialect, evenly spread over the (sorted) corpus.
  const step = Math.max(1, Math.floor(names.length / count));
  return names
    .filter((_, i) => i % step === 0)
    .slice(0, count)
    .map((name) => ({ name, uri: `file:///bench/fuzz/${name}`, text: readFileSync(path.join(corpusValid, name), 'utf8') }));
}

const comparable = (diagnostics) =>
  JSON.stringify(
    (diagnostics ?? [])
      .map((d) => ({ code: d.code, severity: d.severity, message: d.message, range: d.range }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
  );

async function runFuzz() {
  const { seededRandom } = require(await bundleBenchModule('seededRandom', `export { seededRandom } from './test/support/seededRandom';`));
  const random = seededRandom(args.seed);
  const files = corpusFiles(args.files);
  const texts = new Map(files.map((f) => [f.uri, f.text]));
  const versions = new Map(files.map((f) => [f.uri, 1]));
  let server = await startServer({ timeoutMs: 10_000 });
  let crashes = 0;
  const times = { hover: [], completion: [], inlayHint: [] };
  const errors = { hover: 0, completion: 0, inlayHint: 0 };
  const errorSamples = [];
  for (const f of files) server.open(f.uri, f.text);
  const start = performance.now();
  console.log(`\nfuzz: ${args.edits} seeded edits (seed ${args.seed}) over ${files.length} corpus files, a request after every 4 edits`);
  for (let i = 0; i < args.edits; i++) {
    if (!server.isAlive()) {
      crashes++;
      errorSamples.push(`server exited at edit ${i}: ${server.stderr().slice(-300)}`);
      server = await startServer({ timeoutMs: 10_000 });
      for (const f of files) server.open(f.uri, texts.get(f.uri), versions.get(f.uri));
    }
    const file = files[Math.floor(random() * files.length)];
    const text = texts.get(file.uri);
    const edit = randomEdit(random, text);
    const version = versions.get(file.uri) + 1;
    versions.set(file.uri, version);
    server.change(file.uri, version, [{ range: { start: positionAt(text, edit.start), end: positionAt(text, edit.end) }, text: edit.text }]);
    const next = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    texts.set(file.uri, next);
    if (i % 4 === 3) {
      const kinds = ['hover', 'completion', 'inlayHint'];
      const kind = kinds[Math.floor(random() * kinds.length)];
      const position = positionAt(next, Math.floor(random() * (next.length + 1)));
      const params =
        kind === 'inlayHint'
          ? { textDocument: { uri: file.uri }, range: { start: { line: 0, character: 0 }, end: positionAt(next, next.length) } }
          : { textDocument: { uri: file.uri }, position };
      const method = kind === 'inlayHint' ? 'textDocument/inlayHint' : `textDocument/${kind}`;
      const t0 = performance.now();
      try {
        await server.request(method, params, 10_000);
        times[kind].push(performance.now() - t0);
      } catch (error) {
        errors[kind]++;
        if (errorSamples.length < 5) errorSamples.push(`${kind} after edit ${i}: ${String(error.message ?? error).slice(0, 200)}`);
      }
    }
    if ((i + 1) % 5000 === 0) console.log(`  ${i + 1} edits, ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }
  // Restore every original text in one full-text change, then compare with a fresh server's diagnostics.
  for (const f of files) {
    const version = versions.get(f.uri) + 1;
    versions.set(f.uri, version);
    server.change(f.uri, version, [{ text: f.text }]);
  }
  await server.settle(versions, SETTLED_QUIET_MS, 120_000);
  const restored = new Map(files.map((f) => [f.uri, server.published.get(f.uri)]));
  const fuzzRss = server.peakRssMiB();
  const alive = server.isAlive();
  await server.stop();
  const fresh = await startServer({ timeoutMs: 10_000 });
  for (const f of files) fresh.open(f.uri, f.text);
  await fresh.settle(new Map(files.map((f) => [f.uri, 1])), SETTLED_QUIET_MS, 120_000);
  const freshDiagnostics = new Map(files.map((f) => [f.uri, fresh.published.get(f.uri)?.diagnostics]));
  const stale = files.filter((f) => comparable(restored.get(f.uri)?.diagnostics) !== comparable(freshDiagnostics.get(f.uri)));
  const staleVersion = files.filter((f) => restored.get(f.uri)?.version !== undefined && restored.get(f.uri).version !== versions.get(f.uri));
  await fresh.stop();
  const seconds = (performance.now() - start) / 1000;
  console.log(`fuzz: ${args.edits} edits in ${seconds.toFixed(0)} s; crashes ${crashes}${alive ? '' : ' (+ dead at the end)'}; request errors ${errors.hover + errors.completion + errors.inlayHint}; peak RSS ${fuzzRss?.toFixed(0) ?? 'n/a'} MiB`);
  const idle = { hover: percentile(times.hover, 50) };
  console.table(
    Object.entries(times).map(([kind, list]) => ({
      request: kind,
      count: list.length,
      errors: errors[kind],
      'p50 ms': percentile(list, 50).toFixed(1),
      'p99 ms': percentile(list, 99).toFixed(1),
      'max ms': Math.max(0, ...list).toFixed(0),
      'p99/p50': (percentile(list, 99) / Math.max(0.01, percentile(list, 50))).toFixed(1),
      [`p99 goal ≤ ${GOAL_FUZZ_P99_MS} ms`]: percentile(list, 99) <= GOAL_FUZZ_P99_MS ? 'met' : 'NOT met',
    })),
  );
  void idle;
  console.log(`stale diagnostics after restoring the original texts: ${stale.length} of ${files.length} files differ from a fresh server${stale.length ? ` (${stale.map((f) => f.name).slice(0, 5).join(', ')})` : ''}; last publish at an old version: ${staleVersion.length}`);
  for (const sample of errorSamples) console.log(`  ${sample}`);
  if (process.env.BENCH_DEBUG_STALE) for (const f of stale.slice(0, 2)) console.log(f.name, '\nrestored', comparable(restored.get(f.uri)?.diagnostics), '\nfresh', comparable(freshDiagnostics.get(f.uri)));
}

// ---------------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const out = { edits: 20_000, seed: 9, budgetMs: 30_000, files: 24, only: undefined, hostile: true, fuzz: true };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--edits') out.edits = Number(argv[++i]);
    else if (flag === '--seed') out.seed = Number(argv[++i]);
    else if (flag === '--budget-ms') out.budgetMs = Number(argv[++i]);
    else if (flag === '--files') out.files = Number(argv[++i]);
    else if (flag === '--only') out.only = argv[++i].split(',');
    else if (flag === '--skip-hostile') out.hostile = false;
    else if (flag === '--skip-fuzz') out.fuzz = false;
    else if (flag === '--server') out.server = path.resolve(argv[++i]);
    else throw new Error(`unknown flag ${flag}`);
  }
  return out;
}

function percentile(values, p) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function withTimeout(promise, ms, what) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

if (args.hostile) await runHostile();
if (args.fuzz) await runFuzz();
process.exit(0);
