// THE finding merge: what a file reports, from the per-document pass, the enforcement pitfalls (ML4xxx) and
// the traffic-graph findings (ML5xxx). The editor and `meshlens check` both read it through the snapshot,
// so they cannot disagree on which findings a file has.
import type { FileAnalysis } from '../analyzeFile';
import { capFindings } from '../findings/capFindings';
import { withoutSupersededFindings } from '../enforcement/pitfalls/withoutSupersededFindings';
import type { Finding } from '../model/finding';
import { shiftFinding } from '../rebaseDocumentAnalysis';
import { reportedFindings } from './reportedFindings';

/**
 * `policy-files`: the editor runs on every YAML file, so files with no policy document stay silent and other
 * known kinds get nothing (reportedFindings.ts). `every-file`: the CLI checks exactly what it was given.
 */
export type ReportScope = 'policy-files' | 'every-file';

export interface FindingSources {
  readonly scope: ReportScope;
  /** Undefined when the file was not analysed (too large, unread, stopped). */
  readonly analysis?: FileAnalysis;
  /** About the file as a whole: decoding (ML0005), the size limit (ML0006), the time budget. */
  readonly fileFindings: readonly Finding[];
  /** ML4xxx of the file's policy documents against the workspace. */
  readonly enforcement: readonly Finding[];
  /** ML5xxx of the file's policies in the traffic model. */
  readonly graph: readonly Finding[];
}

/**
 * File-level, graph, per-document and enforcement findings, ordered by position (ties keep that order), capped
 * with one ML0012 summary so a pathological file cannot flood the editor or a report.
 */
export function mergeFindings(sources: FindingSources): Finding[] {
  const { analysis } = sources;
  const documentFindings = analysis ? (sources.scope === 'policy-files' ? reportedFindings(analysis) : analysis.findings) : [];
  // A per-document finding restated more precisely by a workspace pitfall is shown once (ML3016 → ML4007).
  const shown = analysis ? withoutSupersededFindings(analysis, documentFindings, sources.enforcement) : [];
  return byPosition(capFindings([...sources.fileFindings, ...sources.graph, ...shown, ...sources.enforcement]));
}

/** Findings some of which are still to be moved: `deltas[i]` is what to add to `findings[i]`'s offsets. */
export interface MovedFindings {
  readonly findings: readonly Finding[];
  readonly deltas: readonly number[];
}

/**
 * The same merge for a provisional answer whose per-document and carried workspace findings sit where their
 * documents were analysed (an edit moved the documents after it: documentSegments.ts): the cap reads severities
 * and order only, so it runs first and only the findings it keeps are moved. `moved` lists file-level, graph,
 * per-document (those `reportedFindings` keeps, none of which a workspace finding may supersede: the caller checks
 * `mayBeSuperseded`) and workspace findings, in that order.
 */
export function mergeMovedFindings(moved: MovedFindings): Finding[] {
  const { findings: all, deltas } = moved;
  const kept = capFindings(all);
  // The cap keeps its input's objects in their order, after one new summary when it left some out.
  let k = kept.length > 0 && kept[0].code === 'ML0012' && !all.includes(kept[0]) ? 1 : 0;
  for (let i = 0; i < all.length && k < kept.length; i++) {
    if (all[i] !== kept[k]) continue;
    kept[k] = shiftFinding(all[i], deltas[i]);
    k += 1;
  }
  return byPosition(kept);
}

/** Ordered by position; ties keep their order. */
function byPosition(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, order) => ({ finding, order }))
    .sort((a, b) => a.finding.span.start - b.finding.span.start || a.finding.span.end - b.finding.span.end || a.order - b.order)
    .map((entry) => entry.finding);
}
