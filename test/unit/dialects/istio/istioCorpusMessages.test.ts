// Each Istio webhook case of ../shared/corpus/invalid must get an error that names the same problem as its
// `# expect-error:` line: the webhook's own words where meshlens mirrors the webhook (ML3xxx), or a schema/CEL
// finding (ML1xxx) where the CRD already enforces the same rule and its wording is used instead.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../server/src/analysis/analyzeFile';
import { expectErrorHeader } from '../../../../server/src/conformance/scoreConformance';
import { requireResource } from '../../../support/requirement';

const invalidDir = path.resolve(process.cwd(), '../shared/corpus/invalid');
const present = requireResource(`the corpus ${invalidDir}`, existsSync(invalidDir), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

// Webhook cases whose rule the CRD also enforces (schema or CEL): the schema layer reports them in the CRD's words.
const reportedBySchema: Record<string, string> = {
  'condition-key-empty': 'when[].key is required in the CRD (the empty string was dropped in transcription)',
  'condition-key-missing': 'when[].key is required in the CRD',
  'selector-empty-key': 'CEL "key must not be empty" on matchLabels',
  'selector-wildcard-key': 'CEL "wildcard not allowed in label key match"',
  'selector-wildcard-value': 'CEL "wildcard not allowed in label value match"',
  'serviceAccounts-and-namespaces': 'CEL "Cannot set serviceAccounts with namespaces or principals"',
  'target-ref-empty-name': 'targetRef.name is required in the CRD',
  'target-ref-non-empty-namespace': 'CEL "cross namespace referencing is not currently supported"',
  'bad-targetRef---non-empty-namespace': 'CEL "cross namespace referencing is not currently supported"',
  'empty-port-level-mtls': 'portLevelMtls has minProperties: 1 in the CRD',
  'empty-selector-with-port-level-mtls': 'CEL "portLevelMtls requires selector"',
  'bad-cookie-location': 'fromCookies items have minLength: 1 in the CRD',
  'bad-header-location': 'fromHeaders[].name is required in the CRD',
  'invalid-header-value-in-outputClaimToHeader': 'outputClaimToHeaders[].header has a pattern in the CRD',
  'null-claim-value-in-outputClaimToHeader': 'outputClaimToHeaders[].claim is required in the CRD',
  'null-header-value-in-outputClaimToHeader': 'outputClaimToHeaders[].header is required in the CRD',
};

const webhookCases = present ? readdirSync(invalidDir).filter((f) => f.startsWith('istio--validation_test.go--')) : [];

describe.skipIf(!present)('Istio webhook cases of the corpus', () => {
  it('finds the webhook cases', () => {
    expect(webhookCases.length).toBeGreaterThan(20);
  });

  it.each(webhookCases)('%s names the expected problem', (file) => {
    const text = readFileSync(path.join(invalidDir, file), 'utf8');
    const expected = expectErrorHeader(text)!;
    const caseName = file.replace(/^istio--validation_test\.go--[A-Za-z]+--/, '').replace(/\.yaml$/, '');
    const errors = analyzeText(text).findings.filter((f) => f.severity === 'error');
    if (Object.hasOwn(reportedBySchema, caseName)) {
      expect(errors.some((f) => f.code.startsWith('ML1')), reportedBySchema[caseName]).toBe(true);
    } else {
      expect(errors.map((f) => f.message).find((m) => m.includes(expected)), `expected an error containing "${expected}"`).toBeDefined();
    }
  });
});
