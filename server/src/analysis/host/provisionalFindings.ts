// The provisional diagnostics of a file (what an editor waiting on a keystroke gets: see
// AnalysisSnapshot.provisionalDiagnostics), read from the file's document segments (documentSegments.ts) so a
// keystroke costs the segments' count and the documents it changed, not the file: per segment, the carried
// workspace findings and the per-document findings are gathered once (keyed by the segment's document list,
// which an edit elsewhere does not change) and moved only if the cap keeps them (mergeFindingGroups).
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import { mayBeSuperseded } from '../enforcement/pitfalls/withoutSupersededFindings';
import type { Finding } from '../model/finding';
import { shiftFinding } from '../rebaseDocumentAnalysis';
import type { SettledFindings } from './analysisSnapshot';
import { documentSegmentsOf } from '../documentSegments';
import { groupCounts, mergeFindingGroups, mergeFindings, type FindingGroup, type ReportScope } from './mergeFindings';
import { movedGroup, reportedSegmentFindings } from './reportedFindings';

/** At most this many changed documents get their ML4xxx computed for a provisional answer; more wait for the settled one. */
export const MAX_FRESH_DOCUMENTS = 20;

/** The policy documents of a segment (whether the file has any, without reading every document). */
const policiesBySegment = new WeakMap<readonly DocumentAnalysis[], number>();

/** Whether some document of the analysis is a policy, counted per segment once. */
export function hasPolicyDocument(analysis: FileAnalysis): boolean {
  for (const segment of documentSegmentsOf(analysis).segments) {
    let count = policiesBySegment.get(segment.documents);
    if (count === undefined) {
      count = segment.documents.filter((d) => d.policy).length;
      policiesBySegment.set(segment.documents, count);
    }
    if (count > 0) return true;
  }
  return false;
}

/**
 * A segment's workspace findings as last settled, in document order: per document with settled findings, those
 * (as recorded) and what moves them to where the segment's documents were analysed; and the position in the
 * segment of each policy document the settled answer does not know (changed since). Nothing is copied, so
 * reading it again after a settle pass costs a lookup per document and no finding.
 */
interface SegmentCarry {
  readonly settled: SettledFindings | undefined;
  readonly parts: readonly ({ readonly findings: readonly Finding[]; readonly shift: number } | number)[];
  readonly carried: boolean;
  /** FindingGroup counts of the carried findings. */
  readonly counts: readonly number[];
}

const carryBySegment = new WeakMap<readonly DocumentAnalysis[], SegmentCarry>();

function segmentCarry(documents: readonly DocumentAnalysis[], settled: SettledFindings | undefined): SegmentCarry {
  const known = carryBySegment.get(documents);
  if (known && known.settled === settled) return known;
  const parts: SegmentCarry['parts'][number][] = [];
  const counts = [0, 0, 0, 0, 0];
  let carried = false;
  documents.forEach((document, i) => {
    if (!document.policy) return;
    const before = settled?.byDocument.get(document.yaml.syntax);
    if (!before) parts.push(i);
    else {
      carried = true;
      if (before.findings.length === 0) return;
      parts.push({ findings: before.findings, shift: document.yaml.start - before.start });
      groupCounts(before.findings).forEach((n, r) => (counts[r] += n));
    }
  });
  const carry = { settled, parts, carried, counts };
  carryBySegment.set(documents, carry);
  return carry;
}

/**
 * Reads the settled findings just recorded for `analysis` into its segments' memos, so the first keystroke after
 * a settle pass (whose untouched segments are these) does not look up every document.
 */
export function prepareCarry(analysis: FileAnalysis, settled: SettledFindings): void {
  for (const segment of documentSegmentsOf(analysis).segments) segmentCarry(segment.documents, settled);
}

export interface ProvisionalInput {
  readonly scope: ReportScope;
  readonly analysis: FileAnalysis;
  readonly fileFindings: readonly Finding[];
  /** The file's last settled workspace findings, if any. */
  readonly previous: SettledFindings | undefined;
  /** ML5xxx: the settled ones when the text is the one they were computed on, else none. */
  readonly graph: readonly Finding[];
  /** ML4xxx of one changed policy document (at its current offsets). */
  readonly enforcementOf: (document: DocumentAnalysis) => readonly Finding[];
}

/** The merged provisional findings, and whether any workspace finding was carried over or left out. */
export function provisionalFindings(input: ProvisionalInput): { readonly findings: Finding[]; readonly carried: boolean } {
  const { scope, analysis, fileFindings, previous, graph, enforcementOf } = input;
  const segments = documentSegmentsOf(analysis);
  // Groups in the merge's order (file-level, graph, per-document, workspace), each finding with its move.
  const head = [...fileFindings, ...graph];
  const groups: FindingGroup[] = [movedGroup(head, groupCounts(head), 0)];
  const documentGroups = scope === 'policy-files' ? reportedSegmentFindings(segments) : [];
  for (const group of documentGroups) groups.push(group);
  let carried = false;
  let fresh = 0;
  segments.segments.forEach((segment, s) => {
    const carry = segmentCarry(segment.documents, previous);
    if (carry.carried) carried = true;
    if (!carry.parts.some((part) => typeof part === 'number')) {
      if (carry.parts.length > 0) groups.push({ counts: carry.counts, visit: (each) => visitCarried(carry, segment.delta, each) });
      return;
    }
    // Documents changed since the settled answer: theirs computed now (a few), in document order with the carried.
    const findings: Finding[] = [];
    const deltas: number[] = [];
    for (const part of carry.parts) {
      if (typeof part !== 'number') {
        for (const f of part.findings) {
          findings.push(f);
          deltas.push(segment.delta + part.shift);
        }
      } else if (fresh < MAX_FRESH_DOCUMENTS) {
        fresh += 1;
        for (const f of enforcementOf(segments.at(segments.firstIndexOf(s) + part))) {
          findings.push(f);
          deltas.push(0);
        }
      } else {
        carried = true;
      }
    }
    groups.push({ counts: groupCounts(findings), visit: (each) => findings.forEach((f, i) => each(f, deltas[i])) });
  });
  let superseding = false;
  for (const group of documentGroups) group.visit((f) => (superseding ||= mayBeSuperseded(f)));
  if (scope === 'policy-files' && !superseding) return { findings: mergeFindingGroups(groups), carried };
  // A finding a workspace pitfall may supersede (or the CLI's scope): the merge over the moved document list.
  const enforcement: Finding[] = [];
  for (const group of groups.slice(1 + documentGroups.length)) group.visit((f, delta) => enforcement.push(shiftFinding(f, delta)));
  return { findings: mergeFindings({ scope, analysis, fileFindings, enforcement, graph }), carried };
}

function visitCarried(carry: SegmentCarry, delta: number, each: (finding: Finding, delta: number) => void): void {
  for (const part of carry.parts) if (typeof part !== 'number') for (const f of part.findings) each(f, delta + part.shift);
}
