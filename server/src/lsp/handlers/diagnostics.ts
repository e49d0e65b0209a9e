// Diagnostics: answered on textDocument/diagnostic when the client pulls, else pushed after every open
// and change (and cleared on close). Both come from the cached analysis plus the enforcement pitfalls
// (ML4xxx); when those were partly carried over from before an edit, a background pass settles them and
// the client is refreshed (pull: diagnostics/refresh; push: a new publish). The traffic-graph findings
// (ML5xxx: selectors matching no workload, …) need every YAML file of the workspace, so they come only from
// a background pass after a quiet period, on the shared incremental traffic session.
import { DocumentDiagnosticReportKind, type Diagnostic, type DocumentDiagnosticReport } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../analysis/model/finding';
import type { ServerContext } from '../serverContext';
import { toDiagnostic } from '../toLsp';
import { enforcementWorkspaceFor } from '../enforcementWorkspace';
import { withoutSupersededFindings } from '../../analysis/enforcement/pitfalls/withoutSupersededFindings';
import { workspaceFolderUris } from '../workspaceYamlFiles';

/** Quiet time after the last change before carried-over enforcement findings are recomputed. */
const SETTLE_DELAY_MS = 250;

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
        // No resultId: findings of an unchanged version can still change when other documents change.
        const { items } = await diagnosticsOf(context, document);
        return { kind: DocumentDiagnosticReportKind.Full, items };
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
  documents.onDidChangeContent((event) => {
    void push(event.document);
    scheduleGraphFindings(context);
  });
  documents.onDidClose((event) => {
    scheduleGraphFindings(context);
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

/**
 * After SETTLE_DELAY_MS without another call: brings the traffic session up to the workspace and, when some
 * open document's ML5xxx findings changed, refreshes diagnostics. Unchanged files cost a stat and a compare.
 */
export function scheduleGraphFindings(context: ServerContext): void {
  const pass = context.guard('graphFindings', async () => {
    const folders = await workspaceFolderUris(context);
    const files = await context.traffic.files.collect(context, folders);
    const { defaultNamespace, istio } = await context.settings.settingsFor(folders[0] ?? '');
    const changed = context.traffic.updateFindings(files, defaultNamespace, istio.dataplaneMode);
    if ([...changed].some((uri) => context.documents.get(uri))) await refreshDiagnostics(context);
  }, undefined);
  context.traffic.schedule(() => void pass(undefined), SETTLE_DELAY_MS);
}

async function diagnosticsOf(context: ServerContext, document: TextDocument): Promise<{ version: number; items: Diagnostic[] }> {
  const result = await context.analysisOf(document);
  let findings: Finding[] = [...result.findings];
  if (result.analysis && result.analysis.documents.some((d) => d.policy)) {
    // Enforcement pitfalls (ML4xxx) need the other open documents (Namespaces, other policies).
    const workspace = await enforcementWorkspaceFor(context, document.uri);
    const enforcement = context.enforcement.findingsFor(document.uri, result.version, result.analysis, workspace);
    // A per-document finding restated more precisely by a pitfall is shown once (ML3016 → ML4007).
    findings = withoutSupersededFindings(result.analysis, findings, enforcement.findings);
    findings.push(...enforcement.findings);
    findings.push(...context.traffic.findingsFor(document.uri, document.getText()));
    if (!enforcement.settled) {
      const analysis = result.analysis;
      const settle = context.guard('settleEnforcement', async () => {
        if (!(await context.enforcement.recompute(document.uri, enforcement.stamp, analysis, workspace, result.version))) return;
        await refreshDiagnostics(context);
      }, undefined);
      // Wait for a pause in typing: each keystroke makes a new workspace, and the recompute would be wasted.
      setTimeout(() => void settle(undefined), SETTLE_DELAY_MS);
    }
  }
  return { version: result.version, items: findings.map((finding) => toDiagnostic(document, finding, context.docsBase)) };
}
