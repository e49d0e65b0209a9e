// The analysis worker thread takes a few hundred milliseconds to start (its 7.5 MB bundle through the code cache,
// then the warm-up), and an editor sends its first open right after initialize. So the server's entry starts the
// thread before it loads anything else (lsp/startWorkerEarly.ts): that start then overlaps the server's own module
// load and the initialize handshake. Until the worker client adopts the thread at initialize, what the thread
// reports (its 'ready', an error, its exit) is kept, and handed over in order.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { defaultCodeCacheDir, workerEvalSource, type CodeCacheWorkerData } from './workerCodeCache';

/** What a worker thread is started with (its workerData): the bundle, its code cache and the docs link base. */
export interface WorkerStart extends CodeCacheWorkerData {
  readonly docsBase: string;
}

/** The server bundle's defaults, next to it in dist/: the worker bundle, and docs/diagnostics.md one level up. */
export function defaultWorkerStart(bundleDir: string): WorkerStart {
  return {
    bundle: path.resolve(bundleDir, 'analysisWorker.cjs'),
    codeCacheDir: defaultCodeCacheDir(),
    docsBase: pathToFileURL(path.resolve(bundleDir, '..', 'docs', 'diagnostics.md')).href,
  };
}

export function startWorkerThread(start: WorkerStart): Worker {
  return new Worker(workerEvalSource(), { eval: true, workerData: start });
}

const reportedEvents = ['message', 'error', 'exit'] as const;

/** A worker thread started ahead of its client, keeping what it reports until the client takes it. */
class EarlyWorker {
  readonly worker: Worker;
  private readonly kept: { readonly event: (typeof reportedEvents)[number]; readonly value: unknown }[] = [];
  private readonly keepers = reportedEvents.map((event) => [event, (value: unknown) => this.kept.push({ event, value })] as const);

  constructor(readonly start: WorkerStart) {
    this.worker = startWorkerThread(start);
    for (const [event, keep] of this.keepers) this.worker.on(event, keep);
  }

  /** Call after the client attached its own listeners: they get what arrived meanwhile, in order. */
  handOver(): void {
    for (const [event, keep] of this.keepers) this.worker.off(event, keep);
    for (const { event, value } of this.kept.splice(0)) this.worker.emit(event, value);
  }
}

let early: EarlyWorker | undefined;

/** Starts the worker thread now (once), for a client created later with the same start (see takeEarlyWorker). */
export function startWorkerEarly(start: WorkerStart): Worker {
  early ??= new EarlyWorker(start);
  return early.worker;
}

/**
 * The thread started early for exactly this start (same bundle, code cache and docs base), once; undefined if
 * none was, it was taken, or it was started otherwise (then it is stopped). `handOver` is called by the taker once its listeners are attached.
 */
export function takeEarlyWorker(start: WorkerStart): { readonly worker: Worker; readonly handOver: () => void } | undefined {
  const taken = early;
  early = undefined;
  if (!taken) return undefined;
  if (taken.start.bundle !== start.bundle || taken.start.codeCacheDir !== start.codeCacheDir || taken.start.docsBase !== start.docsBase) {
    // Started for other options than the server was given: nobody else would ever take it.
    void taken.worker.terminate();
    return undefined;
  }
  return { worker: taken.worker, handOver: () => taken.handOver() };
}
