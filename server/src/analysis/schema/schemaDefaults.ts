// The API server fills in schema `default`s before it validates (apiextensions-apiserver
// pkg/apiserver/schema/defaulting: Default runs on decode, then validation and CEL see the defaulted
// object). CEL rules are written against that object: Gateway API's parentRefs rules read `p.kind`,
// which the user usually leaves to its default "Gateway".
import { childSchema, type JsonSchemaNode } from './schemaCatalog';
import { matchesSchemaType } from './walkSchemaValue';

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
