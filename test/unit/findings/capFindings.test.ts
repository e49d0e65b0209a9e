import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { capFindings, leftOutCount, MAX_FINDINGS_PER_FILE } from '../../../server/src/analysis/findings/capFindings';
import { makeFinding } from '../../../server/src/analysis/findings/findingCodes';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { span } from '../../../server/src/analysis/model/sourceSpan';

const info = (i: number): Finding => makeFinding('ML4013', span(i, i + 1), `info ${i}`);
const error = (i: number): Finding => makeFinding('ML0001', span(i, i + 1), `error ${i}`);

describe('capFindings', () => {
  it('returns a list within the cap unchanged', () => {
    const findings = [info(1), error(2)];
    expect(capFindings(findings, 2)).toEqual(findings);
  });

  it('keeps the most severe, in their order, and says how many were left out', () => {
    const findings = [info(0), info(1), error(2), info(3), error(4)];
    const capped = capFindings(findings, 3);
    expect(capped).toHaveLength(4);
    const [summary, ...kept] = capped;
    expect(kept.map((f) => f.message)).toEqual(['info 0', 'error 2', 'error 4']);
    expect(summary.code).toBe('ML0012');
    expect(summary.message).toBe('2 more findings (2 information) were left out: meshlens reports at most 3 per file, the most severe first.');
    expect(leftOutCount(summary)).toBe(2);
  });

  it('folds earlier summaries into one when a merged list is capped again', () => {
    const first = capFindings([info(0), info(1), info(2)], 1);
    const second = capFindings([error(9), error(8)], 1);
    const merged = capFindings([...first, ...second], 1);
    const summaries = merged.filter((f) => f.code === 'ML0012');
    expect(summaries).toHaveLength(1);
    // 2 + 1 left out earlier, plus 1 of the two kept ones now.
    expect(leftOutCount(summaries[0])).toBe(4);
    expect(merged.filter((f) => f.code !== 'ML0012').map((f) => f.message)).toEqual(['error 9']);
  });

  it('caps a file with thousands of findings in the analysis facade', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n${Array.from({ length: 1200 }, () => 'x: 1\n').join('')}`;
    const analysis = analyzeText(text);
    expect(analysis.findings.length).toBe(MAX_FINDINGS_PER_FILE + 1);
    const [summary] = analysis.findings.filter((f) => f.code === 'ML0012');
    expect(leftOutCount(summary)).toBe(1199 - MAX_FINDINGS_PER_FILE);
    // The per-document list (what the editor reads) is capped too, with the summary in that document.
    expect(analysis.documents[0].findings).toHaveLength(MAX_FINDINGS_PER_FILE + 1);
    expect(analysis.documents[0].findings.find((f) => f.code === 'ML0012')?.documentIndex).toBe(0);
  });
});
