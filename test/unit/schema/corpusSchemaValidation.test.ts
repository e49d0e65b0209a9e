// Schema + CEL validation measured on the upstream corpus (../shared/corpus): upstream-valid files
// must get no schema error, and the invalid cases whose expected error comes from the API server's
// schema/CEL validation (istio-crd-testdata) or Cilium's NPValidator (cilium-validator-test) must.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { validateAgainstSchema } from '../../../server/src/analysis/schema/validateAgainstSchema';
import { readManifest } from '../../../server/src/conformance/readCorpus';
import { requireResource } from '../../support/requirement';

const corpus = path.resolve(process.cwd(), '../shared/corpus');
const present = requireResource(`the corpus ${corpus}`, existsSync(path.join(corpus, 'MANIFEST.tsv')), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');


/** Schema and CEL findings only, for every policy document of a file. */
function schemaErrors(text: string): Finding[] {
  return analyzeText(text)
    .documents.flatMap((d) => (d.policy ? validateAgainstSchema(d.policy) : []))
    .filter((f) => f.severity === 'error');
}

const OUR_KINDS = /CiliumNetworkPolicy|CiliumClusterwideNetworkPolicy|AuthorizationPolicy|PeerAuthentication|RequestAuthentication|NetworkPolicy/;

describe.skipIf(!present)('corpus', () => {
  it('reports no schema error on upstream-valid files', () => {
    const valid = readManifest(corpus).filter((r) => r.file.startsWith('valid/') && (r.expectation === 'valid' || r.expectation === 'valid-with-warning'));
    expect(valid.length).toBeGreaterThan(200);
    const falseErrors = valid.flatMap((r) => schemaErrors(readFileSync(path.join(corpus, r.file), 'utf8')).map((f) => `${r.file}: ${f.code} ${f.message}`));
    console.log(`[corpus] valid files: ${valid.length}, schema errors on them: ${falseErrors.length}`);
    expect(falseErrors).toEqual([]);
  });

  it('never throws on damaged documents (lines deleted or re-indented)', () => {
    const valid = readManifest(corpus).filter((r) => r.file.startsWith('valid/'));
    let checked = 0;
    for (const row of valid) {
      const lines = readFileSync(path.join(corpus, row.file), 'utf8').split('\n');
      // Deterministic damage at a few spread-out lines.
      for (const at of [Math.floor(lines.length / 3), Math.floor(lines.length / 2), lines.length - 2]) {
        if (at < 0 || at >= lines.length) continue;
        const deleted = [...lines.slice(0, at), ...lines.slice(at + 1)].join('\n');
        const shifted = [...lines.slice(0, at), `  ${lines[at]}`, ...lines.slice(at + 1)].join('\n');
        for (const text of [deleted, shifted]) {
          expect(() => schemaErrors(text), `${row.file} damaged at line ${at + 1}`).not.toThrow();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('reports the stale upstream examples (fields removed from the CRD) as unknown fields', () => {
    const stale = readManifest(corpus).filter((r) => r.expectation === 'valid-upstream-stale');
    for (const row of stale) {
      expect(schemaErrors(readFileSync(path.join(corpus, row.file), 'utf8')).map((f) => f.code), row.file).toContain('ML1001');
    }
  });

  it('catches the API-server schema/CEL and Cilium validator cases', () => {
    const cases = readManifest(corpus).filter((r) => r.file.startsWith('invalid/') && (r.sourceGroup === 'istio-crd-testdata' || r.sourceGroup === 'cilium-validator-test'));
    const ours = cases.filter((r) => OUR_KINDS.test(r.columns.kinds ?? ""));
    const caught = cases.filter((r) => schemaErrors(readFileSync(path.join(corpus, r.file), 'utf8')).length > 0);
    const missedOurs = ours.filter((r) => !caught.includes(r)).map((r) => r.file);
    console.log(`[corpus] istio-crd-testdata + cilium-validator-test: ${caught.length}/${cases.length} get an error (${ours.length} are kinds meshlens validates; the rest are DestinationRules)`);
    expect(missedOurs).toEqual([]);
  });

  it('quotes the upstream message where the case expects one from a CEL rule', () => {
    const cases = readManifest(corpus).filter((r) => r.file.startsWith('invalid/') && r.sourceGroup === 'istio-crd-testdata' && OUR_KINDS.test(r.columns.kinds ?? ""));
    const celMessages = ['Cannot set serviceAccounts with namespaces or principals', 'portLevelMtls requires selector', 'port must be between 1-65535', 'only one of targetRefs or selector can be set', 'type conversion error from'];
    let quoted = 0;
    for (const row of cases) {
      const text = readFileSync(path.join(corpus, row.file), 'utf8');
      const expected = /^# expect-error: (.*)$/m.exec(text)?.[1] ?? '';
      if (!celMessages.some((m) => expected.includes(m))) continue;
      expect(schemaErrors(text).map((f) => f.message).join('\n'), row.file).toContain(expected);
      quoted++;
    }
    expect(quoted).toBeGreaterThanOrEqual(7);
  });
});
