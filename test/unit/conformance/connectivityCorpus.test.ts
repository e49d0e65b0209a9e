// Runs the connectivity truth data of ../shared/corpus (netpol-analyzer connlist, cyclonus probe, policy-verdicts/v1)
// through the traffic-graph engine: every case must pass.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runConnectivity } from '../../../server/src/conformance/connectivityRun';
import { requireResource } from '../../support/requirement';

const corpus = path.resolve(__dirname, '../../../../shared/corpus');
const present = requireResource(`the connectivity corpus ${corpus}/connectivity`, existsSync(path.join(corpus, 'connectivity')), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

describe.skipIf(!present)('connectivity corpus', () => {
  const report = present ? runConnectivity(corpus) : { passed: 0, failed: 0, cases: [] };

  it('reads all three formats', () => {
    const formats = new Set(report.cases.map((c) => c.format));
    expect([...formats].sort()).toEqual(['connlist', 'cyclonus-probe', 'policy-verdicts/v1']);
    expect(report.cases.length).toBeGreaterThanOrEqual(42);
  });

  it('passes every case', () => {
    const failures = report.cases.filter((c) => !c.passed).map((c) => `${c.name}: ${c.mismatches.slice(0, 3).join(' | ')}`);
    expect(failures).toEqual([]);
    expect(report.failed).toBe(0);
  });

  it('checks every query or pair of a case, not just some', () => {
    const verdicts = report.cases.find((c) => c.name === 'cilium-cli--client-ingress-from-other-client-icmp-deny.yaml');
    expect(verdicts?.checked).toBe(12);
    const probe = report.cases.find((c) => c.format === 'cyclonus-probe');
    // 3 probes x 9 x 9 pods x 3 tables.
    expect(probe?.checked).toBe(729);
  });
});
