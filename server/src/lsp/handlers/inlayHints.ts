// textDocument/inlayHint: `L7 · Envoy (node)` at the end of each rule's first line (features/inlayHints.ts),
// off when meshlens.annotations.enabled is false. The enforcement workspace is built from the open
// documents plus the meshlens.istio.dataplaneMode override; diagnostics can reuse enforcementFindingsFor.
import type { InlayHint, InlayHintParams } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../../analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace, type AnalysedFile } from '../../analysis/enforcement/analyzeEnforcement';
import type { EnforcementWorkspace } from '../../analysis/enforcement/enforcementWorkspace';
import { enforcementInlayHints } from '../../analysis/features/inlayHints';
import type { Finding } from '../../analysis/model/finding';
import type { ServerContext } from '../serverContext';

export function registerInlayHints(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.languages.inlayHint.on(
    guard<InlayHintParams, InlayHint[] | null>(
      'inlayHint',
      async (params) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        const settings = await context.settings.settingsFor(document.uri);
        if (!settings.annotations.enabled) return [];
        const { analysis } = await context.analysisOf(document);
        if (!analysis) return [];
        const workspace = await enforcementWorkspaceFor(context, document.uri);
        const range = { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) };
        return enforcementInlayHints(analysis, workspace, range).map((hint) => ({
          position: document.positionAt(hint.offset),
          label: hint.label,
          paddingLeft: true,
          tooltip: hint.tooltip,
        }));
      },
      null,
    ),
  );
}

/** The workspace context from every open document, under the settings of `uri`. */
export async function enforcementWorkspaceFor(context: ServerContext, uri: string): Promise<EnforcementWorkspace> {
  const settings = await context.settings.settingsFor(uri);
  const files: AnalysedFile[] = [];
  for (const open of context.documents.all()) {
    const { analysis } = await context.analysisOf(open);
    if (analysis) files.push({ key: open.uri, analysis });
  }
  return buildEnforcementWorkspace(files, settings.istio.dataplaneMode, settings.defaultNamespace);
}

/** ML4xxx findings of one open document against the open-documents workspace (for the diagnostics handler). */
export async function enforcementFindingsFor(context: ServerContext, document: TextDocument, analysis: FileAnalysis | undefined): Promise<Finding[]> {
  if (!analysis) return [];
  const workspace = await enforcementWorkspaceFor(context, document.uri);
  return analyzeEnforcement(analysis, workspace).flatMap((d) => d.findings);
}
