// Walks a value and its schema together, visiting each present node whose value has the declared
// type, the way the API server runs per-node validations (CEL rules, list-type uniqueness).
import type { ValuePath } from '../model/sourceSpan';
import { childSchema, schemaTypes, type JsonSchemaNode, type JsonSchemaType } from './schemaCatalog';

/**
 * `path` is the walk's own array, changed as it goes on: read it during the call, copy it to keep it.
 * (One array for the whole walk instead of a copy per node: the walk runs over every node of every document.)
 */
export type SchemaVisit = (node: JsonSchemaNode, value: unknown, path: ValuePath) => void;

/** What a schema node and the nodes below it declare, worked out once per node (the schemas live as long as the process). */
export interface SchemaFacts {
  readonly types: readonly JsonSchemaType[];
  /** The node or one below it has x-kubernetes-validations (CEL rules). */
  readonly rulesBelow: boolean;
  /** The node or one below it is a list with x-kubernetes-list-type set or map. */
  readonly listTypeBelow: boolean;
  /** The node's properties that declare a `default` (schemaDefaults.ts fills them in). */
  readonly defaultedProperties: readonly (readonly [string, JsonSchemaNode])[];
  /** The node or one below it declares a `default`. */
  readonly defaultsBelow: boolean;
}

const factsOf = new WeakMap<JsonSchemaNode, SchemaFacts>();
const IN_PROGRESS: SchemaFacts = { types: [], rulesBelow: true, listTypeBelow: true, defaultedProperties: [], defaultsBelow: true };

export function schemaFacts(node: JsonSchemaNode): SchemaFacts {
  const known = factsOf.get(node);
  if (known) return known;
  // A schema that reaches itself (not seen in CRDs, but user CRDs are input) counts as having everything below.
  factsOf.set(node, IN_PROGRESS);
  const children = [...Object.values(node.properties ?? {}), ...(typeof node.additionalProperties === 'object' ? [node.additionalProperties] : []), ...(node.items ? [node.items] : [])];
  const below = children.map(schemaFacts);
  const listType = node['x-kubernetes-list-type'];
  const facts: SchemaFacts = {
    types: schemaTypes(node),
    rulesBelow: (node['x-kubernetes-validations']?.length ?? 0) > 0 || below.some((f) => f.rulesBelow),
    listTypeBelow: listType === 'set' || listType === 'map' || below.some((f) => f.listTypeBelow),
    defaultedProperties: Object.entries(node.properties ?? {}).filter(([, property]) => property.default !== undefined),
    defaultsBelow: node.default !== undefined || below.some((f) => f.defaultsBelow),
  };
  factsOf.set(node, facts);
  return facts;
}

/** `enters`: when given, subtrees whose schema facts it refuses are not walked (their visits would find nothing). */
export function walkSchemaValue(schema: JsonSchemaNode, value: unknown, visit: SchemaVisit, enters?: (facts: SchemaFacts) => boolean): void {
  walk(schema, value, [], visit, enters);
}

function walk(node: JsonSchemaNode, value: unknown, path: (string | number)[], visit: SchemaVisit, enters: ((facts: SchemaFacts) => boolean) | undefined): void {
  const facts = schemaFacts(node);
  if (enters && !enters(facts)) return;
  // The API server evaluates rules only on values of the declared type; a mistyped value already has
  // a schema finding and would only make the rule fail for the wrong reason.
  if (!typesMatch(facts.types, value)) return;
  visit(node, value, path);
  if (Array.isArray(value)) {
    const items = node.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(items, value[i], path, visit, enters);
      path.pop();
    }
  } else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      const childNode = childSchema(node, key);
      if (!childNode || child === null || child === undefined) continue;
      path.push(key);
      walk(childNode, child, path, visit, enters);
      path.pop();
    }
  }
}

export function matchesSchemaType(node: JsonSchemaNode, value: unknown): boolean {
  return typesMatch(schemaFacts(node).types, value);
}

function typesMatch(types: readonly JsonSchemaType[], value: unknown): boolean {
  if (types.length === 0) return true;
  for (const type of types) if (matchesType(type, value)) return true;
  return false;
}

function matchesType(type: JsonSchemaType, value: unknown): boolean {
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
}
