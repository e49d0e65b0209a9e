// Reading one node of a generated JSON Schema the way completion and hover need it: its properties
// (merged across anyOf/oneOf/allOf branches), required keys, enum values and a short type label.
// The schema itself comes from a SchemaLookup (schema/schemaCatalog.ts `schemaAt` in production).
import type { PolicyKindName } from '../policyKinds';
import type { ValuePath } from '../model/sourceSpan';

/** The subset of JSON Schema that completion and hover read; generated schemas are assignable to it. */
export interface FieldSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly properties?: Readonly<Record<string, FieldSchema>>;
  readonly required?: readonly string[];
  readonly items?: FieldSchema | readonly FieldSchema[];
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly format?: string;
  readonly default?: unknown;
  readonly anyOf?: readonly FieldSchema[];
  readonly oneOf?: readonly FieldSchema[];
  readonly allOf?: readonly FieldSchema[];
  readonly additionalProperties?: boolean | FieldSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
}

/** `schemaAt(kind, version, path)`: the schema of the value at `path` (indices select array items). */
export type SchemaLookup = (kind: PolicyKindName, version: string, path: ValuePath) => FieldSchema | undefined;

function branches(schema: FieldSchema): FieldSchema[] {
  return [schema, ...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
}

export function propertiesOf(schema: FieldSchema): Record<string, FieldSchema> {
  const out: Record<string, FieldSchema> = {};
  for (const branch of branches(schema)) {
    for (const [key, child] of Object.entries(branch.properties ?? {})) out[key] ??= child;
  }
  return out;
}

export function requiredOf(schema: FieldSchema): string[] {
  // Only keys required in every case: the schema itself and allOf (anyOf/oneOf alternatives are choices).
  return [...new Set([...(schema.required ?? []), ...(schema.allOf ?? []).flatMap((s) => s.required ?? [])])];
}

export function enumOf(schema: FieldSchema): unknown[] {
  const values: unknown[] = [];
  for (const branch of branches(schema)) {
    if (branch.enum) values.push(...branch.enum);
    if (branch.const !== undefined) values.push(branch.const);
  }
  return [...new Set(values)];
}

export function typesOf(schema: FieldSchema): string[] {
  const types = new Set<string>();
  for (const branch of branches(schema)) {
    if (typeof branch.type === 'string') types.add(branch.type);
    else if (Array.isArray(branch.type)) for (const t of branch.type) types.add(t);
    if (branch.properties && !branch.type) types.add('object');
  }
  return [...types];
}

export function itemSchemaOf(schema: FieldSchema): FieldSchema | undefined {
  for (const branch of branches(schema)) {
    if (branch.items && !Array.isArray(branch.items)) return branch.items as FieldSchema;
  }
  return undefined;
}

/** A short label: `string`, `integer | string`, `array of object`, `enum`. */
export function typeLabel(schema: FieldSchema): string {
  const types = typesOf(schema);
  if (types.length === 1 && types[0] === 'array') {
    const item = itemSchemaOf(schema);
    const itemTypes = item ? typesOf(item) : [];
    return itemTypes.length > 0 ? `array of ${itemTypes.join(' | ')}` : 'array';
  }
  return types.length > 0 ? types.join(' | ') : 'any';
}
