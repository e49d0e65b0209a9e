// The API server fills in schema `default`s before it validates (apiextensions-apiserver
// pkg/apiserver/schema/defaulting: Default runs on decode, then validation and CEL see the defaulted
// object). CEL rules are written against that object: Gateway API's parentRefs rules read `p.kind`,
// which the user usually leaves to its default "Gateway".
import { childSchema, type JsonSchemaNode } from './schemaCatalog';
import { matchesSchemaType, schemaFacts } from './walkSchemaValue';

/** A copy of the value with every absent property that has a schema default filled in, recursively. */
export function withSchemaDefaults(schema: JsonSchemaNode, value: unknown): unknown {
  if (!matchesSchemaType(schema, value)) return value;
  if (Array.isArray(value)) return schema.items ? value.map((item) => withSchemaDefaults(schema.items as JsonSchemaNode, item)) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childNode = childSchema(schema, key);
    out[key] = childNode ? withSchemaDefaults(childNode, child) : child;
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (out[key] === undefined && property.default !== undefined) out[key] = withSchemaDefaults(property, structuredClone(property.default));
  }
  return out;
}

/**
 * The same defaulted value as far as CEL rules read it (celValidationFindings walks only schema nodes with rules at or
 * below them): under a node with rules, everything is defaulted (a rule reads its whole value); above it, only the
 * way down to such nodes is copied; a subtree without rules is left as it is, and a default without rules below it is
 * not added (nothing reads it). For a schema without rules, the value itself.
 */
export function withSchemaDefaultsForRules(schema: JsonSchemaNode, value: unknown): unknown {
  const facts = schemaFacts(schema);
  if (!facts.rulesBelow) return value;
  if ((schema['x-kubernetes-validations']?.length ?? 0) > 0) return withSchemaDefaults(schema, value);
  if (!matchesSchemaType(schema, value)) return value;
  if (Array.isArray(value)) return schema.items ? value.map((item) => withSchemaDefaultsForRules(schema.items as JsonSchemaNode, item)) : value;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const childNode = childSchema(schema, key);
    out[key] = childNode ? withSchemaDefaultsForRules(childNode, child) : child;
  }
  for (const [key, property] of Object.entries(schema.properties ?? {})) {
    if (out[key] === undefined && property.default !== undefined && schemaFacts(property).rulesBelow) out[key] = withSchemaDefaults(property, structuredClone(property.default));
  }
  return out;
}
