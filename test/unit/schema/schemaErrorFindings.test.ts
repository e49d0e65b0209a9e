// Folding of oneOf/anyOf noise for schema shapes the current upstream CRDs do not use yet
// (structural branches), so a future CRD does not flood the editor with every branch's errors.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { schemaErrorFindings } from '../../../server/src/analysis/schema/schemaErrorFindings';

const schema = {
  type: 'object',
  properties: {
    target: {
      oneOf: [
        { type: 'string', pattern: '^[a-z]+$' },
        { type: 'object', properties: { name: { type: 'string' }, port: { type: 'integer', maximum: 65535 } }, required: ['name'], additionalProperties: false },
      ],
    },
  },
};

function findingsFor(text: string) {
  const ajv = new Ajv({ allErrors: true, verbose: true });
  const validate = ajv.compile(schema);
  const [doc] = parseYamlDocuments(text);
  expect(validate(doc.value)).toBe(false);
  return schemaErrorFindings(doc, doc.value, validate.errors ?? []).map((f) => [f.code, f.message, text.slice(f.span.start, f.span.end)]);
}

describe('structural oneOf branches', () => {
  it('keeps only the errors of the branch whose type matches (a mapping)', () => {
    expect(findingsFor('target:\n  name: web\n  port: 70000\n')).toEqual([['ML1006', '`target.port` must be at most 65535; got `70000` (a number).', '70000']]);
  });

  it('keeps only the errors of the branch whose type matches (a string)', () => {
    expect(findingsFor('target: Web\n')).toEqual([['ML1005', '`target` must be a string matching `^[a-z]+$`; got `Web`.', 'Web']]);
  });
});

describe('ML1008 for rules without a more specific code', () => {
  function findings(schema: object, text: string) {
    const validate = new Ajv({ allErrors: true, verbose: true }).compile(schema);
    const [doc] = parseYamlDocuments(text);
    expect(validate(doc.value)).toBe(false);
    return schemaErrorFindings(doc, doc.value, validate.errors ?? []).map((f) => [f.code, f.message, text.slice(f.span.start, f.span.end)]);
  }

  it('reports a forbidden form (not) at the key', () => {
    expect(findings({ properties: { mode: { not: { type: 'string' } } } }, 'mode: x\n')).toEqual([['ML1008', '`mode` has a form the schema forbids here.', 'mode']]);
  });

  it('reports duplicate items of a uniqueItems list', () => {
    expect(findings({ properties: { hosts: { type: 'array', uniqueItems: true } } }, 'hosts: [a, b, a]\n')).toEqual([
      ['ML1008', '`hosts` must not contain duplicate items (items 0 and 2 are equal).', '[a, b, a]'],
    ]);
  });
});
