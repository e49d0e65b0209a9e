// Bounds how many findings one file reports: beyond the cap, the most severe are kept (in their original
// order) and one ML0012 summary says how many were left out. Pure and idempotent, so a caller that merges
// several capped lists (per document, per file, workspace findings) can cap the merged list again.
import type { Finding, Severity } from '../model/finding';
import { span } from '../model/sourceSpan';
import { makeFinding } from './findingCodes';

/** Findings reported for one file at most (plus the summary). */
export const MAX_FINDINGS_PER_FILE = 500;

const SUMMARY_CODE = 'ML0012';
const severityRank: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/**
 * At most `max` findings plus one summary when any were left out. Earlier summaries in the input are folded
 * into the new one, so capping twice never reports a summary of a summary. `documentIndex` places the summary
 * in that document (at `at`); without it the summary is file-level at offset 0.
 */
export function capFindings(findings: readonly Finding[], max: number = MAX_FINDINGS_PER_FILE, place: { documentIndex?: number; at?: number } = {}): Finding[] {
  const summaries = findings.filter((f) => f.code === SUMMARY_CODE);
  const plain = summaries.length === 0 ? findings : findings.filter((f) => f.code !== SUMMARY_CODE);
  const earlierLeftOut = summaries.reduce((sum, f) => sum + leftOutCount(f), 0);
  if (plain.length <= max && summaries.length <= 1) return [...findings];
  const keep = plain.length <= max ? new Set(plain) : mostSevere(plain, max);
  const kept = plain.filter((f) => keep.has(f));
  // Counted, not listed: past the cap (every keystroke in such a file) the left-out findings are most of the file's.
  const leftByRank = [0, 0, 0, 0];
  for (const f of plain) if (!keep.has(f)) leftByRank[severityRank[f.severity]] += 1;
  if (earlierLeftOut + plain.length - kept.length === 0) return kept;
  return [capSummary(leftByRank, earlierLeftOut, max, place), ...kept];
}

/** A finding's place in the cap's order: error 0, warning 1, information 2, hint 3. */
export function severityRankOf(finding: Finding): number {
  return severityRank[finding.severity];
}

/**
 * Where the cap falls for a list of `countsByRank` findings (per severity rank, no summaries) above `max`: every
 * finding of a rank below `cut` is kept, and the first `room` of rank `cut` in the list's order.
 */
export function capCut(countsByRank: readonly number[], max: number = MAX_FINDINGS_PER_FILE): { readonly cut: number; readonly room: number } {
  let room = max;
  let cut = 0;
  while (cut < countsByRank.length && countsByRank[cut] <= room) room -= countsByRank[cut++];
  return { cut, room };
}

/** The one ML0012 summary for `leftByRank` findings left out (per severity rank), after `earlierLeftOut` left out before. */
export function capSummary(leftByRank: readonly number[], earlierLeftOut = 0, max: number = MAX_FINDINGS_PER_FILE, place: { documentIndex?: number; at?: number } = {}): Finding {
  const leftOut = earlierLeftOut + leftByRank.reduce((sum, n) => sum + n, 0);
  const bySeverity = (['error', 'warning', 'information', 'hint'] as const)
    .map((severity) => [severity, leftByRank[severityRank[severity]]] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  const detail = bySeverity.length > 0 && earlierLeftOut === 0 ? ` (${bySeverity.join(', ')})` : '';
  const at = place.at ?? 0;
  return makeFinding(
    SUMMARY_CODE,
    span(at, at),
    `${leftOut} more findings${detail} were left out: meshlens reports at most ${max} per file, the most severe first.`,
    place.documentIndex,
  );
}

/** How many findings a summary produced by capFindings stands for. */
export function leftOutCount(summary: Finding): number {
  const match = /^(\d+) more findings/.exec(summary.message);
  return match ? Number(match[1]) : 0;
}

function mostSevere(findings: readonly Finding[], max: number): Set<Finding> {
  // The first findings of the file win ties within a severity: count per severity, find the severity where the
  // cap falls, then keep everything more severe and the first of that severity (one pass, no sort: this runs on
  // every keystroke in a file past the cap).
  const counts = [0, 0, 0, 0];
  for (const finding of findings) counts[severityRank[finding.severity]] += 1;
  const at = capCut(counts, max);
  const cut = at.cut;
  let room = at.room;
  const keep = new Set<Finding>();
  for (const finding of findings) {
    const rank = severityRank[finding.severity];
    if (rank < cut) keep.add(finding);
    else if (rank === cut && room > 0) {
      keep.add(finding);
      room -= 1;
    }
  }
  return keep;
}
