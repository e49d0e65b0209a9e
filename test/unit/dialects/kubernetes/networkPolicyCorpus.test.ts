// No upstream-valid NetworkPolicy in ../shared/corpus (valid/ and the connectivity inputs) may get an error from
// the NetworkPolicy checks. Skips, with a note, where the shared corpus is absent.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../server/src/analysis/analyzeFile';
import { kubernetesChecks } from '../../../../server/src/analysis/dialects/kubernetes/kubernetesChecks';
import { checkNetworkPolicySpec } from '../../../../server/src/analysis/dialects/kubernetes/networkPolicySpec';
import { readManifest } from '../../../../server/src/conformance/readCorpus';
import { requireResource } from '../../../support/requirement';
import { yamlFilesUnder } from '../../../support/yamlFilesUnder';

const corpus = path.resolve(process.cwd(), '../shared/corpus');
const present = requireResource(`the corpus ${corpus}`, existsSync(path.join(corpus, 'MANIFEST.tsv')), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');


describe.skipIf(!present)('NetworkPolicy checks on the upstream corpus', () => {
  it('report no error on upstream-valid NetworkPolicies', () => {
    const validRows = readManifest(corpus)
      .filter((row) => row.file.startsWith('valid/') && (row.expectation === 'valid' || row.expectation === 'valid-with-warning'))
      .map((row) => path.join(corpus, row.file));
    // Connectivity inputs are offline-analyzer fixtures: their specs are accepted upstream, but they were never
    // submitted to an API server (one is named with "_"), so only the spec checks apply to them.
    const connectivity = new Set(yamlFilesUnder(path.join(corpus, 'connectivity'), /\.ya?ml$/));
    const files = [...validRows, ...connectivity];
    const offenders: string[] = [];
    let policies = 0;
    for (const file of files) {
      for (const document of analyzeText(readFileSync(file, 'utf8')).documents) {
        if (document.policy?.kind.family !== 'kubernetes') continue;
        policies++;
        const checks = connectivity.has(file) ? [checkNetworkPolicySpec] : kubernetesChecks;
        const errors = checks.flatMap((check) => check(document.policy!)).filter((f) => f.severity === 'error');
        offenders.push(...errors.map((f) => `${path.relative(corpus, file)}: ${f.code} ${f.message}`));
      }
    }
    expect(policies).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
