// Whether a YAML text holds one of the policy kinds meshlens understands (a top-level `kind:` line),
// so the editor-title graph button shows on policy files only. Cheap: one regex scan, no parsing.
import { policyKinds } from '../../../server/src/protocol/policyKinds';

const kindLine = new RegExp(`^kind:[ \\t]*(["']?)(?:${policyKinds.map((k) => k.kind).join('|')})\\1[ \\t]*(?:#.*)?$`, 'm');

export function containsPolicyKind(text: string): boolean {
  return kindLine.test(text);
}
