// The API server fills in schema `default`s before it validates (apiextensions-apiserver
// pkg/apiserver/schema/defaulting: Default runs on decode, then validation and CEL see the defaulted
// object). CEL rules are written against that object: Gateway API's parentRefs rules read `p.kind`,
// which the user usually leaves to its default "Gateway".
import { childSchema, type JsonSchemaNode } from './schemaCatalog';
import { matchesSchemaType, schemaFacts } from './walkSchemaValue';

/** A copy of the value with every absent property that has a schema default filled in, recursively. */
export function withSchemaDefaults(schema: JsonSchemaNode, value: unknown): unknown {
  return defaulted(schema, value, 'everywhere');
}

/**
 * The same defaulted value as far as CEL rules read it (celValidationFindings walks only schema nodes with rules at or
 * below them): under a node with rules, everything is defaulted (a rule reads its whole value); above it, only the
 * way down to such nodes is copied; a subtree without rules is left as it is, and a default without rules below it is
 * not added (nothing reads it). For a schema without rules, the value itself.
 */
export function withSchemaDefaultsForRules(schema: JsonSchemaNode, value: unknown): unknown {
  return defaulted(schema, value, 'where rules read');
}

function defaulted(schema: JsonSchemaNode, value: unknown, scope: 'everywhere' | 'where rules read'): unknown {
  if (scope === 'where rules read') {
    if (!schemaFacts(schema).rulesBelow) return value;
    // A rule reads its node's whole value: from here down, default everything.
    if ((schema['x-kubernetes-validations']?.length ?? 0) > 0) scope = 'everywhere';
  }
  if (!matchesSchemaType(schema, value)) return value;
  if (Array.isArray(value)) return schema.items ? value.map((item) => defaulted(schema.items as JsonSchemaNode, item, scope)) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childNode = childSchema(schema, key);
    out[key] = childNode ? defaulted(childNode, child, scope) : child;
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (out[key] !== undefined || property.default === undefined) continue;
    if (scope === 'everywhere' || schemaFacts(property).rulesBelow) out[key] = defaulted(property, structuredClone(property.default), 'everywhere');
  }
  return out;
}
