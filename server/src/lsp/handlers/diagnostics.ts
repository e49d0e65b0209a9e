// Diagnostics: answered on textDocument/diagnostic when the client pulls, else pushed. Both come from the
// analysis worker (snapshot.diagnostics: the one finding merge). A pull waits at most the diagnostics budget,
// then answers the last diagnostics of the same document version, or none; when the late result arrives the
// client is asked to pull again. The worker also reports, after a quiet period, every open document whose
// diagnostics changed because another file changed (ML4xxx, ML5xxx): push clients get a new publish, pull
// clients a diagnostics refresh.
import { DocumentDiagnosticReportKind, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { ServerContext } from '../serverContext';
import type { VersionedDiagnostics } from '../worker/workerProtocol';

export function registerDiagnostics(context: ServerContext): void {
  const { connection, documents, guard } = context;
  const empty: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };
  connection.languages.diagnostics.on(
    guard<Parameters<Parameters<typeof connection.languages.diagnostics.on>[0]>[0], DocumentDiagnosticReport>(
      'diagnostics',
      async (params, token) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return empty;
        await context.settings.current();
        const result = await context.analysis().request(
          { kind: 'diagnostics', uri: document.uri },
          { budgetMs: context.budgets.diagnosticsMs, version: document.version, empty: null, token },
        );
        // Equal items share a resultId (worker/diagnosticResults.ts), whatever the version: a client that still
        // shows that result keeps it. The answer is computed every time, so other files' changes are never missed.
        if (result?.resultId !== undefined && result.resultId === params.previousResultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: result.resultId };
        return { kind: DocumentDiagnosticReportKind.Full, items: result?.items ?? [], ...(result?.resultId !== undefined ? { resultId: result.resultId } : {}) };
      },
      empty,
    ),
  );
  documents.onDidClose((event) => {
    if (!context.pullDiagnostics()) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
}

/** Creates the sink for diagnostics the worker reports on its own (background changes, late answers). */
export function diagnosticsSink(context: ServerContext): { deliver: (diagnostics: VersionedDiagnostics) => void; forget: (uri: string) => void } {
  /** Last version pushed per uri with its items, so the same diagnostics are not sent twice. */
  const pushed = new Map<string, string>();
  let refreshPending = false;
  const forget = (uri: string) => void pushed.delete(uri);
  const deliver = (diagnostics: VersionedDiagnostics) => {
    const document = context.documents.get(diagnostics.uri);
    // Diagnostics of an older version would sit at stale ranges; the newer version's come soon.
    if (!document || document.version !== diagnostics.version) return;
    if (context.pullDiagnostics()) {
      if (refreshPending) return;
      refreshPending = true;
      // One refresh for a burst of changed documents.
      setImmediate(() => {
        refreshPending = false;
        void context.connection.languages.diagnostics.refresh().catch(() => undefined);
      });
      return;
    }
    const print = `${diagnostics.version}\n${JSON.stringify(diagnostics.items)}`;
    if (pushed.get(diagnostics.uri) === print) return;
    pushed.set(diagnostics.uri, print);
    void context.connection.sendDiagnostics({ uri: diagnostics.uri, version: diagnostics.version, diagnostics: diagnostics.items }).catch(() => undefined);
  };
  return { deliver, forget };
}
