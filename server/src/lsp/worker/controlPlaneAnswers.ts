// The worker's side of "what the control plane said" (cluster/controlPlaneStatus.ts): an open policy's diagnostics
// gain ML5030 (and say the cluster's part in ML5001–ML5005) and its hover a section, while a live cluster is read;
// nothing changes without one.
import type { AnalysisSnapshot } from '../../analysis/host/analysisSnapshot';
import type { HoverResult } from '../../analysis/features/hover';
import type { Finding } from '../../analysis/model/finding';
import { controlPlaneFindings, controlPlaneHover, type ClusterStatusLookup } from '../../cluster/controlPlaneStatus';
import { withClusterScope } from '../../cluster/factOrigins';

type Lookup = { readonly context: string; readonly lookup: ClusterStatusLookup } | undefined;

/** The file's findings as they read with the cluster connected (cluster scope in ML5001–ML5005 messages), with ML5030 added. */
export function withClusterFindings(snapshot: AnalysisSnapshot, uri: string, findings: readonly Finding[], cluster: Lookup): readonly Finding[] {
  const analysis = cluster && snapshot.analysis(uri);
  if (!analysis || !cluster) return findings;
  return [...findings.map((f) => withClusterScope(f, cluster.context)), ...controlPlaneFindings(analysis, findings, cluster.lookup, cluster.context, snapshot.settings.defaultNamespace)];
}

/** The hover with the control plane's section appended; a hover of that section alone where there was none. */
export function withControlPlaneHover(snapshot: AnalysisSnapshot, uri: string, offset: number, hover: HoverResult | undefined, cluster: Lookup): HoverResult | undefined {
  const analysis = cluster && snapshot.analysis(uri);
  if (!analysis || !cluster) return hover;
  const section = controlPlaneHover(analysis, offset, snapshot.provisionalDiagnostics(uri).findings, cluster.lookup, cluster.context, snapshot.settings.defaultNamespace);
  if (!section) return hover;
  return hover ? { ...hover, markdown: `${hover.markdown}\n\n---\n\n${section}` } : { markdown: section, span: { start: offset, end: offset } };
}
