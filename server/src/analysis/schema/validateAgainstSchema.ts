// Validates a policy document against the JSON Schema generated from its upstream CRD (or the
// Kubernetes OpenAPI for NetworkPolicy), then runs the CRD's CEL rules, like the API server does on
// create with strict field validation. Never throws on user input.
import type { Finding } from '../model/finding';
import type { PolicyDocument } from '../policyDocument';
import { schemaFor } from './schemaCatalog';
import { validatorFor } from './schemaValidators';
import { schemaErrorFindings } from './schemaErrorFindings';
import { celValidationFindings } from './celValidationFindings';
import { listTypeFindings } from './listTypeFindings';
import { yaml11BooleanFindings } from './yaml11BooleanFindings';
import { objectMetaFindings } from './objectMetaFindings';

export function validateAgainstSchema(doc: PolicyDocument): Finding[] {
  const schema = schemaFor(doc.kind.kind, doc.version);
  const validate = validatorFor(doc.kind.kind, doc.version);
  if (!schema || !validate) return [];
  const value = withoutNullFields(doc.value);
  const findings = validate(value) ? [] : schemaErrorFindings(doc.yaml, value, validate.errors ?? [], schema);
  findings.push(...objectMetaFindings(doc.yaml, value));
  findings.push(...yaml11BooleanFindings(doc.yaml, schema, value));
  findings.push(...celValidationFindings(doc.yaml, schema, value));
  // The API server checks list-type uniqueness for custom resources only.
  if (doc.kind.family !== 'kubernetes') findings.push(...listTypeFindings(doc.yaml, schema, value));
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
