// THE finding merge: what a file reports, from the per-document pass, the enforcement pitfalls (ML4xxx) and
// the traffic-graph findings (ML5xxx). The editor and `meshlens check` both read it through the snapshot,
// so they cannot disagree on which findings a file has.
import type { FileAnalysis } from '../analyzeFile';
import { capCut, capFindings, capSummary, MAX_FINDINGS_PER_FILE, severityRankOf } from '../findings/capFindings';
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

/**
 * Findings still to be moved, listed in the merge's order: `visit` gives each with what to add to its offsets.
 * `counts` are per severity rank (capFindings.ts), then how many are ML0012 summaries; the merge skips a group
 * the cap keeps nothing of without visiting it.
 */
export interface FindingGroup {
  readonly counts: readonly number[];
  visit(each: (finding: Finding, delta: number) => void): void;
}

/** Counts of `findings` as a FindingGroup has them. */
export function groupCounts(findings: readonly Finding[]): number[] {
  const counts = [0, 0, 0, 0, 0];
  for (const f of findings) {
    if (f.code === 'ML0012') counts[4] += 1;
    else counts[severityRankOf(f)] += 1;
  }
  return counts;
}

/**
 * The same merge for a provisional answer whose per-document and carried workspace findings sit where their
 * documents were analysed (an edit moved the documents after it: documentSegments.ts): the cap reads severities
 * and order only, so it is decided from the groups' counts first and only the findings it keeps are visited and
 * moved; a file past the cap costs its groups' count and the kept findings. `groups` list file-level, graph,
 * per-document (those `reportedFindings` keeps, none of which a workspace finding may supersede: the caller checks
 * `mayBeSuperseded`) and workspace findings, in that order.
 */
export function mergeFindingGroups(groups: readonly FindingGroup[]): Finding[] {
  const total = [0, 0, 0, 0, 0];
  for (const group of groups) for (let r = 0; r < 5; r++) total[r] += group.counts[r];
  const plain = total[0] + total[1] + total[2] + total[3];
  if (total[4] > 0 || plain <= MAX_FINDINGS_PER_FILE) {
    // Summaries to fold in, or nothing to leave out: the list itself through the one cap.
    const all: Finding[] = [];
    const deltas: number[] = [];
    for (const group of groups) {
      group.visit((finding, delta) => {
        all.push(finding);
        deltas.push(delta);
      });
    }
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
  // As capFindings over the joined list: every finding more severe than the cut, the first `room` of the cut's.
  const { cut } = capCut(total);
  let { room } = capCut(total);
  const kept: Finding[] = [];
  const keptByRank = [0, 0, 0, 0];
  for (const group of groups) {
    let more = false;
    for (let r = 0; r < cut; r++) if (group.counts[r] > 0) more = true;
    if (!more && (room === 0 || group.counts[cut] === 0)) continue;
    group.visit((finding, delta) => {
      const rank = severityRankOf(finding);
      if (rank > cut || (rank === cut && room === 0)) return;
      if (rank === cut) room -= 1;
      keptByRank[rank] += 1;
      kept.push(shiftFinding(finding, delta));
    });
  }
  const left = [0, 1, 2, 3].map((r) => total[r] - keptByRank[r]);
  return byPosition([capSummary(left), ...kept]);
}

/** Ordered by position; ties keep their order. */
function byPosition(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, order) => ({ finding, order }))
    .sort((a, b) => a.finding.span.start - b.finding.span.start || a.finding.span.end - b.finding.span.end || a.order - b.order)
    .map((entry) => entry.finding);
}
