// CEL findings for rule options the current Istio rules do not use: fieldPath and messageExpression.
import { describe, expect, it } from 'vitest';
import { parseYamlDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { celValidationFindings } from '../../../server/src/analysis/schema/celValidationFindings';
import type { JsonSchemaNode } from '../../../server/src/analysis/schema/schemaCatalog';

const schema: JsonSchemaNode = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: { min: { type: 'integer' }, max: { type: 'integer' }, hosts: { type: 'array', items: { type: 'string' } } },
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', message: 'min must not exceed max', fieldPath: '.max' },
        { rule: 'self.hosts.size() < 2', messageExpression: '"at most 1 host, got " + string(self.hosts.size())' },
      ],
    },
  },
};

describe('celValidationFindings', () => {
  it('reports at fieldPath when the rule gives one, and uses messageExpression', () => {
    const text = 'spec:\n  min: 5\n  max: 3\n  hosts: [a, b]\n';
    const [doc] = parseYamlDocuments(text);
    const findings = celValidationFindings(doc, schema, doc.value);
    expect(findings.map((f) => [f.code, f.message, text.slice(f.span.start, f.span.end)])).toEqual([
      ['ML1100', '`spec.max`: min must not exceed max', '3'],
      ['ML1100', '`spec`: at most 1 host, got 2', 'spec'],
    ]);
  });

  it('passes a valid value', () => {
    const [doc] = parseYamlDocuments('spec:\n  min: 1\n  max: 3\n  hosts: [a]\n');
    expect(celValidationFindings(doc, schema, doc.value)).toEqual([]);
  });
});
