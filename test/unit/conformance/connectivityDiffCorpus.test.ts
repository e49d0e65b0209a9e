// Scores the netpol-analyzer `diff` truth data of ../shared/corpus/diff (each case: ref1/, ref2/, upstream's
// expected diff_between_<ref2>_and_<ref1>.txt; np-guard/netpol-analyzer pkg/netpol/diff/diff_test.go TestDiff)
// through meshlens's connectivity diff: every case must pass, and the scorer must notice a wrong answer.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiffLine, runDiffCases, scoreDiffCase } from '../../../server/src/conformance/connectivityDiff';
import { requireResource } from '../../support/requirement';

const corpus = path.resolve(__dirname, '../../../../shared/corpus');
const present = requireResource(`the diff corpus ${corpus}/diff`, existsSync(path.join(corpus, 'diff')), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

describe.skipIf(!present)('netpol-analyzer diff corpus', () => {
  const report = present ? runDiffCases(corpus) : { passed: 0, failed: 0, cases: [] };

  it('passes every case, pair by pair', () => {
    const failures = report.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.mismatches.slice(0, 3).join(' | ')}`);
    expect(failures).toEqual([]);
    expect(report.cases.length).toBeGreaterThanOrEqual(14);
    expect(formatDiffLine(report)).toBe(`diff: ${report.cases.length} passed, 0 failed`);
  });

  it('checks every expected line (28 changed ipBlock pairs; the 0-byte files expect no change)', () => {
    expect(report.cases.find((c) => c.name === 'netpol-analyzer-diff--ipblockstest--ipblockstest_2')?.checked).toBe(28);
    expect(report.cases.find((c) => c.name === 'netpol-analyzer-diff--ipblockstest_2--ipblockstest_3')?.checked).toBe(0);
  });
});

describe('diff case scoring', () => {
  const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: default}
spec: {selector: {matchLabels: {app: ${name}}}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: c, image: x}]}}}
`;
  const denyAll = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: default}
spec: {podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress]}
`;
  const ref1 = [{ file: 'w.yaml', text: `${deployment('a')}---\n${deployment('b')}` }];
  const ref2 = [...ref1, { file: 'np.yaml', text: denyAll }];
  const removed = [
    'Connectivity diff:',
    'diff-type: removed, source: 0.0.0.0-255.255.255.255[External], destination: default/b[Deployment], ref1: All Connections, ref2: No Connections',
    'diff-type: removed, source: default/a[Deployment], destination: default/b[Deployment], ref1: All Connections, ref2: No Connections',
  ].join('\n');

  it('passes when the lines are the same set', () => {
    expect(scoreDiffCase({ name: 'deny added', ref1, ref2, expected: removed })).toMatchObject({ passed: true, checked: 2 });
  });

  it('fails on a missing or an extra line', () => {
    const result = scoreDiffCase({ name: 'deny added', ref1, ref2, expected: '' });
    expect(result.passed).toBe(false);
    expect(result.mismatches).toHaveLength(2);
    expect(scoreDiffCase({ name: 'no change', ref1, ref2: ref1, expected: removed }).passed).toBe(false);
  });
});
