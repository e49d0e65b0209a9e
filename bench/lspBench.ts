// The LSP bench: for generated files of 100, 1,000 and 5,000 policy documents, drives the built server
// over real LSP (stdio, pull diagnostics) and prints open→diagnostics, edit→diagnostics (median, p95),
// completion time and the server's peak memory, with ratios against a baseline measured in the same run:
// `yaml.parseAllDocuments` of the whole file, i.e. what a naive re-parse on every keystroke costs.
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startLspTestClient } from '../test/protocol/lspTestClient';
import { generatePolicies } from './generatePolicies';

const sizes = [100, 1000, 5000];
const edits = 30;
const completions = 30;

interface Figures {
  documents: number;
  megabytes: number;
  baselineParseMs: number;
  openMs: number;
  /** Open until the background pass has settled the enforcement findings and the client re-pulled. */
  openSettledMs: number;
  settledDiagnostics: number;
  editMedianMs: number;
  editP95Ms: number;
  /** Server CPU time (both threads) per edit over the edit loop: on a shared, loaded machine wall times also count waiting for a core. */
  editCpuMs?: number;
  completionMedianMs: number;
  completionP95Ms: number;
  peakMiB?: number;
  diagnostics: number;
}

export async function runBench(args: readonly string[]): Promise<void> {
  // `--server=<path>` drives another build of the server (e.g. an older commit's dist/server.cjs) with this same bench.
  const serverArg = args.find((a) => a.startsWith('--server='));
  const sizeArgs = args.filter((a) => !a.startsWith('--'));
  const chosen = sizeArgs.length > 0 ? sizeArgs.map(Number).filter((n) => n > 0) : sizes;
  const serverPath = path.resolve(process.cwd(), serverArg ? serverArg.slice('--server='.length) : path.join('dist', 'server.cjs'));
  console.log(`server: ${serverPath}`);
  const results: Figures[] = [];
  for (const count of chosen) {
    results.push(await benchOne(count, serverPath));
    print(results[results.length - 1]);
  }
  console.log('\nsummary (ms unless noted; ratio = time / baseline yaml.parseAllDocuments of the whole file)');
  console.table(
    results.map((r) => ({
      docs: r.documents,
      MB: r.megabytes.toFixed(2),
      'baseline parse': r.baselineParseMs.toFixed(1),
      'open→diag': r.openMs.toFixed(1),
      'open→settled': r.openSettledMs.toFixed(1),
      'edit→diag p50': r.editMedianMs.toFixed(1),
      'edit→diag p95': r.editP95Ms.toFixed(1),
      'edit p95 ratio': (r.editP95Ms / r.baselineParseMs).toFixed(3),
      'edit server CPU': r.editCpuMs?.toFixed(1) ?? 'n/a',
      'completion p50': r.completionMedianMs.toFixed(1),
      'completion p95': r.completionP95Ms.toFixed(1),
      'peak MiB': r.peakMiB?.toFixed(0) ?? 'n/a',
    })),
  );
  const thousand = results.find((r) => r.documents === 1000);
  if (thousand) console.log(`goal edit→diagnostics p95 < 50 ms at 1,000 documents: ${thousand.editP95Ms.toFixed(1)} ms → ${thousand.editP95Ms < 50 ? 'met' : 'NOT met'}`);
}

async function benchOne(count: number, serverPath: string): Promise<Figures> {
  const text = generatePolicies(count);
  const baselineParseMs = median(repeat(5, () => time(() => parseAllDocuments(text))));
  const client = await startLspTestClient({ pullDiagnostics: true, serverPath, timeoutMs: 120_000 });
  try {
    const uri = `file:///bench/policies-${count}.yaml`;
    const refreshed = client.nextDiagnosticRefresh();
    let started = performance.now();
    await client.open(uri, text, 1);
    const diagnostics = await client.pullDiagnostics(uri);
    const openMs = performance.now() - started;
    // Enforcement pitfalls of many new documents are settled in the background, then the server asks for a re-pull.
    await refreshed;
    const settledDiagnostics = (await client.pullDiagnostics(uri)).length;
    const openSettledMs = performance.now() - started;

    // Type one character into the name of 30 different documents in the middle of the file: every edit
    // changes the length, shifting the offsets of all later documents, and re-analyses one document.
    const lines = text.split('\n');
    const middle = Math.floor(count / 2);
    const editTimes: number[] = [];
    let line = -1;
    const cpuBefore = client.cpuTimeMs();
    for (let i = 0; i < edits; i++) {
      const name = `name: ${nameOf((middle + i) % count)}`;
      line = lines.findIndex((l) => l.trim() === name);
      const character = lines[line].indexOf('name: ') + 'name: '.length;
      const change = { range: { start: { line, character }, end: { line, character } }, text: 'x' };
      started = performance.now();
      await client.change(uri, i + 2, [change]);
      await client.pullDiagnostics(uri);
      editTimes.push(performance.now() - started);
    }
    const cpuAfter = client.cpuTimeMs();
    const editCpuMs = cpuBefore !== undefined && cpuAfter !== undefined ? (cpuAfter - cpuBefore) / edits : undefined;

    // Completion of a key inside the spec of that document.
    const completionTimes: number[] = [];
    const specLine = lines.findIndex((l, i) => i > line && l === 'spec:');
    for (let i = 0; i < completions; i++) {
      started = performance.now();
      await client.completion(uri, { line: specLine + 1, character: 2 });
      completionTimes.push(performance.now() - started);
    }
    const peak = client.peakMemoryKiB();
    return {
      documents: count,
      megabytes: Buffer.byteLength(text) / (1024 * 1024),
      baselineParseMs,
      openMs,
      openSettledMs,
      settledDiagnostics,
      editMedianMs: median(editTimes),
      editP95Ms: percentile(editTimes, 0.95),
      ...(editCpuMs !== undefined ? { editCpuMs } : {}),
      completionMedianMs: median(completionTimes),
      completionP95Ms: percentile(completionTimes, 0.95),
      ...(peak !== undefined ? { peakMiB: peak / 1024 } : {}),
      diagnostics: diagnostics.length,
    };
  } finally {
    await client.stop();
  }
}

function nameOf(i: number): string {
  return ['cnp', 'ccnp', 'ap', 'pa', 'ra', 'np'][i % 6] + `-${i}`;
}

function print(r: Figures): void {
  console.log(
    `${r.documents} documents (${r.megabytes.toFixed(2)} MB): baseline parse ${r.baselineParseMs.toFixed(1)} ms; ` +
      `open→diagnostics ${r.openMs.toFixed(1)} ms (${r.diagnostics} diagnostics, ${(r.openMs / r.baselineParseMs).toFixed(1)}× baseline), ` +
      `settled ${r.openSettledMs.toFixed(1)} ms (${r.settledDiagnostics} diagnostics); ` +
      `edit→diagnostics median ${r.editMedianMs.toFixed(1)} ms, p95 ${r.editP95Ms.toFixed(1)} ms (${(r.editP95Ms / r.baselineParseMs).toFixed(2)}× baseline), server CPU ${r.editCpuMs?.toFixed(1) ?? 'n/a'} ms per edit; ` +
      `completion median ${r.completionMedianMs.toFixed(1)} ms, p95 ${r.completionP95Ms.toFixed(1)} ms; peak memory ${r.peakMiB?.toFixed(0) ?? 'n/a'} MiB`,
  );
}

function time(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function repeat(n: number, sample: () => number): number[] {
  return Array.from({ length: n }, sample);
}

function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
}
