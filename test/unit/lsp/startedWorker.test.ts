// The analysis worker thread started by the server's entry before initialize (lsp/worker/startedWorker.ts): what the
// thread reports before its client takes it is not lost but handed over in order; a thread started for other
// options than the client's is stopped, not left running; it is taken once. A small CommonJS file stands for
// dist/analysisWorker.cjs and posts messages right away, as the real worker posts 'ready'.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWorkerEarly, takeEarlyWorker, type WorkerStart } from '../../../server/src/lsp/worker/startedWorker';

let work: string;
let start: WorkerStart;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'meshlens-started-worker-test-'));
  const bundle = join(work, 'analysisWorker.cjs');
  // Three messages at once, then it stays alive (as the real worker does) until terminated.
  writeFileSync(
    bundle,
    `const { parentPort, workerData } = require('node:worker_threads');\nfor (const n of [1, 2, 3]) parentPort.postMessage({ n, docsBase: workerData.docsBase });\nsetInterval(() => {}, 1000);\n`,
  );
  start = { bundle, codeCacheDir: null, docsBase: 'file:///docs/diagnostics.md' };
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Resolves once the thread posted `count` messages (counted by a listener of the test's own). */
function posted(worker: Worker, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const count1 = () => {
      seen += 1;
      if (seen === count) {
        worker.off('message', count1);
        resolve();
      }
    };
    worker.on('message', count1);
  });
}

describe('a worker thread started before its client', () => {
  it('hands the messages it posted before it was taken to the taker, in order, then the later ones', async () => {
    startWorkerEarly(start);
    const taken = takeEarlyWorker(start);
    expect(taken).toBeDefined();
    const { worker, handOver } = taken!;
    await posted(worker, 3);
    const received: unknown[] = [];
    worker.on('message', (message: unknown) => received.push(message));
    expect(received).toEqual([]);
    handOver();
    expect(received).toEqual([1, 2, 3].map((n) => ({ n, docsBase: start.docsBase })));
    // Nothing kept any more: a second hand-over replays nothing.
    handOver();
    expect(received).toHaveLength(3);
    await worker.terminate();
  });

  it('is taken once: the next client starts its own thread', async () => {
    startWorkerEarly(start);
    const taken = takeEarlyWorker(start);
    expect(takeEarlyWorker(start)).toBeUndefined();
    await taken!.worker.terminate();
  });

  it('is stopped when the client was given other options (another bundle, cache or docs base)', async () => {
    for (const other of [{ ...start, bundle: join(work, 'other.cjs') }, { ...start, codeCacheDir: work }, { ...start, docsBase: 'file:///elsewhere.md' }]) {
      const worker = startWorkerEarly(start);
      const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
      expect(takeEarlyWorker(other)).toBeUndefined();
      // It stays alive on its own (its interval): exiting at all means it was terminated. Nothing is left to take.
      expect(typeof (await exited)).toBe('number');
      expect(takeEarlyWorker(start)).toBeUndefined();
    }
  });
});
