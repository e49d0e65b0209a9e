// The composition root of the language server: creates the per-server state (documents, analysis cache,
// settings), declares capabilities, and registers one handler module per feature. Reads like a table of
// contents; the work happens in handlers/ and in the pure analysis core.
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeParams, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { schemaAt } from '../analysis/schema/schemaCatalog';
import { AnalysisCache } from './analysisCache';
import { EnforcementFindingsCache } from './enforcementFindingsCache';
import { makeGuard } from './guarded';
import { SettingsStore } from './settingsStore';
import { TrafficWorkspace } from './trafficWorkspace';
import type { ServerContext } from './serverContext';
import { refreshDiagnostics, registerDiagnostics, scheduleGraphFindings } from './handlers/diagnostics';
import { registerCompletion } from './handlers/completion';
import { registerHover } from './handlers/hover';
import { registerInlayHints } from './handlers/inlayHints';
import { registerTrafficGraph } from './handlers/trafficGraph';
import { registerExplainFlow } from './handlers/explainFlow';
import { registerExportTrafficGraph } from './handlers/exportTrafficGraph';
import { registerPing } from './handlers/ping';

/** Analyses kept for at most this many files; older ones are re-analysed on demand. */
const MAX_CACHED_FILES = 200;

export interface ServerOptions {
  /** Where docs/diagnostics.md lives; defaults to the repository/extension root next to dist/. */
  readonly docsBase?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const documents = new TextDocuments(TextDocument);
  let clientPullsDiagnostics = false;
  let clientPullsConfiguration = false;
  const settings = new SettingsStore(connection, () => clientPullsConfiguration);
  const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
  const cache = new AnalysisCache(MAX_CACHED_FILES, () => performance.now(), pause);
  const enforcement = new EnforcementFindingsCache(() => performance.now(), pause);
  const context: ServerContext = {
    connection,
    documents,
    cache,
    settings,
    enforcement,
    traffic: new TrafficWorkspace(),
    guard: makeGuard(connection),
    schemaAt,
    docsBase: options.docsBase ?? pathToFileURL(path.resolve(__dirname, '..', 'docs', 'diagnostics.md')).href,
    pullDiagnostics: () => clientPullsDiagnostics,
    analysisOf: async (document) => {
      const { maxFileSizeMB } = await settings.settingsFor(document.uri);
      return cache.analysisOf(document, maxFileSizeMB * 1024 * 1024);
    },
    log: (message) => connection.console.log(message),
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    clientPullsDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
    clientPullsConfiguration = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' '] },
        hoverProvider: true,
        inlayHintProvider: true,
        ...(clientPullsDiagnostics ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'meshlens' },
    };
  });

  registerDiagnostics(context);
  registerCompletion(context);
  registerHover(context);
  registerInlayHints(context);
  registerTrafficGraph(context);
  registerExplainFlow(context);
  registerExportTrafficGraph(context);
  registerPing(context);

  connection.onDidChangeConfiguration(
    context.guard('didChangeConfiguration', async (params) => {
      settings.changed(params.settings);
      cache.clear();
      enforcement.workspaceChanged();
      await refreshDiagnostics(context);
      scheduleGraphFindings(context);
    }, undefined),
  );
  // ML4xxx findings depend on every open document: any change makes the enforcement workspace new.
  documents.onDidChangeContent(() => enforcement.workspaceChanged());
  documents.onDidClose((event) => {
    cache.evict(event.document.uri);
    settings.forget(event.document.uri);
    enforcement.forget(event.document.uri);
    enforcement.workspaceChanged();
  });

  documents.listen(connection);
  connection.listen();
}
