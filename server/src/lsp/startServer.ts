// The composition root of the language server's main thread: keeps the documents, the settings and the
// connection, starts the analysis worker (dist/analysisWorker.cjs, which owns the analysis host), forwards
// every change to it in order, and registers one handler module per feature. The main thread never analyses:
// each request goes to the worker with a time budget (worker/budgets.ts), so the editor never waits on analysis.
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult, type TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { DeferredTextDocument } from './deferredTextDocument';
import { makeGuard } from './guarded';
import { SettingsStore } from './settingsStore';
import type { ServerContext } from './serverContext';
import { diagnosticsSink, registerDiagnostics } from './handlers/diagnostics';
import { registerCompletion } from './handlers/completion';
import { registerHover } from './handlers/hover';
import { registerInlayHints } from './handlers/inlayHints';
import { registerTrafficGraph } from './handlers/trafficGraph';
import { registerExplainFlow } from './handlers/explainFlow';
import { registerExportTrafficGraph } from './handlers/exportTrafficGraph';
import { registerConnectivityDiff } from './handlers/connectivityDiff';
import { registerPing } from './handlers/ping';
import { registerVisibleRanges } from './handlers/visibleRanges';
import { authoringCapabilities, registerAuthoring } from './handlers/authoring';
import { AnalysisWorkerClient } from './worker/analysisWorkerClient';
import { defaultWorkerStart } from './worker/startedWorker';
import { budgetsFrom, defaultBudgets, type AnalysisBudgets } from './worker/budgets';
import { ClusterProgress } from './clusterProgress';

export interface ServerOptions {
  /** Where docs/diagnostics.md lives; defaults to the repository/extension root next to dist/. */
  readonly docsBase?: string;
  /** The worker bundle; defaults to analysisWorker.cjs next to this bundle (dist/). */
  readonly workerBundle?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  // The editor's changes of each document, kept from `update` until onDidChangeContent forwards them: only the
  // changed ranges cross to the worker, which applies them to its own copy (not the whole text per keystroke).
  const pendingEdits = new Map<string, { fromVersion: number; changes: TextDocumentContentChangeEvent[] }>();
  const documents = new TextDocuments<DeferredTextDocument>({
    create: (uri, languageId, version, content) => {
      pendingEdits.delete(uri);
      return new DeferredTextDocument(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      const pending = pendingEdits.get(document.uri);
      if (pending) pending.changes.push(...changes);
      else pendingEdits.set(document.uri, { fromVersion: document.version, changes: [...changes] });
      return document.update(changes, version);
    },
  });
  let clientPullsDiagnostics = false;
  let clientPullsConfiguration = false;
  let clientRefreshesInlayHints = false;
  let clientShowsProgress = false;
  let budgets: AnalysisBudgets = defaultBudgets;
  let worker: AnalysisWorkerClient | undefined;
  const settings = new SettingsStore(connection, () => clientPullsConfiguration);
  const defaults = defaultWorkerStart(__dirname);
  const docsBase = options.docsBase ?? defaults.docsBase;
  const log = (message: string) => connection.console.log(message);
  const openDocuments = () => documents.all().map((d) => ({ uri: d.uri, version: d.version, text: d.getText() }));

  const context: ServerContext = {
    connection,
    documents,
    settings,
    analysis: () => {
      if (!worker) throw new Error('the analysis worker is not started (no initialize yet)');
      return worker;
    },
    get budgets() {
      return budgets;
    },
    guard: makeGuard(connection),
    pullDiagnostics: () => clientPullsDiagnostics,
    log,
  };
  const sink = diagnosticsSink(context);
  const cluster = new ClusterProgress(connection, () => clientShowsProgress, () => worker?.cancelCluster(), log);

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientPullsDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
    clientPullsConfiguration = params.capabilities.workspace?.configuration === true;
    clientRefreshesInlayHints = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    clientShowsProgress = params.capabilities.window?.workDoneProgress === true;
    budgets = budgetsFrom(params.initializationOptions);
    worker = new AnalysisWorkerClient({
      bundle: options.workerBundle ?? defaults.bundle,
      docsBase,
      budgets,
      documents: openDocuments,
      onDiagnostics: sink.deliver,
      onLateInlayHints: () => {
        if (clientRefreshesInlayHints) void connection.languages.inlayHint.refresh().catch(() => undefined);
      },
      log,
      onCluster: (report) => cluster.report(report),
    });
    const folders = (params.workspaceFolders ?? []).map((f) => f.uri);
    if (folders.length === 0 && params.rootUri) folders.push(params.rootUri);
    if (folders.length > 0) worker.setFolders(folders);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' '] },
        hoverProvider: true,
        inlayHintProvider: true,
        ...authoringCapabilities,
        ...(clientPullsDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'meshlens' },
    };
  });

  const reloadSettings = async (pushed?: unknown) => {
    const current = await settings.reload(pushed);
    worker?.setSettings(current);
  };
  connection.onInitialized(() => void reloadSettings().catch((error: unknown) => log(`meshlens: reading settings failed: ${String(error)}`)));

  registerDiagnostics(context);
  registerCompletion(context);
  registerHover(context);
  registerInlayHints(context);
  registerTrafficGraph(context);
  registerExplainFlow(context);
  registerExportTrafficGraph(context);
  registerConnectivityDiff(context);
  registerPing(context);
  registerAuthoring(context);
  registerVisibleRanges(context);

  connection.onDidChangeConfiguration(
    context.guard('didChangeConfiguration', async (params) => {
      await reloadSettings(params.settings);
      // Pull clients re-pull; push clients get the worker's changed diagnostics after its quiet period.
      if (clientPullsDiagnostics) await connection.languages.diagnostics.refresh();
    }, undefined),
  );
  // In order, before any request that follows: the worker's revision matches what the editor shows.
  documents.onDidChangeContent((event) => {
    const { uri, version } = event.document;
    const edit = pendingEdits.get(uri);
    pendingEdits.delete(uri);
    // With an edit only the changes cross; the text is read (and the main thread's copy brought up to date) otherwise.
    const document = event.document;
    worker?.sync({ uri, version, get text() { return document.getText(); } }, edit);
  });
  documents.onDidClose((event) => {
    pendingEdits.delete(event.document.uri);
    sink.forget(event.document.uri);
    worker?.close(event.document.uri);
  });
  connection.onShutdown(() => worker?.dispose());

  documents.listen(connection);
  connection.listen();
}
