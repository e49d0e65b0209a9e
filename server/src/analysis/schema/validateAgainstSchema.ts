// Validates a policy document against the JSON Schema generated from its upstream CRD.
// (Placeholder until the schema generator lands: reports nothing.)
import type { Finding } from '../model/finding';
import type { PolicyDocument } from '../policyDocument';

export function validateAgainstSchema(_doc: PolicyDocument): Finding[] {
  return [];
}
