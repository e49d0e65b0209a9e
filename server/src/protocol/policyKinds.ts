// The policy kinds as the client sees them: which `kind:` values make a YAML file a meshlens policy file
// (the editor-title graph button shows on those). The table is owned by the analysis core; this is its
// contract surface, so the client and the webview import protocol/ only.
import { policyKinds, type PolicyKindName } from '../analysis/policyKinds';

export type { PolicyKindName };

export const policyKindNames: readonly PolicyKindName[] = policyKinds.map((k) => k.kind);

const kindLine = new RegExp(`^kind:[ \\t]*(["']?)(?:${policyKindNames.join('|')})\\1[ \\t]*(?:#.*)?$`, 'm');

/** Whether a YAML text holds a top-level `kind:` line of a policy kind. Cheap: one regex scan, no parsing. */
export function containsPolicyKind(text: string): boolean {
  return kindLine.test(text);
}
