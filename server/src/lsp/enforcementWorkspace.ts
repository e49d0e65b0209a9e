// The enforcement workspace of the language server: every open document's analysis plus the
// meshlens.istio.dataplaneMode override, for inlay hints, and the ML4xxx findings the diagnostics add.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis } from '../analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace, type AnalysedFile } from '../analysis/enforcement/analyzeEnforcement';
import type { EnforcementWorkspace } from '../analysis/enforcement/enforcementWorkspace';
import type { Finding } from '../analysis/model/finding';
import type { ServerContext } from './serverContext';

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
