// The analysis host of one CLI run: every file read from the command line is a document of it (a file the
// reader skipped for its size keeps its ML0006 and stays out of the workspace).
import { AnalysisHost, type HostSettings, type WorkspaceFile } from '../analysis/host/analysisHost';
import type { SourceFile } from './readSourceFiles';
import type { SchemaSet } from '../analysis/schema/schemaSet';

export function sourceHost(files: readonly SourceFile[], settings: Partial<HostSettings> = {}, clusterFiles: readonly WorkspaceFile[] = [], schemas?: SchemaSet): AnalysisHost {
  const host = new AnalysisHost({ ...settings, scope: 'every-file' });
  // `--crd` / the cluster's CRDs: the user's own CRD versions validate instead of the bundled ones (cli/crdOption.ts).
  if (schemas) host.setSchemaSet(schemas);
  // `--cluster`: the cluster's objects are workspace files, context for the files given (cli/clusterOption.ts).
  if (clusterFiles.length > 0) host.setWorkspaceFiles(clusterFiles);
  for (const source of files) host.applyChange(source.path, source.text, { readFindings: source.findings, unread: !source.analysable });
  return host;
}
