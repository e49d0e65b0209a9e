// The analysis worker's logic: owns the AnalysisHost, applies the main thread's changes in order, answers
// requests from the snapshot of the revision they were asked at, converted to LSP shapes (toLsp.ts).
// Open documents are analysed in slices of about SLICE_MS, one YAML document at a time, between which newly
// arrived messages are handled: completion never waits for an analysis; hover, hints and diagnostics (which
// need every open document, for the workspace) wait in arrival order. A diagnostics request gets the host's
// provisional answer (workspace findings of unchanged documents carried over); 150 ms after the last change
// the settle pass computes the settled answer of every open document and reports those that differ, holding
// back while hover and completion keep coming (interactiveHold.ts). A file whose sliced analysis runs past
// the hard budget is stopped here (one ML0020); a single step that never returns is the main thread's job.
import { AnalysisHost, type HostSettings, type WorkspaceFile } from '../../analysis/host/analysisHost';
import type { MeshlensSettings } from '../../protocol/settings';
import type { TrafficGraph } from '../../protocol/trafficGraph';
import { renderGraphText } from '../../analysis/graph/output/graphText';
import type { ExplainFlowParams, ExplainFlowResult } from '../../protocol/explainFlow';
import { toCompletionItem, toHover } from '../toLsp';
import { WorkspaceYamlFiles } from '../workspaceYamlFiles';
import type { EditExtent } from '../../analysis/host/editedAnalysis';
import { WorkerDocument } from './workerDocument';
import { defaultBudgets } from './budgets';
import { ClusterFeed } from './clusterFeed';
import { SchemaFeed } from './schemaFeed';
import { withClusterFindings, withControlPlaneHover } from './controlPlaneAnswers';
import { withFactOrigins } from '../../cluster/factOrigins';
import type { WorkspaceValueIndex } from '../../analysis/features/workspaceValues';
import { codeActionsAnswer, codeLensesAnswer, documentSymbolsAnswer, flowChangeAnswer, locationsAnswer } from './authoringAnswers';
import { BaseRevision } from '../../analysis/diff/baseRevision';
import { compareWithBase } from './compareWithBase';
import { ViewportAnswers } from './viewportAnswers';
import type { FromWorker, ToWorker, VersionedDiagnostics, WorkerOptions, WorkerRequest, WorkerResults } from './workerProtocol';
import { diagnosticsSplices, type DiagnosticsAnswer } from './diagnosticResults';
import { InteractiveHold } from './interactiveHold';
import { ConvertedDiagnostics } from './convertedDiagnostics';

/** Analysis runs in slices of about this many milliseconds, then handles waiting messages. */
const SLICE_MS = 5;
/**
 * Quiet time after the last keystroke before every open document's diagnostics are rechecked for changes. Only typing
 * waits for it: after an open, a close, new settings or a folder scan the pass falls due at once (and runs when the
 * analysis is done), so a small file's settled answer does not sit out a quiet period nobody asked for.
 */
export const SETTLE_DELAY_MS = 150;
/** At most one `alive` heartbeat per this many milliseconds. */
const HEARTBEAT_MS = 200;
/** The CLI's default edge bound, so an export equals `meshlens graph` on the same files. */
const MAX_EXPORT_EDGES = 50000;
/** How to add what a "no workload" answer is missing, in editor terms (the CLI says it in its own). */
const addWorkloadsHint = 'Open the folder that holds the workload manifests (Deployment, Pod, …) as a workspace folder, or name an entity, IP/CIDR or fqdn:<name> instead.';

type RequestMessage = Extract<ToWorker, { type: 'request' }>;

/** Authoring requests read the file's analysis (and the workspace model), like hover. */
const authoringKinds: ReadonlySet<WorkerRequest['kind']> = new Set(['codeActions', 'documentSymbols', 'definition', 'references', 'codeLenses']);

export function hostSettingsOf(settings: MeshlensSettings): Partial<HostSettings> {
  return {
    maxFileSizeMB: settings.maxFileSizeMB,
    dataplaneMode: settings.istio.dataplaneMode,
    defaultNamespace: settings.defaultNamespace,
    annotations: settings.annotations.enabled,
    scope: 'policy-files',
  };
}

export class AnalysisService {
  private readonly host: AnalysisHost;
  private readonly documents = new Map<string, WorkerDocument>();
  private readonly disk = new WorkspaceYamlFiles();
  private folders: string[] = [];
  /** Files named by graph requests outside the folders (a focus file that is not open). */
  private readonly extraFiles = new Set<string>();
  private readonly queue: ToWorker[] = [];
  private readonly parked: RequestMessage[] = [];
  /** Workspace-wide requests waiting for the folder scan in flight (they answer from the files it reads). */
  private readonly waitingForScan: RequestMessage[] = [];
  private scanning: Promise<void> | undefined;
  private scanAgain = false;
  private readonly cancelled = new Set<number>();
  /** The diagnostics last handed out per uri, so the settle pass reports only changes (compared there, not per request). */
  private readonly handedOut = new Map<string, VersionedDiagnostics>();
  private preparing: Generator<string, void, void> | undefined;
  private readonly spent = new Map<string, number>();
  private hardMs = Number.POSITIVE_INFINITY;
  /** Bound on the graph answer, so a huge workspace degrades to a partial graph (which says so) instead of a stalled client. */
  private maxGraphEdges = defaultBudgets.graphEdges;
  private scheduled = false;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** When the last edit arrived (the worker's clock): the settle pass keeps its quiet period after typing only. */
  private lastTypedAt: number | undefined;
  /** The settle pass is due (its quiet period passed) / running, in slices like the analysis. */
  private settleDue = false;
  private settling: Generator<void, void, void> | undefined;
  private lastHeartbeat = 0;
  private busy = false;
  /** The live cluster's objects join each scan's files (meshlens.cluster.*; off by default). */
  private readonly cluster = new ClusterFeed((report) => this.post({ type: 'cluster', report }), () => this.clusterChanged());
  /** The user's own CRD versions (meshlens.schemas.crdFiles, the cluster's CRDs), read with each scan. */
  private readonly schemaFeed = new SchemaFeed();
  /** The files of the last folder scan, which a cluster change joins again without reading the folders. */
  private lastScan: readonly WorkspaceFile[] | undefined;
  /** The cluster CRDs the last scan read (names and resourceVersions): a change to them needs a scan (schemas). */
  private lastClusterCrds = '';
  /** The last workspace values built, so completion after an edit does not wait for the new model. */
  private lastValues: WorkspaceValueIndex | undefined;
  /** The compare mode's base revision, kept between requests so a live diff only updates what changed. */
  private readonly baseRevision = new BaseRevision();
  /** First, partial diagnostics of the documents an editor shows (viewportAnswers.ts). */
  private readonly viewportAnswers = new ViewportAnswers();
  /** The file the main thread was last told this worker is working on (told again only when it changes). */
  private working: string | undefined;
  /** The settle pass waits while hover and completion requests keep coming (interactiveHold.ts). */
  private readonly hold = new InteractiveHold();
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  /** Each open document's last diagnostics in wire form: an answer converts only the findings an edit touched. */
  private readonly converted: ConvertedDiagnostics;

  constructor(
    private readonly options: WorkerOptions,
    private readonly post: (message: FromWorker) => void,
    private readonly now: () => number = () => performance.now(),
    /** Takes a message that arrived while a slice runs (the worker's port, synchronously), so a request waits for one step, not the slice. */
    private readonly pull: () => ToWorker | undefined = () => undefined,
  ) {
    this.host = new AnalysisHost({ scope: 'policy-files' }, (uri) => this.workingOn(uri));
    this.converted = new ConvertedDiagnostics(options.docsBase);
  }

  receive(message: ToWorker): void {
    if (message.type === 'cancel') {
      this.cancelled.add(message.id);
      return;
    }
    this.queue.push(message);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.run();
    });
  }

  private run(): void {
    if (!this.busy) {
      this.busy = true;
      this.lastHeartbeat = this.now();
    }
    let changed = false;
    while (this.queue.length > 0) changed = this.handle(this.queue.shift()!) || changed;
    if (changed) this.scheduleSettle();
    if (!this.host.isPrepared()) {
      this.slice();
      this.handOutViewports();
      this.heartbeat();
      this.schedule();
      return;
    }
    // Hover is cheap and the user is pointing: it goes before the diagnostics and other answers parked with it.
    const parked = this.parked.splice(0);
    for (const request of parked) if (request.request.kind === 'hover') this.answer(request);
    for (const request of parked) if (request.request.kind !== 'hover') this.answer(request);
    if (this.settleDue) {
      this.settleDue = false;
      this.settling = this.settleJob();
    }
    if (this.settling) {
      const wait = this.hold.waitAt(this.now);
      if (wait > 0) {
        this.resumeAfter(wait);
        return;
      }
      this.settleSlice();
      this.heartbeat();
      if (this.settling) {
        this.schedule();
        return;
      }
    }
    this.busy = false;
    this.working = undefined;
    this.post({ type: 'idle' });
  }

  private resumeAfter(ms: number): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = setTimeout(() => {
      this.holdTimer = undefined;
      this.schedule();
    }, Math.ceil(ms));
  }

  /** Takes the messages that arrived during this slice; true when one waits to be handled (the slice gives way). */
  private arrived(): boolean {
    for (let message = this.pull(); message; message = this.pull()) this.receive(message);
    return this.queue.length > 0;
  }

  /**
   * Tells the main thread which file a step is about, once per file: between steps on the same file the
   * heartbeat says the worker is alive (a 'working' per YAML document cost a message each).
   */
  private workingOn(uri: string): void {
    if (uri === this.working) return;
    this.working = uri;
    this.post({ type: 'working', uri });
  }

  /** The partial answers of documents whose viewport is analysed: to a pull waiting for them, else posted. */
  private handOutViewports(): void {
    for (const result of this.viewportAnswers.ready(this.host, (uri) => this.documents.get(uri), this.options.docsBase)) {
      this.handedOut.set(result.uri, result);
      const waiting = this.parked.filter((m) => m.request.kind === 'diagnostics' && m.request.uri === result.uri);
      let delivered = false;
      for (const message of waiting) {
        this.parked.splice(this.parked.indexOf(message), 1);
        if (this.cancelled.delete(message.id)) {
          this.post({ type: 'response', id: message.id, cancelled: true });
          continue;
        }
        this.post({ type: 'response', id: message.id, result });
        delivered = true;
      }
      // The main thread must hold what was handed out: the next answer may be splices from it (diagnosticResults.ts).
      if (!delivered) this.post({ type: 'diagnostics', ...result });
    }
  }

  /** Applies one message; true when it changed the host's inputs. */
  private handle(message: ToWorker): boolean {
    switch (message.type) {
      case 'sync':
        return this.changed(WorkerDocument.create(message.uri, message.version, message.text), message.stoppedAfterMs);
      case 'edit': {
        const known = this.documents.get(message.uri);
        if (!known || known.version !== message.fromVersion) {
          // Not the text the edit was made on (never expected): drop the copy and ask for the whole text.
          this.documents.delete(message.uri);
          this.post({ type: 'resync', uri: message.uri });
          return false;
        }
        const { document, extent } = known.applyChanges(message.changes, message.version);
        this.lastTypedAt = this.now();
        return this.changed(document, message.stoppedAfterMs, extent);
      }
      case 'viewport':
        this.host.setViewport(message.uri, message.lines);
        this.viewportAnswers.setShown(message.uri, message.lines.length > 0);
        return false;
      case 'close':
        this.viewportAnswers.setShown(message.uri, false);
        this.documents.delete(message.uri);
        this.handedOut.delete(message.uri);
        this.converted.forget(message.uri);
        this.host.closeDocument(message.uri);
        return true;
      case 'settings':
        this.host.setSettings(hostSettingsOf(message.settings));
        this.cluster.configure(message.settings.cluster, message.settings.defaultNamespace);
        if (this.schemaFeed.configure(message.settings.schemas.crdFiles)) this.rescan();
        return true;
      case 'clusterCancel':
        this.cluster.cancel();
        return false;
      case 'folders':
        this.folders = [...message.folders];
        this.rescan();
        return true;
      case 'budget':
        this.hardMs = message.hardMs;
        if (message.graphEdges !== undefined) this.maxGraphEdges = message.graphEdges;
        return false;
      case 'request':
        if (message.request.kind === 'hover' || message.request.kind === 'completion') this.hold.noteRequest(this.now());
        if (this.readsWorkspaceFolders(message.request)) {
          this.includeScope(message.request.kind === 'exportTrafficGraph' ? message.request.folderUri : message.request.params.folderUri, message.request.kind === 'exportTrafficGraph' || message.request.kind === 'connectivityDiff' ? undefined : message.request.params.focusUri);
          if (this.scanning) {
            this.waitingForScan.push(message);
            return false;
          }
        }
        if (this.needsPreparedHost(message.request) && !this.host.isPrepared()) this.parked.push(message);
        else this.answer(message);
        return false;
      case 'cancel':
        return false;
    }
  }

  /** The worker's copy of an open document changed: the host gets its text. */
  private changed(document: WorkerDocument, stoppedAfterMs: number | undefined, extent?: EditExtent): boolean {
    this.documents.set(document.uri, document);
    this.converted.edited(document.uri, extent);
    this.host.applyChange(document.uri, document.content, stoppedAfterMs === undefined ? {} : { stoppedAfterMs }, extent);
    this.spent.delete(document.uri);
    return true;
  }

  private readsWorkspaceFolders(request: WorkerRequest): request is Extract<WorkerRequest, { kind: 'trafficGraph' | 'explainFlow' | 'exportTrafficGraph' | 'flowChange' | 'connectivityDiff' }> {
    return request.kind === 'trafficGraph' || request.kind === 'explainFlow' || request.kind === 'exportTrafficGraph' || request.kind === 'flowChange' || request.kind === 'connectivityDiff';
  }

  /** Hover, hints and diagnostics read the enforcement workspace, which needs every open document analysed. */
  private needsPreparedHost(request: WorkerRequest): boolean {
    return request.kind === 'diagnostics' || request.kind === 'hover' || request.kind === 'inlayHints' || authoringKinds.has(request.kind);
  }

  /** Runs the pending analyses for about SLICE_MS; a file past the hard budget in total is stopped. */
  private slice(): void {
    const started = this.now();
    this.preparing ??= this.host.prepare();
    let stepStart = started;
    // At least one step per slice, so the analysis always moves on.
    do {
      const step = this.preparing.next();
      const at = this.now();
      if (step.done) {
        this.preparing = undefined;
        return;
      }
      const total = (this.spent.get(step.value) ?? 0) + (at - stepStart);
      this.spent.set(step.value, total);
      stepStart = at;
      if (total > this.hardMs) {
        this.stop(step.value);
        return;
      }
    } while (this.now() - started < SLICE_MS && !this.arrived());
  }

  private stop(uri: string): void {
    const document = this.documents.get(uri);
    this.preparing = undefined;
    this.spent.delete(uri);
    if (!document) return;
    this.host.applyChange(uri, document.content, { stoppedAfterMs: this.hardMs });
    this.post({ type: 'stopped', uri, version: document.version });
    this.post({ type: 'log', message: `meshlens: analysis of ${uri} ran past ${this.hardMs} ms and was stopped; the next edit retries.` });
    this.scheduleSettle();
  }

  private heartbeat(): void {
    const at = this.now();
    if (at - this.lastHeartbeat < HEARTBEAT_MS) return;
    this.lastHeartbeat = at;
    this.post({ type: 'alive' });
  }

  private answer(message: RequestMessage): void {
    if (this.cancelled.delete(message.id)) {
      this.post({ type: 'response', id: message.id, cancelled: true });
      return;
    }
    try {
      this.post({ type: 'response', id: message.id, result: this.compute(message.request) });
    } catch (error) {
      this.post({ type: 'response', id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }

  private compute(request: WorkerRequest): WorkerResults[WorkerRequest['kind']] | DiagnosticsAnswer {
    const snapshot = this.host.snapshot();
    switch (request.kind) {
      case 'diagnostics': {
        // The editor is waiting: a provisional answer; the settle pass follows up if the settled one differs.
        const result = this.diagnosticsOf(request.uri, 'provisional');
        if (!result) return result;
        const before = this.handedOut.get(result.uri);
        this.handedOut.set(result.uri, result);
        // Most keystrokes change no diagnostic or a few: the main thread still has the items (diagnosticResults.ts).
        if (!before) return result;
        const splices = diagnosticsSplices(before.items, result.items);
        const changed = splices.reduce((sum, splice) => sum + splice.items.length, 0);
        return changed < result.items.length / 2 ? { uri: result.uri, version: result.version, splices } : result;
      }
      case 'hover': {
        const document = this.documents.get(request.uri);
        const offset = document?.offsetAt(request.position);
        const hover = document && withControlPlaneHover(snapshot, request.uri, offset ?? 0, snapshot.hover(request.uri, offset ?? 0), this.cluster.statusLookup());
        return document && hover ? toHover(document, hover) : null;
      }
      case 'inlayHints': {
        const document = this.documents.get(request.uri);
        if (!document) return [];
        const range = { start: document.offsetAt(request.range.start), end: document.offsetAt(request.range.end) };
        return snapshot.inlayHints(request.uri, range).map((hint) => ({ position: document.positionAt(hint.offset), label: hint.label, paddingLeft: true, tooltip: hint.tooltip }));
      }
      case 'completion': {
        const document = this.documents.get(request.uri);
        if (!document) return [];
        const offset = document.offsetAt(request.position);
        const schema = snapshot.completion(request.uri, offset, request.triggerCharacter);
        // Workspace values (labels, namespaces, principals, ports): this revision's model if built, else the last
        // one the settle pass built. Completion never builds the model itself: that would make the editor wait.
        const indenting = request.triggerCharacter === ' ' && document.getText({ start: { line: request.position.line, character: 0 }, end: request.position }).trim() === '';
        const values = indenting ? undefined : (snapshot.workspaceValues(true) ?? this.lastValues);
        const fromWorkspace = values ? snapshot.valueCompletion(request.uri, offset, values) : [];
        const labels = new Set(fromWorkspace.map((s) => s.label));
        return [...fromWorkspace, ...schema.filter((s) => !labels.has(s.label))].map((s) => toCompletionItem(document, s));
      }
      case 'codeActions': {
        const document = this.documents.get(request.uri);
        return document ? codeActionsAnswer(snapshot, document, request.range, request.diagnostics, (uri) => this.documents.get(uri)) : [];
      }
      case 'documentSymbols': {
        const document = this.documents.get(request.uri);
        return document ? documentSymbolsAnswer(snapshot, document) : [];
      }
      case 'definition':
      case 'references': {
        const document = this.documents.get(request.uri);
        if (!document) return [];
        const offset = document.offsetAt(request.position);
        const spans = request.kind === 'definition' ? snapshot.definitions(request.uri, offset) : snapshot.references(request.uri, offset);
        return locationsAnswer(snapshot, spans, (uri) => this.documents.get(uri));
      }
      case 'codeLenses': {
        const document = this.documents.get(request.uri);
        return document ? codeLensesAnswer(snapshot, document, this.maxGraphEdges) : [];
      }
      case 'flowChange':
        return flowChangeAnswer(snapshot, request.params, (uri) => this.documents.get(uri));
      case 'trafficGraph':
        return this.trafficGraph(request.params.focusUri);
      case 'explainFlow':
        return this.explainFlow(request.params);
      case 'exportTrafficGraph': {
        const { graph, truncated } = snapshot.trafficGraph({ maxEdges: MAX_EXPORT_EDGES });
        return { format: request.format, text: renderGraphText(graph, request.format), truncated };
      }
      case 'connectivityDiff':
        return compareWithBase(this.baseRevision, snapshot, request.params);
    }
  }

  private diagnosticsOf(uri: string, answer: 'provisional' | 'settled'): VersionedDiagnostics | null {
    const document = this.documents.get(uri);
    if (!document) return null;
    const snapshot = this.host.snapshot();
    const own = answer === 'settled' ? snapshot.diagnostics(uri) : snapshot.provisionalDiagnostics(uri).findings;
    const findings = withClusterFindings(snapshot, uri, own, this.cluster.statusLookup());
    return { uri, version: document.version, items: this.converted.convert(document, findings) };
  }

  /** A request's folder and focus file join the workspace (once); a new one starts a scan. */
  private includeScope(folderUri: string | undefined, focusUri: string | undefined): void {
    let rescan = false;
    if (folderUri && !this.folders.includes(folderUri)) {
      this.folders.push(folderUri);
      rescan = true;
    }
    if (focusUri && !this.documents.has(focusUri) && !this.extraFiles.has(focusUri)) {
      this.extraFiles.add(focusUri);
      rescan = true;
    }
    if (rescan) this.rescan();
  }

  private trafficGraph(focusUri: string | undefined): TrafficGraph {
    const snapshot = this.host.snapshot();
    const { graph } = snapshot.trafficGraph({ ...(focusUri ? { focusUri } : {}), maxEdges: this.maxGraphEdges });
    return this.cluster.active() ? withFactOrigins(graph, snapshot.traffic().model.inventory) : graph;
  }

  private explainFlow(params: ExplainFlowParams): ExplainFlowResult {
    const protocol = params.protocol ?? 'TCP';
    const request = params.request ? { method: params.request.method ?? 'GET', path: params.request.path ?? '/', headers: params.request.headers ?? {} } : undefined;
    const snapshot = this.host.snapshot();
    const answer = snapshot.explainFlow({ from: params.from, to: params.to, protocol, port: protocol === 'ICMP' ? 0 : params.port, ...(request ? { request } : {}) });
    if ('error' in answer) return { error: `${answer.endpoint}: ${answer.error}.${answer.missing === 'no-workloads' ? ` ${addWorkloadsHint}` : ''}` };
    return { explanation: answer.result, basis: { dataplaneMode: snapshot.settings.dataplaneMode, defaultNamespace: snapshot.settings.defaultNamespace } };
  }

  /**
   * Reads the workspace folders again, off the thread's critical path (the scan is asynchronous): the host gets
   * the new files when it ends; a change then makes a settle pass due, and requests that waited for it run.
   */
  private rescan(): void {
    if (this.scanning) {
      this.scanAgain = true;
      return;
    }
    this.scanning = this.disk
      .scan(this.folders, [...this.extraFiles])
      .then(async (files) => {
        const schemas = await this.schemaFeed.read(this.folders, this.cluster.crdInputs());
        for (const note of schemas.notes ?? []) this.post({ type: 'log', message: `meshlens: ${note}` });
        const open = [...this.documents.values()].map((d) => ({ uri: d.uri, text: d.getText() }));
        const schemasChanged = this.host.setSchemaSet(schemas.schemas);
        this.lastScan = files;
        if (this.host.setWorkspaceFiles(this.cluster.with(files, open)) || schemasChanged) this.scheduleSettle();
        const { stoppedBy, largeFilesSkipped } = this.disk.lastReport;
        if (stoppedBy) this.post({ type: 'log', message: `meshlens: the workspace scan stopped at its ${stoppedBy} limit; the graph and workspace findings are partial.` });
        if (largeFilesSkipped > 0) this.post({ type: 'log', message: `meshlens: ${largeFilesSkipped} workspace YAML file(s) above the scan's size limit were left out.` });
      })
      .catch((error: unknown) => this.post({ type: 'log', message: `meshlens: workspace scan failed: ${error instanceof Error ? error.message : String(error)}` }))
      .finally(() => {
        this.scanning = undefined;
        if (this.scanAgain) {
          this.scanAgain = false;
          this.rescan();
          return;
        }
        this.queue.unshift(...this.waitingForScan.splice(0));
        this.schedule();
      });
  }

  /** The cluster's objects changed (a watch event, a load, off): only its files are new, the folders are as scanned. */
  private clusterChanged(): void {
    const crds = JSON.stringify(this.cluster.crdInputs().map((c) => (c.object as { metadata?: { name?: string; resourceVersion?: string } }).metadata));
    const crdsChanged = crds !== this.lastClusterCrds;
    this.lastClusterCrds = crds;
    if (!this.lastScan || this.scanning || crdsChanged) {
      this.rescan();
      return;
    }
    const open = [...this.documents.values()].map((d) => ({ uri: d.uri, text: d.getText() }));
    if (this.host.setWorkspaceFiles(this.cluster.with(this.lastScan, open))) this.scheduleSettle();
  }

  private scheduleSettle(): void {
    // A change makes a running settle pass outdated: drop it and wait for the next quiet period.
    this.settling = undefined;
    this.settleDue = false;
    if (this.settleTimer !== undefined) clearTimeout(this.settleTimer);
    const sinceTyped = this.lastTypedAt === undefined ? Number.POSITIVE_INFINITY : this.now() - this.lastTypedAt;
    this.settleTimer = setTimeout(() => {
      this.settleTimer = undefined;
      this.settleDue = true;
      this.schedule();
    }, Math.max(0, SETTLE_DELAY_MS - sinceTyped));
  }

  private settleSlice(): void {
    const started = this.now();
    try {
      do {
        if (this.settling?.next().done !== false) {
          this.settling = undefined;
          return;
        }
      } while (this.now() - started < SLICE_MS && !this.arrived());
    } catch (error) {
      this.settling = undefined;
      this.post({ type: 'log', message: `meshlens: background diagnostics failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
    }
  }

  /**
   * After a quiet period, in slices: re-reads the folders (a saved or new file changes the graph findings),
   * settles every open document's diagnostics on the current snapshot and tells the main thread about those that
   * differ from what it was last handed. Any change meanwhile drops the pass (scheduleSettle).
   */
  private *settleJob(): Generator<void, void, void> {
    if (this.folders.length > 0 || this.extraFiles.size > 0 || this.cluster.active() || this.schemaFeed.active()) this.rescan();
    yield;
    const snapshot = this.host.snapshot();
    for (const uri of [...this.documents.keys()]) {
      yield* snapshot.settleSteps(uri);
      // The merge, then the conversion, each a step of its own: hover and completion wait for one step at most.
      snapshot.diagnostics(uri);
      yield;
      const result = this.diagnosticsOf(uri, 'settled');
      if (!result) continue;
      const before = this.handedOut.get(uri);
      // Items reused from the last answer (convertedDiagnostics.ts) compare as pointers: no serialising of the list.
      if (before && before.version === result.version && diagnosticsSplices(before.items, result.items).length === 0) continue;
      this.handedOut.set(uri, result);
      this.post({ type: 'diagnostics', ...result });
    }
    yield;
    // The model is built now: completion after the next edit reads these values until that revision's model exists.
    this.lastValues = snapshot.workspaceValues(true) ?? this.lastValues;
  }
}
