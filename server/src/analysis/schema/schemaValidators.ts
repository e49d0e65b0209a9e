// Validators for the schemas in force (bundled or the user's CRDs): one validator per schema content, made on first use
// and kept for the life of the process. A bundled schema's validator is generated at build time (ajv standalone code,
// precompiledValidators.ts) where the bundle has it; anything else is compiled here by ajv (compiling the Cilium schema
// takes a noticeable fraction of a second, validating a document well under a millisecond).
import Ajv, { Name, type ValidateFunction } from 'ajv';
import type { PolicyKindName } from '../policyKinds';
import type { CompanionKind } from '../companionKinds';
import { companionSchemaFor, schemaFor, type PolicySchema } from './schemaCatalog';
import { bundledSchemaSet, type SchemaSetEntry } from './schemaSet';
import { precompiledValidators } from './precompiledValidators';
import { FORMATS_NAME, formats, patternEngine } from './validatorRuntime';

// Annotation keywords the generator writes; ajv's strict mode must know them to accept the schemas.
const ANNOTATION_KEYWORDS = [
  'x-kubernetes-validations',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-meshlens-source',
  'x-meshlens-kind',
  'x-meshlens-generator',
  'x-meshlens-metadata-source',
  'example',
];

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

/**
 * The ajv instance validators are compiled with. `standalone` keeps each validator's source for ajv's standalone code
 * (the build's generator, precompiledValidatorModule.ts): the same options otherwise, so the same validation code.
 */
export function createAjv(standalone = false): Ajv {
  const instance = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    unicodeRegExp: true,
    logger: false,
    // ajv's code optimiser roughly doubles compile time of the large Cilium schema for no measurable
    // gain in validation time here.
    code: { regExp: patternEngine, optimize: false, ...(standalone ? { source: true, esm: true, formats: new Name(FORMATS_NAME) } : {}) },
  });
  for (const keyword of ANNOTATION_KEYWORDS) instance.addKeyword({ keyword, schemaType: ['array', 'boolean', 'object', 'string'] });
  for (const [name, format] of Object.entries(formats)) instance.addFormat(name, format);
  return instance;
}

/** Subtrees at least this large (as JSON text) that occur more than once are compiled once. */
const SHARED_SUBTREE_MIN_SIZE = 1000;

/**
 * A copy of the schema where repeated large subtrees become `definitions` + `$ref`, so ajv compiles
 * each once (Cilium's rule schema appears under spec and specs, its port rules under ingress, egress
 * and their deny forms). The catalog keeps the expanded form for the editor features.
 */
export function withSharedDefinitions(schema: object): object {
  const keys = new Map<object, string>();
  const keyOf = (node: unknown): string => {
    if (typeof node !== 'object' || node === null) return JSON.stringify(node);
    const cached = keys.get(node);
    if (cached !== undefined) return cached;
    const key = Array.isArray(node)
      ? `[${node.map(keyOf).join(',')}]`
      : `{${Object.keys(node).sort().map((k) => `${JSON.stringify(k)}:${keyOf((node as Record<string, unknown>)[k])}`).join(',')}}`;
    keys.set(node, key);
    return key;
  };
  // Only nodes in schema positions may become references (not a `properties` map or an enum value).
  const counts = new Map<string, number>();
  forEachSubschema(schema, (node) => {
    const key = keyOf(node);
    if (key.length >= SHARED_SUBTREE_MIN_SIZE) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const definitions: Record<string, unknown> = {};
  const names = new Map<string, string>();
  const rebuild = (node: Record<string, unknown>, isRoot: boolean): unknown => {
    const key = keyOf(node);
    if (!isRoot && (counts.get(key) ?? 0) > 1) {
      let name = names.get(key);
      if (name === undefined) {
        name = `shared${names.size}`;
        names.set(key, name);
        definitions[name] = mapSubschemas(node, (child) => rebuild(child, false));
      }
      return { $ref: `#/definitions/${name}` };
    }
    return mapSubschemas(node, (child) => rebuild(child, false));
  };
  const root = rebuild(schema as Record<string, unknown>, true) as Record<string, unknown>;
  return names.size === 0 ? root : { ...root, definitions };
}

type Subschema = Record<string, unknown>;
const isSubschema = (value: unknown): value is Subschema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Copies a schema node, replacing each direct subschema (properties, items, combinators...). */
function mapSubschemas(node: Subschema, map: (child: Subschema) => unknown): Subschema {
  const out: Subschema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'properties' && isSubschema(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, isSubschema(child) ? map(child) : child]));
    } else if ((keyword === 'items' || keyword === 'additionalProperties' || keyword === 'not') && isSubschema(value)) {
      out[keyword] = map(value);
    } else if ((keyword === 'oneOf' || keyword === 'anyOf' || keyword === 'allOf') && Array.isArray(value)) {
      out[keyword] = value.map((branch) => (isSubschema(branch) ? map(branch) : branch));
    } else {
      out[keyword] = value;
    }
  }
  return out;
}

function forEachSubschema(node: object, visit: (child: Subschema) => void): void {
  mapSubschemas(node as Subschema, (child) => {
    visit(child);
    forEachSubschema(child, visit);
    return child;
  });
}

/** The compiled validator for a kind and version, or undefined when there is no schema for it. */
export function validatorFor(kind: PolicyKindName, version: string): ValidateFunction | undefined {
  const schema = schemaFor(kind, version);
  return schema ? validatorForEntry(bundledEntryOf(schema)) : undefined;
}

/** The compiled validator for a companion kind (DestinationRule, CiliumCIDRGroup...) and version. */
export function companionValidatorFor(kind: CompanionKind, version: string): ValidateFunction | undefined {
  const schema = companionSchemaFor(kind, version);
  return schema ? validatorForEntry(bundledEntryOf(schema)) : undefined;
}

function bundledEntryOf(schema: PolicySchema): SchemaSetEntry {
  const { group, kind, version } = schema['x-meshlens-kind'];
  return bundledSchemaSet.entry(group, kind, version)!;
}

/**
 * The validator of a schema-set entry. Made once per schema content (the entry's hash), so the same CRD read again
 * (a rescan, a relist, another document) costs nothing, and two sets share what they share.
 */
export function validatorForEntry(entry: SchemaSetEntry): ValidateFunction | undefined {
  const cached = validators.get(entry.hash);
  if (cached !== undefined) return cached ?? undefined;
  const precompiled = entry.origin.kind === 'bundled' ? precompiledValidators[entry.hash] : undefined;
  const validator = precompiled ? precompiled() : compileValidator(entry);
  validators.set(entry.hash, validator);
  return validator ?? undefined;
}

/** A validator compiled by ajv in this process (never the precompiled one), or null when ajv cannot compile the schema. */
export function compileValidator(entry: SchemaSetEntry): ValidateFunction | null {
  ajv ??= createAjv();
  compilations += 1;
  try {
    return ajv.compile(withSharedDefinitions(entry.schema));
  } catch {
    // A user's CRD that ajv cannot compile (a keyword combination the bundled ones never use): no schema check for
    // it rather than a crash; the bundled schemas always compile (schemaCatalog.test.ts).
    return null;
  }
}

let compilations = 0;

/** How many schemas were compiled in this process (tests prove a set is compiled once, not per document). */
export function schemaCompilations(): number {
  return compilations;
}
