// The enforcement workspace of the language server: every open document's analysis plus the
// meshlens.istio.dataplaneMode override, for inlay hints, hover and the ML4xxx diagnostics.
import { buildEnforcementWorkspace, type AnalysedFile } from '../analysis/enforcement/analyzeEnforcement';
import type { EnforcementWorkspace } from '../analysis/enforcement/enforcementWorkspace';
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
