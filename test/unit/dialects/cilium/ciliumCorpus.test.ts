// Measures the Cilium checks against ../shared/corpus: every upstream invalid case whose expected error comes
// from the agent's sanitiser gets the matching ML2xxx finding, and no upstream-valid Cilium file gets an error
// from these checks. Skips, with a note, where the shared corpus is not checked out next to the repo.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../server/src/analysis/analyzeFile';
import { ciliumChecks } from '../../../../server/src/analysis/dialects/cilium/ciliumChecks';
import { readManifest } from '../../../../server/src/conformance/readCorpus';
import { requireResource } from '../../../support/requirement';

const corpus = path.resolve(process.cwd(), '../shared/corpus');
const present = requireResource(`the corpus ${corpus}`, existsSync(path.join(corpus, 'MANIFEST.tsv')), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');


/** Upstream sanitiser message (substring of the case's `# expect-error:`) → the semantic code that mirrors it. */
const codeForUpstreamMessage: readonly (readonly [string, string])[] = [
  ['the ICMPs block may only be present without ToPorts', 'ML2006'],
  ['L7 rules can not be used when a port is 0', 'ML2012'],
  ['is not supported on host', 'ML2007'],
  ['DNS rules are not allowed on ingress', 'ML2008'],
  ['L7 rules can only apply to TCP', 'ML2009'],
  ['Listener is not allowed on ingress', 'ML2013'],
  ['ServerNames are not allowed with L7 rules without TLS termination', 'ML2015'],
  ['DNS rules do not support port ranges', 'ML2011'],
  ['error parsing regexp', 'ML2021'],
];

/** Extra expectation for deny rules, whose port limit the CRD schema does not enforce. */
const denyPortLimit = { message: 'too many ports, the max is 40', code: 'ML2027', file: /ports-deny/ };

describe.skipIf(!present)('Cilium checks on the upstream corpus', () => {
  const rows = present ? readManifest(corpus) : [];
  const ciliumInvalid = rows.filter((r) => r.file.startsWith('invalid/') && (r.sourceGroup === 'cilium-policy-api-test' || r.sourceGroup === 'cilium-validator-test'));

  it('gives each sanitiser case the finding that names its problem', () => {
    let matched = 0;
    for (const row of ciliumInvalid) {
      const text = readFileSync(path.join(corpus, row.file), 'utf8');
      const expectError = /^# expect-error: (.*)$/m.exec(text)?.[1] ?? '';
      const codes = analyzeText(text).findings.filter((f) => f.severity === 'error').map((f) => f.code);
      const entry = codeForUpstreamMessage.find(([message]) => expectError.includes(message));
      const wanted = entry?.[1] ?? (expectError.includes(denyPortLimit.message) && denyPortLimit.file.test(row.file) ? denyPortLimit.code : undefined);
      if (!wanted) continue;
      matched++;
      expect(codes, `${row.file} (${expectError})`).toContain(wanted);
      // The upstream message itself appears in ours, so users can search for it.
      const ours = analyzeText(text).findings.filter((f) => f.code === wanted).map((f) => f.message);
      expect(ours.some((message) => message.includes(expectError.replace(/"[^"]*"$/, '').trim())), `${row.file}: ${ours.join(' | ')}`).toBe(true);
    }
    expect(matched).toBeGreaterThanOrEqual(codeForUpstreamMessage.length);
  });

  it('reports how many Cilium invalid cases the full pipeline flags', () => {
    const flagged = ciliumInvalid.filter((row) => analyzeText(readFileSync(path.join(corpus, row.file), 'utf8')).findings.some((f) => f.severity === 'error'));
    console.info(`meshlens: full pipeline flags ${flagged.length}/${ciliumInvalid.length} Cilium invalid corpus cases.`);
    expect(ciliumInvalid.length).toBeGreaterThan(0);
  });

  it('reports no error from the Cilium checks on upstream-valid files', () => {
    const valid = rows.filter((r) => r.file.startsWith('valid/') && (r.expectation === 'valid' || r.expectation === 'valid-with-warning'));
    const offenders: string[] = [];
    let policies = 0;
    for (const row of valid) {
      for (const document of analyzeText(readFileSync(path.join(corpus, row.file), 'utf8')).documents) {
        if (document.policy?.kind.family !== 'cilium') continue;
        policies++;
        const errors = ciliumChecks.flatMap((check) => check(document.policy!)).filter((f) => f.severity === 'error');
        offenders.push(...errors.map((f) => `${row.file}: ${f.code} ${f.message}`));
      }
    }
    expect(policies).toBeGreaterThan(50);
    expect(offenders).toEqual([]);
  });
});
