// Diagnostics: answered on textDocument/diagnostic when the client pulls, else pushed after every open
// and change (and cleared on close). Either way they come from the same cached analysis.
import { DocumentDiagnosticReportKind, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../serverContext';
import { toDiagnostic } from '../toLsp';

export function registerDiagnostics(context: ServerContext): void {
  const { connection, documents, guard } = context;

  const diagnosticsOf = async (document: TextDocument) => {
    const result = await context.analysisOf(document);
    return result.findings.map((finding) => toDiagnostic(document, finding, context.docsBase));
  };

  connection.languages.diagnostics.on(
    guard<Parameters<Parameters<typeof connection.languages.diagnostics.on>[0]>[0], DocumentDiagnosticReport>(
      'diagnostics',
      async (params) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        const resultId = `${document.version}:${context.settings.generation}`;
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: await diagnosticsOf(document) };
      },
      { kind: DocumentDiagnosticReportKind.Full, items: [] },
    ),
  );

  const push = guard<TextDocument, void>(
    'publishDiagnostics',
    async (document) => {
      if (context.pullDiagnostics()) return;
      const diagnostics = await diagnosticsOf(document);
      // A newer version may have arrived while settings were fetched; its own push will follow.
      if (documents.get(document.uri)?.version !== document.version) return;
      await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
    },
    undefined,
  );
  documents.onDidChangeContent((event) => void push(event.document));
  documents.onDidClose((event) => {
    if (!context.pullDiagnostics()) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
}

/** After a settings change: pull clients are asked to re-pull; push clients get fresh diagnostics. */
export async function refreshDiagnostics(context: ServerContext): Promise<void> {
  if (context.pullDiagnostics()) {
    await context.connection.languages.diagnostics.refresh();
    return;
  }
  for (const document of context.documents.all()) {
    const result = await context.analysisOf(document);
    await context.connection.sendDiagnostics({
      uri: document.uri,
      version: document.version,
      diagnostics: result.findings.map((finding) => toDiagnostic(document, finding, context.docsBase)),
    });
  }
}
