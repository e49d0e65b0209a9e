// Validates a policy document against the JSON Schema of its CRD (or the Kubernetes OpenAPI for NetworkPolicy) —
// the bundled one, or the user's own where the schema set says so (schemaSet.ts) — then runs the CRD's CEL rules,
// like the API server does on create with strict field validation. With the user's CRD in force, fields on which it
// and the bundled one disagree get ML1015. Never throws on user input.
import type { Finding } from '../model/finding';
import type { PolicyDocument } from '../policyDocument';
import type { CompanionDocument } from '../companionKinds';
import type { YamlDocument } from '../yaml/parseYamlDocuments';
import type { ValidateFunction } from 'ajv';
import type { JsonSchemaNode } from './schemaCatalog';
import { validatorForEntry } from './schemaValidators';
import { bundledSchemaSet, type SchemaSet } from './schemaSet';
import { schemaDriftFindings } from './schemaDriftFindings';
import { schemaErrorFindings } from './schemaErrorFindings';
import { celValidationFindings } from './celValidationFindings';
import { listTypeFindings } from './listTypeFindings';
import { yaml11BooleanFindings } from './yaml11BooleanFindings';
import { objectMetaFindings } from './objectMetaFindings';
import { withSchemaDefaultsForRules } from './schemaDefaults';
import { makeFinding } from '../findings/findingCodes';
import { spanAt } from '../yaml/parseYamlDocuments';

/** Validates against the schema `schemas` has in force for the document's group/kind/version (bundled by default). */
export function validateAgainstSchema(doc: PolicyDocument, schemas: SchemaSet = bundledSchemaSet): Finding[] {
  // The API server checks list-type uniqueness for custom resources only.
  return validateDocument(doc.yaml, doc.value, schemas, doc.kind.group, doc.kind.kind, doc.version, doc.kind.family !== 'kubernetes');
}

/** The same validation for a companion kind (all of them are custom resources). */
export function validateCompanionAgainstSchema(doc: CompanionDocument, schemas: SchemaSet = bundledSchemaSet): Finding[] {
  const schema = schemas.entry(doc.kind.group, doc.kind.kind, doc.version)?.schema;
  const findings = validateDocument(doc.yaml, doc.value, schemas, doc.kind.group, doc.kind.kind, doc.version, true);
  if (doc.value.spec !== undefined || !schema?.required?.includes('spec')) return findings;
  // A spec-less companion is an analyzer fixture or a status dump more often than a mistake: warn (ML1014).
  const missingSpec = (f: Finding) => f.code === 'ML1004' && f.message === MISSING_SPEC;
  return [
    ...findings.filter((f) => !missingSpec(f)),
    makeFinding('ML1014', spanAt(doc.yaml, ['kind']), `This ${doc.kind.kind} has no \`spec\`: it configures nothing, and the API server rejects it (the CRD requires spec).`, doc.yaml.index),
  ];
}

// The wording schemaErrorFindings gives a missing top-level `spec`.
const MISSING_SPEC = 'The document is missing the required field `spec`.';

function validateDocument(
  yaml: YamlDocument,
  document: Record<string, unknown>,
  schemas: SchemaSet,
  group: string,
  kind: string,
  version: string,
  isCustomResource: boolean,
): Finding[] {
  const entry = schemas.entry(group, kind, version);
  const validate = entry ? validatorForEntry(entry) : undefined;
  if (!entry || !validate) return [];
  const findings = validateWith(yaml, withoutNullFields(document), entry.schema, validate, isCustomResource);
  const bundled = schemas.replaced(group, kind, version);
  if (bundled) findings.push(...schemaDriftFindings(yaml, withoutNullFields(document), entry, bundled));
  return findings;
}

function validateWith(yaml: YamlDocument, value: unknown, schema: JsonSchemaNode, validate: ValidateFunction, isCustomResource: boolean): Finding[] {
  const findings = validate(value) ? [] : schemaErrorFindings(yaml, value, validate.errors ?? [], schema);
  findings.push(...objectMetaFindings(yaml, value));
  findings.push(...yaml11BooleanFindings(yaml, schema, value));
  findings.push(...celValidationFindings(yaml, schema, withSchemaDefaultsForRules(schema, value)));
  if (isCustomResource) findings.push(...listTypeFindings(yaml, schema, value));
  return findings;
}

/**
 * The API server drops mapping fields whose value is null before validating (apiextensions
 * PruneNonNullableNullsWithoutDefaults; built-in types decode null as "unset"), so `key:` with no
 * value is not an error there. List items are kept: a null item is an error upstream too.
 */
export function withoutNullFields(value: unknown): unknown {
  // Nothing downstream changes the value, so one without null fields (nearly every document) is used as it is.
  return hasNullField(value) ? dropNullFields(value) : value;
}

function hasNullField(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullField);
  if (typeof value !== 'object' || value === null) return false;
  // The copy assigns keys, so a `__proto__` key becomes the copy's prototype: copy such a value as before.
  if (Object.hasOwn(value, '__proto__')) return true;
  for (const child of Object.values(value)) if (child === null || child === undefined || hasNullField(child)) return true;
  return false;
}

function dropNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNullFields);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null && child !== undefined) out[key] = dropNullFields(child);
  }
  return out;
}
