// Diagnostics: answered on textDocument/diagnostic when the client pulls, else pushed after every open
// and change (and cleared on close). Either way they come from the same cached analysis.
import { DocumentDiagnosticReportKind, type Diagnostic, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { ServerContext } from '../serverContext';
import { toDiagnostic } from '../toLsp';
import { enforcementFindingsFor } from '../enforcementWorkspace';

export function registerDiagnostics(context: ServerContext): void {
  const { connection, documents, guard } = context;
  /** Last version pushed per uri: a superseded analysis resolves with the newer one, which is sent once. */
  const pushed = new Map<string, number>();

  connection.languages.diagnostics.on(
    guard<Parameters<Parameters<typeof connection.languages.diagnostics.on>[0]>[0], DocumentDiagnosticReport>(
      'diagnostics',
      async (params) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        if (params.previousResultId === resultIdOf(context, document.version)) {
          return { kind: DocumentDiagnosticReportKind.Unchanged, resultId: params.previousResultId };
        }
        const { version, items } = await diagnosticsOf(context, document);
        return { kind: DocumentDiagnosticReportKind.Full, resultId: resultIdOf(context, version), items };
      },
      { kind: DocumentDiagnosticReportKind.Full, items: [] },
    ),
  );

  const push = guard<TextDocument, void>(
    'publishDiagnostics',
    async (document) => {
      if (context.pullDiagnostics()) return;
      const { version, items } = await diagnosticsOf(context, document);
      if (!documents.get(document.uri) || pushed.get(document.uri) === version) return;
      pushed.set(document.uri, version);
      await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: items });
    },
    undefined,
  );
  documents.onDidChangeContent((event) => void push(event.document));
  documents.onDidClose((event) => {
    pushed.delete(event.document.uri);
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
    const { version, items } = await diagnosticsOf(context, document);
    await context.connection.sendDiagnostics({ uri: document.uri, version, diagnostics: items });
  }
}

async function diagnosticsOf(context: ServerContext, document: TextDocument): Promise<{ version: number; items: Diagnostic[] }> {
  const result = await context.analysisOf(document);
  // Enforcement pitfalls (ML4xxx) need the other open documents (Namespaces, other policies).
  const findings = [...result.findings, ...(await enforcementFindingsFor(context, document, result.analysis))];
  return { version: result.version, items: findings.map((finding) => toDiagnostic(document, finding, context.docsBase)) };
}

function resultIdOf(context: ServerContext, version: number): string {
  return `${version}:${context.settings.generation}`;
}
