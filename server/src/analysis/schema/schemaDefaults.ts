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
  // Nothing to fill in below here: the value as it is, without walking it.
  if (!schemaFacts(schema).defaultsBelow) return value;
  if (!matchesSchemaType(schema, value)) return value;
  // Copied on write: a subtree where no default applies is the value itself (most of a document), not a copy.
  if (Array.isArray(value)) {
    if (!schema.items) return value;
    let items: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = defaulted(schema.items, value[i], scope);
      if (next !== value[i]) (items ??= value.slice())[i] = next;
    }
    return items ?? value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const given = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(given)) {
    const childNode = childSchema(schema, key);
    if (!childNode) continue;
    const next = defaulted(childNode, given[key], scope);
    if (next !== given[key]) (out ??= { ...given })[key] = next;
  }
  for (const [key, property] of schemaFacts(schema).defaultedProperties) {
    if (given[key] !== undefined) continue;
    if (scope === 'everywhere' || schemaFacts(property).rulesBelow) (out ??= { ...given })[key] = defaulted(property, structuredClone(property.default), 'everywhere');
  }
  return out ?? value;
}
