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
  const left = plain.filter((f) => !keep.has(f));
  const leftOut = earlierLeftOut + left.length;
  if (leftOut === 0) return kept;
  const bySeverity = (['error', 'warning', 'information', 'hint'] as const)
    .map((severity) => [severity, left.filter((f) => f.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  const detail = bySeverity.length > 0 && earlierLeftOut === 0 ? ` (${bySeverity.join(', ')})` : '';
  const at = place.at ?? 0;
  const summary = makeFinding(
    SUMMARY_CODE,
    span(at, at),
    `${leftOut} more findings${detail} were left out: meshlens reports at most ${max} per file, the most severe first.`,
    place.documentIndex,
  );
  return [summary, ...kept];
}

/** How many findings a summary produced by capFindings stands for. */
export function leftOutCount(summary: Finding): number {
  const match = /^(\d+) more findings/.exec(summary.message);
  return match ? Number(match[1]) : 0;
}

function mostSevere(findings: readonly Finding[], max: number): Set<Finding> {
  // A stable sort keeps the original order within a severity, so the first findings of the file win ties.
  const ranked = findings.map((finding, i) => ({ finding, i })).sort((a, b) => severityRank[a.finding.severity] - severityRank[b.finding.severity] || a.i - b.i);
  return new Set(ranked.slice(0, max).map((r) => r.finding));
}
