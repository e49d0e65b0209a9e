// The main thread's side of the analysis worker: forwards document changes in order, sends each request
// with a time budget and answers it whatever happens: the worker's result in time, else the last result for
// the same document version and parameters (stale but consistent), else the empty answer; a cancelled request
// answers RequestCancelled at once. A watchdog restarts a worker that stops answering (one step on one file
// past the hard budget): the new worker gets the current documents, with that file marked as stopped.
import type { ClusterReport } from '../../protocol/clusterStatus';
import type { Worker } from 'node:worker_threads';
import { LSPErrorCodes, ResponseError, type CancellationToken, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { MeshlensSettings } from '../../protocol/settings';
import type { AnalysisBudgets } from './budgets';
import type { FromWorker, ToWorker, VersionedDiagnostics, WorkerRequest, WorkerResults } from './workerProtocol';
import { DiagnosticResults, type DiagnosticsAnswer } from './diagnosticResults';
import { defaultCodeCacheDir } from './workerCodeCache';
import { startWorkerThread, takeEarlyWorker, type WorkerStart } from './startedWorker';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
}

export interface WorkerClientOptions {
  /** Path of dist/analysisWorker.cjs. */
  readonly bundle: string;
  /** Where the bundle's V8 code cache lives (workerCodeCache.ts); null: none. Default: a private temporary directory. */
  readonly codeCacheDir?: string | null;
  readonly docsBase: string;
  readonly budgets: AnalysisBudgets;
  /** The open documents now (after a restart they are sent again). */
  readonly documents: () => readonly OpenDocument[];
  /** Diagnostics that changed in the background, or arrived after their request's budget. */
  readonly onDiagnostics: (diagnostics: VersionedDiagnostics) => void;
  /** Inlay hints arrived after their request's budget: the editor should ask again. */
  readonly onLateInlayHints: () => void;
  readonly log: (message: string) => void;
  /** The live cluster's load progress and status (lsp/clusterProgress.ts shows them). */
  readonly onCluster?: (report: ClusterReport) => void;
}

interface Pending {
  readonly kind: WorkerRequest['kind'];
  readonly key: string;
  readonly resolve: (value: unknown) => void;
  /** The worker could not answer (error, cancelled on its side): answer the fallback. */
  readonly fail: () => void;
  answered: boolean;
}

/** How often the watchdog looks at the worker. */
const WATCHDOG_MS = 100;
/** A worker that cannot even start (bundle missing, crash at load) is not restarted forever. */
const MAX_FAILED_STARTS = 3;

export class AnalysisWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  /** Last result per request kind and document: answered again while valid (same version and parameters). */
  private readonly lastResults = new Map<string, { readonly key: string; readonly value: unknown }>();
  /** The diagnostics last received per uri: the worker answers "same items" when they did not change. */
  private readonly diagnosticResults = new DiagnosticResults();
  /** Documents whose analysis was stopped, with the version it was stopped at; an edit clears the mark. */
  private readonly stopped = new Map<string, number>();
  private settings: MeshlensSettings | undefined;
  private readonly viewports = new Map<string, readonly { readonly start: number; readonly end: number }[]>();
  private folders: readonly string[] = [];
  /** The file the worker said it is working on ('' = the whole workspace) and its last sign of life, while busy. */
  private work: { uri: string; lastSign: number } | undefined;
  private readonly watchdog: ReturnType<typeof setInterval>;
  /** Resolves when the current worker has started; budgets count from then, so a cold start is nobody's delay. */
  private ready: Promise<void> = Promise.resolve();
  private markReady: () => void = () => {};
  private isReady = false;
  /** Workers that died before becoming ready, in a row: past MAX_FAILED_STARTS the server answers empty. */
  private failedStarts = 0;

  constructor(private readonly options: WorkerClientOptions) {
    this.start();
    this.watchdog = setInterval(() => this.checkWorker(), WATCHDOG_MS);
    this.watchdog.unref();
  }

  /** The document's whole text; with `edit` (its changes from the version before), only the changes cross. */
  sync(document: OpenDocument, edit?: { readonly fromVersion: number; readonly changes: readonly TextDocumentContentChangeEvent[] }): void {
    const stoppedAt = this.stopped.get(document.uri);
    if (stoppedAt !== undefined && stoppedAt !== document.version) this.stopped.delete(document.uri);
    const stoppedAfterMs = this.stopped.has(document.uri) ? this.options.budgets.hardMs : undefined;
    const stopped = stoppedAfterMs === undefined ? {} : { stoppedAfterMs };
    if (edit) this.send({ type: 'edit', uri: document.uri, fromVersion: edit.fromVersion, version: document.version, changes: edit.changes, ...stopped });
    else this.send({ type: 'sync', uri: document.uri, version: document.version, text: document.text, ...stopped });
  }

  /** The lines the editor shows of a document (kept, so a restarted worker gets them too). */
  setViewport(uri: string, lines: readonly { readonly start: number; readonly end: number }[]): void {
    if (lines.length > 0) this.viewports.set(uri, lines);
    else this.viewports.delete(uri);
    this.send({ type: 'viewport', uri, lines });
  }

  close(uri: string): void {
    this.viewports.delete(uri);
    this.stopped.delete(uri);
    for (const kind of ['diagnostics', 'hover', 'inlayHints', 'completion']) this.lastResults.delete(`${kind} ${uri}`);
    this.diagnosticResults.forget(uri);
    this.send({ type: 'close', uri });
  }

  setSettings(settings: MeshlensSettings): void {
    this.settings = settings;
    this.send({ type: 'settings', settings });
  }

  /** The user cancelled the cluster load. */
  cancelCluster(): void {
    this.send({ type: 'clusterCancel' });
  }

  setFolders(folders: readonly string[]): void {
    this.folders = folders;
    this.send({ type: 'folders', folders });
  }

  /**
   * Asks the worker; resolves within `budgetMs` with its answer, else with the last valid result, else `empty`.
   * `version` is the document version the answer must be for to be reused later (undefined: never reused).
   */
  request<K extends WorkerRequest['kind']>(
    request: Extract<WorkerRequest, { kind: K }>,
    options: { budgetMs: number; version?: number; empty: WorkerResults[K]; token?: CancellationToken },
  ): Promise<WorkerResults[K]> {
    const uri = 'uri' in request ? request.uri : '';
    const key = options.version === undefined ? undefined : `${options.version} ${JSON.stringify(request)}`;
    const fallback = (): WorkerResults[K] => {
      const last = key === undefined ? undefined : this.lastResults.get(`${request.kind} ${uri}`);
      return last && last.key === key ? (last.value as WorkerResults[K]) : options.empty;
    };
    if (options.token?.isCancellationRequested) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<WorkerResults[K]>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = (value: WorkerResults[K]) => {
        if (timer !== undefined) clearTimeout(timer);
        entry.answered = true;
        resolve(value);
      };
      const entry: Pending = {
        kind: request.kind,
        key: key ?? '',
        answered: false,
        resolve: (value) => {
          if (key !== undefined) this.lastResults.set(`${request.kind} ${uri}`, { key, value });
          if (!entry.answered) settle(value as WorkerResults[K]);
          else if (request.kind === 'diagnostics' && value) this.options.onDiagnostics(value as VersionedDiagnostics);
          else if (request.kind === 'inlayHints') this.options.onLateInlayHints();
        },
        fail: () => {
          if (!entry.answered) settle(fallback());
        },
      };
      this.pending.set(id, entry);
      void this.ready.then(() => {
        if (!entry.answered) timer = setTimeout(() => settle(fallback()), options.budgetMs);
      });
      options.token?.onCancellationRequested(() => {
        if (entry.answered) return;
        if (timer !== undefined) clearTimeout(timer);
        entry.answered = true;
        this.send({ type: 'cancel', id });
        reject(cancelled());
      });
      this.send({ type: 'request', id, request });
    });
  }

  dispose(): void {
    clearInterval(this.watchdog);
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): void {
    // Through the code cache: the open arriving right after initialize does not wait for V8 to compile the bundle.
    const start: WorkerStart = { bundle: this.options.bundle, codeCacheDir: this.options.codeCacheDir === undefined ? defaultCodeCacheDir() : this.options.codeCacheDir, docsBase: this.options.docsBase };
    // The server's entry may have started this thread already (startWorkerEarly.ts).
    const early = takeEarlyWorker(start);
    const worker = early?.worker ?? startWorkerThread(start);
    // The new worker has handed nothing out yet: its first answer per uri carries the items.
    this.diagnosticResults.clear();
    this.ready = new Promise<void>((resolve) => (this.markReady = resolve));
    this.isReady = false;
    this.worker = worker;
    this.work = undefined;
    worker.on('message', (message: FromWorker) => {
      if (this.worker === worker) this.receive(message);
    });
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.options.log(`meshlens: the analysis worker failed: ${error.stack ?? error.message}; restarting it.`);
      this.restart(undefined);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.options.log(`meshlens: the analysis worker exited (code ${code}); restarting it.`);
      this.restart(undefined);
    });
    this.send({ type: 'budget', hardMs: this.options.budgets.hardMs, graphEdges: this.options.budgets.graphEdges });
    if (this.settings) this.send({ type: 'settings', settings: this.settings });
    if (this.folders.length > 0) this.send({ type: 'folders', folders: this.folders });
    for (const [uri, lines] of this.viewports) this.send({ type: 'viewport', uri, lines });
    for (const document of this.options.documents()) this.sync(document);
    early?.handOver();
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'response': {
        const entry = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!entry) return;
        if (message.error) this.options.log(`meshlens: ${entry.kind} failed in the analysis worker: ${message.error}`);
        if (message.cancelled || message.error) {
          entry.fail();
          return;
        }
        if (entry.kind === 'diagnostics' && message.result) {
          const diagnostics = this.diagnosticResults.receive(message.result as DiagnosticsAnswer);
          if (diagnostics) entry.resolve(diagnostics);
          else entry.fail();
          return;
        }
        entry.resolve(message.result);
        return;
      }
      case 'ready':
        this.failedStarts = 0;
        this.isReady = true;
        this.markReady();
        return;
      case 'working':
        this.work = { uri: message.uri, lastSign: performance.now() };
        return;
      case 'alive':
        if (this.work) this.work.lastSign = performance.now();
        return;
      case 'idle':
        this.work = undefined;
        return;
      case 'diagnostics': {
        const diagnostics = this.diagnosticResults.receive({ uri: message.uri, version: message.version, items: message.items });
        if (!diagnostics) return;
        this.lastResults.set(`diagnostics ${message.uri}`, { key: `${message.version} ${JSON.stringify({ kind: 'diagnostics', uri: message.uri })}`, value: diagnostics });
        this.options.onDiagnostics(diagnostics);
        return;
      }
      case 'stopped':
        this.stopped.set(message.uri, message.version);
        return;
      case 'log':
        this.options.log(message.message);
        return;
      case 'resync': {
        const document = this.options.documents().find((d) => d.uri === message.uri);
        if (document) this.sync(document);
        return;
      }
      case 'cluster':
        this.options.onCluster?.(message.report);
        return;
    }
  }

  /** A worker silent past the hard budget while working on one file is stuck in it: restart without that file. */
  private checkWorker(): void {
    if (!this.work || performance.now() - this.work.lastSign <= this.options.budgets.hardMs) return;
    if (this.work.uri !== '') {
      this.restart(this.work.uri);
      return;
    }
    // A workspace-wide step (the traffic model of every file on disk) is no document's fault; doing it again
    // would hang again, so the new worker analyses the open documents only.
    this.options.log(`meshlens: the workspace pass ran past ${this.options.budgets.hardMs} ms; the workspace folders${this.settings?.cluster.enabled ? ' and the cluster' : ''} are left out of the analysis until the server restarts.`);
    this.folders = [];
    // The cluster's objects are workspace files too: reading them again would hang again.
    if (this.settings?.cluster.enabled) this.settings = { ...this.settings, cluster: { ...this.settings.cluster, enabled: false } };
    this.restart(undefined);
  }

  private restart(offender: string | undefined): void {
    const old = this.worker;
    this.worker = undefined;
    void old?.terminate();
    if (offender) {
      const document = this.options.documents().find((d) => d.uri === offender);
      if (document) this.stopped.set(offender, document.version);
      this.options.log(`meshlens: analysis of ${offender} ran past ${this.options.budgets.hardMs} ms; the analysis worker was restarted without it. The next edit retries.`);
    }
    // Requests the old worker never answered get their fallback now (stale or empty).
    for (const entry of this.pending.values()) entry.fail();
    this.pending.clear();
    if (!this.isReady) this.failedStarts += 1;
    if (this.failedStarts >= MAX_FAILED_STARTS) {
      this.options.log(`meshlens: the analysis worker failed to start ${MAX_FAILED_STARTS} times (${this.options.bundle}); requests get empty answers.`);
      // Budgets run from now: every request gets its fallback.
      this.markReady();
      this.ready = Promise.resolve();
      return;
    }
    this.start();
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
