// The analysis worker's logic, in process (no thread): completion is answered between the slices of a large
// analysis while diagnostics wait for it, a request cancelled before it runs is not computed, and a file whose
// sliced analysis runs past the hard budget is stopped with one ML0020. The clock is injected.
import { describe, expect, it } from 'vitest';
import { AnalysisService } from '../../../server/src/lsp/worker/analysisService';
import type { FromWorker, ToWorker, VersionedDiagnostics } from '../../../server/src/lsp/worker/workerProtocol';
import { generatePolicies } from '../../../bench/generatePolicies';

function service(now?: () => number) {
  const messages: FromWorker[] = [];
  const waiters: { accept: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const worker = new AnalysisService(
    { docsBase: 'file:///docs/diagnostics.md' },
    (message) => {
      messages.push(message);
      for (const waiter of [...waiters]) {
        if (!waiter.accept(message)) continue;
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    },
    now,
  );
  const send = (...list: ToWorker[]) => list.forEach((m) => worker.receive(m));
  const next = (accept: (m: FromWorker) => boolean) =>
    new Promise<FromWorker>((resolve) => {
      const seen = messages.find(accept);
      if (seen) resolve(seen);
      else waiters.push({ accept, resolve });
    });
  const response = (id: number) => next((m) => m.type === 'response' && m.id === id) as Promise<Extract<FromWorker, { type: 'response' }>>;
  return { messages, send, next, response };
}

describe('AnalysisService', () => {
  it('answers completion before the diagnostics of a large file that is still being analysed', async () => {
    const { messages, send, response } = service();
    const uri = 'file:///large.yaml';
    send(
      { type: 'sync', uri, version: 1, text: generatePolicies(200) },
      { type: 'request', id: 1, request: { kind: 'diagnostics', uri } },
      { type: 'request', id: 2, request: { kind: 'completion', uri, position: { line: 6, character: 2 } } },
    );
    const diagnostics = await response(1);
    const responses = messages.filter((m) => m.type === 'response').map((m) => (m as { id: number }).id);
    expect(responses).toEqual([2, 1]);
    expect(((await response(2)).result as { label: string }[]).map((i) => i.label)).toContain('ingressDeny');
    expect((diagnostics.result as VersionedDiagnostics).items.some((d) => String(d.code).startsWith('ML4'))).toBe(true);
    // Between slices the worker says it is alive, so the main thread's watchdog does not mistake it for stuck.
    expect(messages.some((m) => m.type === 'working' && m.uri === uri)).toBe(true);
  });

  it('a request cancelled before it runs is answered as cancelled, not computed', async () => {
    const { send, response } = service();
    const uri = 'file:///p.yaml';
    send({ type: 'sync', uri, version: 1, text: generatePolicies(3) }, { type: 'request', id: 7, request: { kind: 'hover', uri, position: { line: 0, character: 1 } } }, { type: 'cancel', id: 7 });
    expect(await response(7)).toEqual({ type: 'response', id: 7, cancelled: true });
  });

  it('stops a file whose sliced analysis runs past the hard budget: one ML0020, until the next edit', async () => {
    let clock = 0;
    // Every reading of the clock is 100 ms later: each analysed YAML document looks slow.
    const { send, response, next } = service(() => (clock += 100));
    const uri = 'file:///slow.yaml';
    send({ type: 'budget', hardMs: 1000 }, { type: 'sync', uri, version: 1, text: generatePolicies(40) }, { type: 'request', id: 1, request: { kind: 'diagnostics', uri } });
    const stopped = await next((m) => m.type === 'stopped');
    expect(stopped).toEqual({ type: 'stopped', uri, version: 1 });
    const items = ((await response(1)).result as VersionedDiagnostics).items;
    expect(items.map((d) => d.code)).toEqual(['ML0020']);
    send({ type: 'budget', hardMs: Number.POSITIVE_INFINITY }, { type: 'sync', uri, version: 2, text: generatePolicies(2) }, { type: 'request', id: 2, request: { kind: 'diagnostics', uri } });
    const retried = ((await response(2)).result as VersionedDiagnostics).items;
    expect(retried.map((d) => d.code)).not.toContain('ML0020');
  });

  it('applies an edit (LSP ranges) to its copy of the document: the same diagnostics as the whole new text', async () => {
    const { send, response } = service();
    const uri = 'file:///edited.yaml';
    const text = generatePolicies(6);
    const line = text.split('\n').findIndex((l) => l.startsWith('spec:'));
    // A key no policy kind accepts, typed into the first spec: schema findings at the new text's positions.
    const typed = '  notAField: 1\n';
    send(
      { type: 'sync', uri, version: 1, text },
      { type: 'edit', uri, fromVersion: 1, version: 2, changes: [{ range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, text: typed }] },
      { type: 'request', id: 1, request: { kind: 'diagnostics', uri } },
    );
    const edited = (await response(1)).result as VersionedDiagnostics;
    const lines = text.split('\n');
    lines.splice(line + 1, 0, typed.slice(0, -1));
    const whole = service();
    whole.send({ type: 'sync', uri, version: 2, text: lines.join('\n') }, { type: 'request', id: 1, request: { kind: 'diagnostics', uri } });
    const expected = (await whole.response(1)).result as VersionedDiagnostics;
    expect(edited).toEqual(expected);
    expect(edited.version).toBe(2);
    expect(edited.items.some((d) => d.range.start.line === line + 1)).toBe(true);
  });

  it('asks for the whole text when an edit was made on another version than its copy', async () => {
    const { send, next } = service();
    const uri = 'file:///p.yaml';
    send({ type: 'sync', uri, version: 1, text: generatePolicies(2) }, { type: 'edit', uri, fromVersion: 5, version: 6, changes: [{ text: 'x' }] });
    expect(await next((m) => m.type === 'resync')).toEqual({ type: 'resync', uri });
  });
});
