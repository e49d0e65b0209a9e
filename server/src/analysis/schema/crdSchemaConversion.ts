// A CRD version's `openAPIV3Schema` as the JSON Schema the validators read: strict objects, int-or-string as a type
// list, nullable, RE2 patterns in JS syntax, `status` open. The one owner of these rules: schemas/generateSchemas.mjs
// bundles this module when it converts the pinned upstream CRDs into schemas/generated, and the core runs it on the
// user's own CRDs (a file or the cluster's), so both always agree (generateSchemas.test.ts regenerates the committed
// schemas byte for byte; userCrdSchemas.test.ts converts a user's copy of an upstream CRD).
import type { JsonSchemaNode } from './schemaCatalog';

/** Keywords copied as they are (validation keywords ajv understands, plus annotations). */
export const copiedKeywords: ReadonlySet<string> = new Set([
  'description', 'title', 'default', 'example', 'enum', 'format', 'minimum', 'maximum', 'exclusiveMinimum',
  'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties',
  'multipleOf', 'uniqueItems', 'required', 'type',
]);
/** Kubernetes extensions kept: the CEL evaluator and the editor features read them. */
export const keptExtensions: ReadonlySet<string> = new Set([
  'x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
  'x-kubernetes-preserve-unknown-fields', 'x-kubernetes-int-or-string',
]);

// RE2's ASCII POSIX classes, valid only inside a bracket expression (`[[:alpha:]_]`).
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F', digit: '0-9',
  graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ', upper: 'A-Z',
  word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};

/** A Go RE2 pattern in JS unicode-mode syntax, or why it has no faithful translation. */
export type Re2Translation = { readonly ok: true; readonly pattern: string } | { readonly ok: false; readonly reason: string };

export function translateRe2(pattern: string): Re2Translation {
  if (pattern.includes('\\Q')) return { ok: false, reason: 'RE2 quoting (\\Q...\\E) is not supported' };
  if (/\[:\^/.test(pattern)) return { ok: false, reason: 'negated POSIX classes are not supported' };
  let unknownClass: string | undefined;
  const out = pattern
    .replace(/\[:([a-z]+):\]/g, (whole, name: string) => {
      const range = POSIX_CLASSES[name];
      if (range === undefined) unknownClass ??= whole;
      return range ?? whole;
    })
    // \PC, \pL: one-letter Unicode classes without braces.
    .replace(/\\([pP])([A-Za-z])/g, '\\$1{$2}')
    // Named groups (?P<name>...) → (?<name>...).
    .replace(/\(\?P</g, '(?<')
    .replace(/\\A/g, '^')
    .replace(/\\z/g, '$');
  if (unknownClass !== undefined) return { ok: false, reason: `unknown POSIX class ${unknownClass}` };
  if (/\(\?[imsU-]+\)/.test(out)) return { ok: false, reason: 'RE2 inline flags are not supported' };
  try {
    new RegExp(out, 'u');
  } catch (error) {
    return { ok: false, reason: `${JSON.stringify(out)} is not a valid JS unicode regex: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { ok: true, pattern: out };
}

/** Go RE2 syntax → the equivalent JS unicode-mode pattern; undefined for what has no faithful translation. */
export function translateRe2Pattern(pattern: string): string | undefined {
  const translation = translateRe2(pattern);
  return translation.ok ? translation.pattern : undefined;
}

/** What the conversion left out, for the note that tells the user. */
export interface ConversionNotes {
  readonly untranslatedPatterns: string[];
  /** The generator's summary (written into each generated schema): patterns rewritten, keywords dropped, objects closed. */
  readonly translatedPatterns?: Set<string>;
  readonly droppedKeywords?: Set<string>;
  closedObjects?: number;
}

type SchemaObject = Record<string, unknown>;
const isObject = (value: unknown): value is SchemaObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * One OpenAPI v3 node → JSON Schema draft-07. `structural` is false inside oneOf/anyOf/allOf/not: those branches
 * only add value checks, so they are not closed with additionalProperties:false.
 */
function convertNode(node: unknown, structural: boolean, notes: ConversionNotes): unknown {
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (copiedKeywords.has(key)) out[key] = value;
    else if (key === 'pattern') {
      const translated = typeof value === 'string' ? translateRe2Pattern(value) : undefined;
      // A pattern we cannot run faithfully is left out rather than run with another meaning.
      if (translated !== undefined) {
        out.pattern = translated;
        if (translated !== value) notes.translatedPatterns?.add(`${String(value)} → ${translated}`);
      } else notes.untranslatedPatterns.push(String(value));
    } else if (key === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, convertNode(child, structural, notes)]));
    } else if (key === 'items' || key === 'not') out[key] = convertNode(value, key === 'items' && structural, notes);
    else if (key === 'additionalProperties') out[key] = typeof value === 'boolean' ? value : convertNode(value, structural, notes);
    else if ((key === 'oneOf' || key === 'anyOf' || key === 'allOf') && Array.isArray(value)) out[key] = value.map((branch) => convertNode(branch, false, notes));
    else if (keptExtensions.has(key)) out[key] = value;
    // `nullable` is applied below, once `type` is known.
    else if (key !== 'nullable') notes.droppedKeywords?.add(key);
  }
  if (node['x-kubernetes-int-or-string'] === true) {
    out.type = ['integer', 'string'];
    const anyOf = out.anyOf;
    if (Array.isArray(anyOf) && anyOf.every((b) => isObject(b) && Object.keys(b).length === 1 && (b.type === 'integer' || b.type === 'string'))) delete out.anyOf;
  }
  if (node.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...(out.type as unknown[]), 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  }
  if (structural && out.properties && node['x-kubernetes-preserve-unknown-fields'] !== true && out.additionalProperties === undefined) {
    // Strict like `kubectl apply --validate=strict`: fields the schema does not list are errors.
    out.additionalProperties = false;
    if (notes.closedObjects !== undefined) notes.closedObjects++;
  }
  return out;
}

/** `status` as documentation only: the API server resets it on create and update, so it never rejects. */
function openStatus(node: unknown): unknown {
  if (!isObject(node)) return node;
  const out: SchemaObject = {};
  if (node.description !== undefined) out.description = node.description;
  if (isObject(node.properties)) out.properties = Object.fromEntries(Object.entries(node.properties).map(([name, child]) => [name, openStatus(child)]));
  if (node.items) out.items = openStatus(node.items);
  if (isObject(node.additionalProperties)) out.additionalProperties = openStatus(node.additionalProperties);
  return out;
}

/**
 * A CRD version's openAPIV3Schema as a whole-document schema, with `envelope` (apiVersion, kind, metadata: the
 * same for every source of a kind) put in as the generator does.
 */
export function convertCrdVersionSchema(openApiV3Schema: unknown, envelope: Readonly<Record<string, JsonSchemaNode>>, notes: ConversionNotes): JsonSchemaNode {
  const schema = isObject(openApiV3Schema) ? openApiV3Schema : {};
  const { status, ...specProperties } = isObject(schema.properties) ? schema.properties : {};
  const root = convertNode({ ...schema, properties: specProperties }, true, notes) as SchemaObject;
  const properties = { ...(root.properties as SchemaObject), ...(status !== undefined ? { status: openStatus(convertNode(status, false, notes)) } : {}), ...envelope };
  const required = Array.isArray(root.required) ? (root.required as string[]) : [];
  return { ...root, type: 'object', properties, required: [...new Set(['apiVersion', 'kind', 'metadata', ...required])], additionalProperties: false } as JsonSchemaNode;
}
