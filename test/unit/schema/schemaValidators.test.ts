// Compiled validators: repeated subtrees are shared through definitions without changing results.
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { schemaFor } from '../../../server/src/analysis/schema/schemaCatalog';
import { validatorFor, withSharedDefinitions } from '../../../server/src/analysis/schema/schemaValidators';

describe('withSharedDefinitions', () => {
  it('shares the repeated rule schemas of a CiliumNetworkPolicy (compiled once each)', () => {
    const schema = schemaFor('CiliumNetworkPolicy', 'v2')!;
    const shared = withSharedDefinitions(schema) as { definitions?: Record<string, unknown> };
    expect(Object.keys(shared.definitions ?? {}).length).toBeGreaterThan(5);
    expect(JSON.stringify(shared).length).toBeLessThan(JSON.stringify(schema).length / 2);
  });

  it('never replaces a properties map or a non-schema value, and validates the same', () => {
    const big = { type: 'object', description: 'x'.repeat(1200), properties: { a: { type: 'string', description: 'y'.repeat(1200) } }, additionalProperties: false };
    const schema = { type: 'object', properties: { one: big, two: { type: 'array', items: big }, enumLike: { enum: [big, 'other'] }, defaulted: { type: 'object', default: big } } };
    const shared = withSharedDefinitions(schema) as { properties: Record<string, { $ref?: string; items?: { $ref?: string }; enum?: unknown[] }> };
    expect(shared.properties.one.$ref).toBe('#/definitions/shared0');
    expect(shared.properties.two.items?.$ref).toBe('#/definitions/shared0');
    expect(shared.properties.enumLike.enum).toEqual([big, 'other']);
    expect((shared.properties.defaulted as { default?: unknown }).default).toEqual(big);
    const plain = new Ajv({ allErrors: true }).compile(schema);
    const deduped = new Ajv({ allErrors: true }).compile(shared);
    for (const value of [{ one: { a: 'x' } }, { one: { a: 1 } }, { two: [{ b: 1 }] }, { two: [{ a: 'ok' }] }]) {
      expect(deduped(value)).toBe(plain(value));
    }
  });

  it('leaves a schema without repeats as it is', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(withSharedDefinitions(schema)).toEqual(schema);
  });
});

describe('validatorFor', () => {
  it('compiles once and reuses the validator', () => {
    expect(validatorFor('PeerAuthentication', 'v1')).toBe(validatorFor('PeerAuthentication', 'v1'));
    expect(validatorFor('PeerAuthentication', 'v9')).toBeUndefined();
  });
});
