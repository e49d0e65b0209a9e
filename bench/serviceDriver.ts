// In-process driver of the analysis worker's service (no threads, no stdio): opens a generated file, types
// into it and pulls diagnostics, hover and completion, timing each. Used for CPU profiles (`--cpu-prof`) of
// where an edit's time goes, without the LSP transport in the way.
import { AnalysisService } from '../server/src/lsp/worker/analysisService';
import type { FromWorker, ToWorker } from '../server/src/lsp/worker/workerProtocol';
import { defaultSettings } from '../server/src/protocol/settings';
import { generatePolicies } from './generatePolicies';

export interface DriverFigures {
  readonly openMs: number;
  readonly editMs: number[];
  readonly hoverMs: number[];
  readonly completionMs: number[];
}

/** Hooks around the edit loop (e.g. an inspector CPU profile of just the edits). */
export interface DriverHooks {
  readonly beforeEdits?: () => Promise<void>;
  readonly afterEdits?: () => Promise<void>;
}

export async function driveService(count: number, edits = 30, gapMs = 0, hooks: DriverHooks = {}): Promise<DriverFigures> {
  const text = generatePolicies(count);
  const waiting = new Map<number, (value: unknown) => void>();
  const service = new AnalysisService({ docsBase: 'file:///docs.md' }, (message: FromWorker) => {
    if (message.type === 'response') waiting.get(message.id)?.(message.result);
  });
  let id = 0;
  const ask = (request: Extract<ToWorker, { type: 'request' }>['request']) =>
    new Promise<unknown>((resolve) => {
      id += 1;
      waiting.set(id, resolve);
      service.receive({ type: 'request', id, request });
    });
  const uri = `file:///bench/policies-${count}.yaml`;
  // As lspBench does: 20,000 documents are above the 5 MB default of maxFileSizeMB, which would profile the
  // too-large path instead of an edit's analysis.
  const maxFileSizeMB = Math.max(5, Math.ceil(Buffer.byteLength(text) / (1024 * 1024)) + 1);
  service.receive({ type: 'settings', settings: { ...defaultSettings, maxFileSizeMB } });
  let started = performance.now();
  service.receive({ type: 'sync', uri, version: 1, text });
  await ask({ kind: 'diagnostics', uri });
  const openMs = performance.now() - started;
  const lines = text.split('\n');
  const middle = Math.floor(count / 2);
  const editMs: number[] = [];
  let line = 0;
  // The edited lines are found before the profiled edits: trimming every line per edit made megabytes of garbage
  // (4.5 MB per edit at 20,000 documents) whose collection the profile charged to the edits.
  const editLines = Array.from({ length: edits }, (_, i) => {
    const name = `name: ${['cnp', 'ccnp', 'ap', 'pa', 'ra', 'np'][(middle + i) % 6]}-${(middle + i) % count}`;
    return lines.findIndex((l) => l.trim() === name);
  });
  await hooks.beforeEdits?.();
  for (let i = 0; i < edits; i++) {
    line = editLines[i];
    const character = lines[line].indexOf('name: ') + 'name: '.length;
    started = performance.now();
    service.receive({ type: 'edit', uri, fromVersion: i + 1, version: i + 2, changes: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }] });
    await ask({ kind: 'diagnostics', uri });
    editMs.push(performance.now() - started);
    if (gapMs > 0) await new Promise((r) => setTimeout(r, gapMs));
  }
  await hooks.afterEdits?.();
  const hoverMs: number[] = [];
  const completionMs: number[] = [];
  const specLine = lines.findIndex((l, i) => i > line && l === 'spec:');
  for (let i = 0; i < 20; i++) {
    started = performance.now();
    await ask({ kind: 'hover', uri, position: { line: specLine + 2, character: 6 } });
    hoverMs.push(performance.now() - started);
    started = performance.now();
    await ask({ kind: 'completion', uri, position: { line: specLine + 1, character: 2 } });
    completionMs.push(performance.now() - started);
  }
  return { openMs, editMs, hoverMs, completionMs };
}
