// The open floor, as it defines it: what any YAML language server pays to read a file of policies, a
// whole-file `yaml.parseAllDocuments`, each document's plain value, and the ajv validator of its kind (the same
// compiled validators meshlens uses). No ranges, no CEL, no dialect checks, no workspace facts: meshlens's own
// per-document analysis (`analyzeText`) does more and is printed beside it as a second reference, never as the floor.
import { parseAllDocuments } from 'yaml';
import { policyKindNamed, splitApiVersion } from '../server/src/analysis/policyKinds';
import { validatorFor } from '../server/src/analysis/schema/schemaValidators';

/** Parses and validates every document; returns how many were validated (so a bench can check it saw them all). */
export function parseValidateFloor(text: string): number {
  let validated = 0;
  for (const document of parseAllDocuments(text)) {
    const value: unknown = document.toJS();
    if (!value || typeof value !== 'object') continue;
    const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
    const policyKind = policyKindNamed(kind);
    if (!policyKind || typeof apiVersion !== 'string') continue;
    const validate = validatorFor(policyKind.kind, splitApiVersion(apiVersion).version);
    if (!validate) continue;
    validate(value);
    validated += 1;
  }
  return validated;
}
