// Validates a policy document against the JSON Schema generated from its upstream CRD (or the
// Kubernetes OpenAPI for NetworkPolicy), then runs the CRD's CEL rules, like the API server does on
// create with strict field validation. Never throws on user input.
import type { Finding } from '../model/finding';
import type { PolicyDocument } from '../policyDocument';
import type { CompanionDocument } from '../companionKinds';
import type { YamlDocument } from '../yaml/parseYamlDocuments';
import type { ValidateFunction } from 'ajv';
import { companionSchemaFor, schemaFor, type PolicySchema } from './schemaCatalog';
import { companionValidatorFor, validatorFor } from './schemaValidators';
import { schemaErrorFindings } from './schemaErrorFindings';
import { celValidationFindings } from './celValidationFindings';
import { listTypeFindings } from './listTypeFindings';
import { yaml11BooleanFindings } from './yaml11BooleanFindings';
import { objectMetaFindings } from './objectMetaFindings';
import { withSchemaDefaults } from './schemaDefaults';
import { makeFinding } from '../findings/findingCodes';
import { spanAt } from '../yaml/parseYamlDocuments';

export function validateAgainstSchema(doc: PolicyDocument): Finding[] {
  // The API server checks list-type uniqueness for custom resources only.
  return validateDocument(doc.yaml, doc.value, schemaFor(doc.kind.kind, doc.version), validatorFor(doc.kind.kind, doc.version), doc.kind.family !== 'kubernetes');
}

/** The same validation for a companion kind (all of them are custom resources). */
export function validateCompanionAgainstSchema(doc: CompanionDocument): Finding[] {
  const schema = companionSchemaFor(doc.kind, doc.version);
  const findings = validateDocument(doc.yaml, doc.value, schema, companionValidatorFor(doc.kind, doc.version), true);
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
  schema: PolicySchema | undefined,
  validate: ValidateFunction | undefined,
  isCustomResource: boolean,
): Finding[] {
  if (!schema || !validate) return [];
  const value = withoutNullFields(document);
  const findings = validate(value) ? [] : schemaErrorFindings(yaml, value, validate.errors ?? [], schema);
  findings.push(...objectMetaFindings(yaml, value));
  findings.push(...yaml11BooleanFindings(yaml, schema, value));
  findings.push(...celValidationFindings(yaml, schema, withSchemaDefaults(schema, value)));
  if (isCustomResource) findings.push(...listTypeFindings(yaml, schema, value));
  return findings;
}

/**
 * The API server drops mapping fields whose value is null before validating (apiextensions
 * PruneNonNullableNullsWithoutDefaults; built-in types decode null as "unset"), so `key:` with no
 * value is not an error there. List items are kept: a null item is an error upstream too.
 */
export function withoutNullFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullFields);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null && child !== undefined) out[key] = withoutNullFields(child);
  }
  return out;
}
