// Scores a netpol-analyzer `diff` case (../shared/corpus/diff/, format in the corpus README §"Connectivity diff
// truth data"): each revision's folder becomes a traffic model read as the connlist cases read theirs, meshlens's
// connectivity diff (analysis/diff/) compares them pair by pair, and the case passes when its set of changed /
// added / removed lines equals upstream's expected/*.txt (np-guard/netpol-analyzer pkg/netpol/diff). Scoring is
// pure; `runDiffCases` at the bottom is the only IO.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildInventory, inventoryFileFromText } from '../analysis/inventory/buildInventory';
import { buildTrafficModel, type TrafficModel } from '../analysis/graph/trafficModel';
import { diffConnectivity, peerLabel } from '../analysis/diff/connectivityDiff';
import type { FlowChange } from '../analysis/diff/diffModel';
import { filesUnder } from './connectivityRun';
import { formatConnections } from './connectivityConnlist';

/** One diff case's score, shaped like the connectivity cases' results. */
export interface DiffCaseResult {
  readonly name: string;
  readonly format: 'diff';
  readonly passed: boolean;
  /** Expected lines compared. */
  readonly checked: number;
  readonly mismatches: readonly string[];
}

export interface DiffCaseInput {
  readonly name: string;
  readonly ref1: readonly { readonly file: string; readonly text: string }[];
  readonly ref2: readonly { readonly file: string; readonly text: string }[];
  /** expected/diff_between_<ref2>_and_<ref1>.txt; empty when both revisions allow the same connections. */
  readonly expected: string;
}

export function scoreDiffCase(input: DiffCaseInput): DiffCaseResult {
  const actual = new Set(diffLines(netpolAnalyzerModel(input.ref1), netpolAnalyzerModel(input.ref2)));
  const expected = new Set(input.expected.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && l !== 'Connectivity diff:'));
  const mismatches: string[] = [];
  for (const line of expected) if (!actual.has(line)) mismatches.push(`missing: ${line}`);
  for (const line of actual) if (!expected.has(line)) mismatches.push(`extra:   ${line}`);
  return { name: input.name, format: 'diff', passed: mismatches.length === 0, checked: expected.size, mismatches };
}

/** A revision's model as netpol-analyzer reads a folder (the same reading as the connlist cases). */
export function netpolAnalyzerModel(files: DiffCaseInput['ref1']): TrafficModel {
  const read = buildInventory(files.map((f) => inventoryFileFromText(f.file, f.text)), { defaultNamespace: 'default' });
  // netpol-analyzer treats host-network pods like any other pod (Kubernetes leaves them implementation-defined).
  const inventory = { ...read, workloads: read.workloads.map((w) => ({ ...w, hostNetwork: false })) };
  return buildTrafficModel(inventory, { undeclaredNamespaces: 'name-label-only' });
}

/** netpol-analyzer's txt lines (without the `Connectivity diff:` header), in its order: changed, added, removed. */
export function diffLines(ref1: TrafficModel, ref2: TrafficModel): string[] {
  const diff = diffConnectivity(ref1, ref2, { exhaustive: true, compare: 'ports', formatPorts: formatConnections });
  return diff.changes.map(diffLine);
}

function diffLine(change: FlowChange): string {
  const info = change.newOrRemovedPeers?.length
    ? `, workloads-diff-info: workload ${[change.from, change.to].filter((p) => change.newOrRemovedPeers?.includes(p.id)).map(peerLabel).join(' and ')} ${change.kind === 'removed' ? 'removed' : 'added'}`
    : '';
  return `diff-type: ${change.kind}, source: ${peerLabel(change.from)}, destination: ${peerLabel(change.to)}, ref1: ${change.base?.ports ?? 'No Connections'}, ref2: ${change.head?.ports ?? 'No Connections'}${info}`;
}

export interface DiffReport {
  readonly passed: number;
  readonly failed: number;
  readonly cases: readonly DiffCaseResult[];
}

/** Reads and scores every case under <corpus>/diff (ref1/, ref2/, expected/diff_between_*.txt). */
export function runDiffCases(corpusDir: string): DiffReport {
  const folder = path.join(corpusDir, 'diff');
  if (!existsSync(folder)) return { passed: 0, failed: 0, cases: [] };
  const cases: DiffCaseResult[] = [];
  for (const entry of readdirSync(folder).sort()) {
    const full = path.join(folder, entry);
    try {
      const read = (ref: string) => filesUnder(path.join(full, ref)).map((file) => ({ file: path.relative(full, file), text: readFileSync(file, 'utf8') }));
      const expectedDir = path.join(full, 'expected');
      const txt = existsSync(expectedDir) ? readdirSync(expectedDir).find((f) => f.startsWith('diff_between_') && f.endsWith('.txt')) : undefined;
      if (!txt) {
        cases.push({ name: entry, format: 'diff', passed: false, checked: 0, mismatches: ['no expected/diff_between_*.txt'] });
        continue;
      }
      cases.push(scoreDiffCase({ name: entry, ref1: read('ref1'), ref2: read('ref2'), expected: readFileSync(path.join(expectedDir, txt), 'utf8') }));
    } catch (error) {
      // A case that throws fails visibly instead of stopping the run.
      cases.push({ name: entry, format: 'diff', passed: false, checked: 0, mismatches: [`threw: ${error instanceof Error ? error.message : String(error)}`] });
    }
  }
  const passed = cases.filter((c) => c.passed).length;
  return { passed, failed: cases.length - passed, cases };
}

/** `diff: N passed, M failed`, the line the conformance runner prints. */
export function formatDiffLine(report: DiffReport): string {
  return `diff: ${report.passed} passed, ${report.failed} failed`;
}
