// The settle pass gives way to hover and completion (lsp/worker/interactiveHold.ts): it waits while they keep
// coming, goes on once they are quiet, and is never held for ever. The settled answer of a 30-document file has
// ML4xxx the provisional one left for later, so the pass's 'diagnostics' message says it ran. A hover that waited for
// the file's analysis with a diagnostics request is answered before it. The clock is injected; the worker's own
// timers (settle delay, re-checks) are real and short.
import { describe, expect, it } from 'vitest';
import { InteractiveHold, INTERACTIVE_QUIET_MS, MAX_HOLD_MS } from '../../../server/src/lsp/worker/interactiveHold';
import { AnalysisService } from '../../../server/src/lsp/worker/analysisService';
import type { FromWorker, ToWorker } from '../../../server/src/lsp/worker/workerProtocol';
import { generatePolicies } from '../../../bench/generatePolicies';

describe('InteractiveHold', () => {
  it('holds nothing before a request, then until the requests have been quiet for a while', () => {
    const hold = new InteractiveHold(50, 300);
    expect(hold.waitAt(() => 0)).toBe(0);
    hold.noteRequest(100);
    expect(hold.waitAt(() => 110)).toBe(40);
    expect(hold.waitAt(() => 149)).toBe(1);
    expect(hold.waitAt(() => 150)).toBe(0);
  });

  it('lets one slice run after the longest hold, then may hold again', () => {
    const hold = new InteractiveHold(50, 300);
    const ran: number[] = [];
    // A request every 10 ms for a second; background work asks every 10 ms too.
    for (let at = 0; at <= 1000; at += 10) {
      hold.noteRequest(at);
      if (hold.waitAt(() => at) === 0) ran.push(at);
    }
    expect(ran).toEqual([300, 610, 920]);
  });
});

function service(now: () => number) {
  const messages: FromWorker[] = [];
  const waiters: { accept: (m: FromWorker) => boolean; resolve: (m: FromWorker) => void }[] = [];
  const worker = new AnalysisService({ docsBase: 'file:///docs/diagnostics.md' }, (message) => {
    messages.push(message);
    for (const waiter of [...waiters]) {
      if (!waiter.accept(message)) continue;
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(message);
    }
  }, now);
  const send = (...list: ToWorker[]) => list.forEach((m) => worker.receive(m));
  const next = (accept: (m: FromWorker) => boolean, from = 0) =>
    new Promise<FromWorker>((resolve) => {
      const seen = messages.slice(from).find(accept);
      if (seen) resolve(seen);
      else waiters.push({ accept, resolve });
    });
  return { messages, send, next };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AnalysisService settle pass and interactive requests', () => {
  it('waits while completions keep coming and settles once they are quiet', async () => {
    let clock = 0;
    const { messages, send, next } = service(() => clock);
    const uri = 'file:///held.yaml';
    // A completion at the open: the settle pass falls due 150 ms later and must wait, as the user is still active.
    send({ type: 'sync', uri, version: 1, text: generatePolicies(30) }, { type: 'request', id: 1, request: { kind: 'completion', uri, position: { line: 6, character: 2 } } });
    await next((m) => m.type === 'response' && m.id === 1);
    await sleep(400);
    expect(messages.filter((m) => m.type === 'diagnostics')).toEqual([]);
    // Quiet now: the pass runs to its end and reports the settled answer (nothing was handed out yet).
    clock += INTERACTIVE_QUIET_MS;
    const settled = await next((m) => m.type === 'diagnostics');
    expect(settled.type === 'diagnostics' && settled.items.some((d) => String(d.code).startsWith('ML4'))).toBe(true);
  });

  it('settles even when the requests never stop (each hold is bounded)', async () => {
    let clock = 0;
    const { messages, send, next } = service(() => clock);
    const uri = 'file:///busy.yaml';
    send({ type: 'sync', uri, version: 1, text: generatePolicies(30) });
    let id = 1;
    let settled = false;
    void next((m) => m.type === 'diagnostics').then(() => (settled = true));
    // A hover every 10 ms of the worker's clock, for as long as the settle pass needs (bounded by tries, not time).
    for (let tries = 0; !settled && tries < 400; tries++) {
      clock += 10;
      send({ type: 'request', id: id++, request: { kind: 'hover', uri, position: { line: 6, character: 4 } } });
      await sleep(5);
    }
    // It got through while the requests kept coming, after being held at least once.
    expect(settled).toBe(true);
    expect(clock).toBeGreaterThan(MAX_HOLD_MS);
    expect(messages.filter((m) => m.type === 'response')).toHaveLength(id - 1);
  });
});

describe('AnalysisService parked requests', () => {
  it('answers a hover parked behind a diagnostics request first, each as if asked alone', async () => {
    const { messages, send, next } = service(() => 0);
    const uri = 'file:///parked.yaml';
    const text = generatePolicies(30);
    // Both wait for the file's analysis; the hover arrived second.
    send(
      { type: 'sync', uri, version: 1, text },
      { type: 'request', id: 1, request: { kind: 'diagnostics', uri } },
      { type: 'request', id: 2, request: { kind: 'hover', uri, position: { line: 6, character: 4 } } },
    );
    await next((m) => m.type === 'response' && m.id === 1);
    const responses = messages.filter((m) => m.type === 'response');
    expect(responses.map((m) => m.type === 'response' && m.id)).toEqual([2, 1]);
    const alone = service(() => 0);
    alone.send({ type: 'sync', uri, version: 1, text }, { type: 'request', id: 2, request: { kind: 'hover', uri, position: { line: 6, character: 4 } } });
    expect(await alone.next((m) => m.type === 'response' && m.id === 2)).toEqual(responses[0]);
    expect((responses[0] as { result: unknown }).result).not.toBeNull();
  });
});
