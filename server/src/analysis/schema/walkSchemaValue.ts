// Walks a value and its schema together, visiting each present node whose value has the declared
// type, the way the API server runs per-node validations (CEL rules, list-type uniqueness).
import type { ValuePath } from '../model/sourceSpan';
import { childSchema, schemaTypes, type JsonSchemaNode } from './schemaCatalog';

export type SchemaVisit = (node: JsonSchemaNode, value: unknown, path: ValuePath) => void;

export function walkSchemaValue(schema: JsonSchemaNode, value: unknown, visit: SchemaVisit): void {
  walk(schema, value, [], visit);
}

function walk(node: JsonSchemaNode, value: unknown, path: ValuePath, visit: SchemaVisit): void {
  // The API server evaluates rules only on values of the declared type; a mistyped value already has
  // a schema finding and would only make the rule fail for the wrong reason.
  if (!matchesSchemaType(node, value)) return;
  visit(node, value, path);
  if (Array.isArray(value)) {
    if (node.items) value.forEach((item, i) => walk(node.items as JsonSchemaNode, item, [...path, i], visit));
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const childNode = childSchema(node, key);
      if (childNode && child !== null && child !== undefined) walk(childNode, child, [...path, key], visit);
    }
  }
}

export function matchesSchemaType(node: JsonSchemaNode, value: unknown): boolean {
  const types = schemaTypes(node);
  if (types.length === 0) return true;
  return types.some((type) => {
    switch (type) {
      case 'object':
        return typeof value === 'object' && value !== null && !Array.isArray(value);
      case 'array':
        return Array.isArray(value);
      case 'integer':
        return typeof value === 'number' && Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'null':
        return value === null;
      default:
        return typeof value === type;
    }
  });
}

