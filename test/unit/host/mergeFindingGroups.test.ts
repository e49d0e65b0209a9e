// The provisional merge decides the cap from per-group severity counts and visits only groups it keeps findings
// of (mergeFindings.ts, mergeFindingGroups): for random groups (severities, summaries, sizes around the cap) it must
// give exactly the one merge's answer over the joined, moved list (capFindings, then ordered by position).
import { describe, expect, it } from 'vitest';
import { capFindings, MAX_FINDINGS_PER_FILE } from '../../../server/src/analysis/findings/capFindings';
import { makeFinding } from '../../../server/src/analysis/findings/findingCodes';
import { groupCounts, mergeFindingGroups, type FindingGroup } from '../../../server/src/analysis/host/mergeFindings';
import type { Finding, Severity } from '../../../server/src/analysis/model/finding';
import { span } from '../../../server/src/analysis/model/sourceSpan';
import { shiftFinding } from '../../../server/src/analysis/rebaseDocumentAnalysis';
import { seededRandom } from '../../support/seededRandom';

const severities: readonly Severity[] = ['error', 'warning', 'information', 'hint'];

function plainMerge(groups: readonly { findings: Finding[]; deltas: number[] }[]): Finding[] {
  const moved = groups.flatMap((g) => g.findings.map((f, i) => shiftFinding(f, g.deltas[i])));
  return capFindings(moved)
    .map((finding, order) => ({ finding, order }))
    .sort((a, b) => a.finding.span.start - b.finding.span.start || a.finding.span.end - b.finding.span.end || a.order - b.order)
    .map((e) => e.finding);
}

describe('the provisional merge over finding groups', () => {
  it('equals capFindings over the joined moved list, for random groups around the cap', () => {
    const next = seededRandom(99);
    for (let round = 0; round < 120; round++) {
      // Sizes below, at and far above the cap; some rounds with one severity only, some with earlier summaries.
      const total = [10, MAX_FINDINGS_PER_FILE, MAX_FINDINGS_PER_FILE + 1, 900, 3000][round % 5];
      const only = round % 7 === 0 ? severities[Math.floor(next() * 4)] : undefined;
      const groups: { findings: Finding[]; deltas: number[] }[] = [];
      let made = 0;
      while (made < total) {
        const size = Math.min(total - made, Math.floor(next() * (next() < 0.2 ? 200 : 12)));
        const findings: Finding[] = [];
        const deltas: number[] = [];
        // Some groups hold one severity only (what lets the merge skip them).
        const groupSeverity = next() < 0.5 ? severities[Math.floor(next() * 4)] : undefined;
        for (let i = 0; i < size; i++) {
          const severity = only ?? groupSeverity ?? severities[Math.floor(next() * 4)];
          const start = Math.floor(next() * 100_000);
          const summary = round % 11 === 3 && next() < 0.01;
          findings.push(summary ? makeFinding('ML0012', span(start, start), '7 more findings were left out: meshlens reports at most 500 per file, the most severe first.') : makeFinding('ML4010', span(start, start + Math.floor(next() * 40)), `finding ${made + i}`, undefined, { severity }));
          deltas.push(next() < 0.5 ? 0 : Math.floor(next() * 50) - 10);
        }
        groups.push({ findings, deltas });
        made += size;
      }
      const asGroups: FindingGroup[] = groups.map((g) => ({ counts: groupCounts(g.findings), visit: (each) => g.findings.forEach((f, i) => each(f, g.deltas[i])) }));
      expect(mergeFindingGroups(asGroups), `round ${round}`).toEqual(plainMerge(groups));
    }
  });
});
