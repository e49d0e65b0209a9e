// What classification and pitfall checks may know beyond one document: the data-plane context and the
// other policies of the workspace. Adapters fill it (from open files, a folder scan, or the inventory).
import type { PolicyDocument } from '../policyDocument';
import { emptyDataplaneContext, type DataplaneContext } from './dataplaneContext';
import type { CiliumRuleSource } from './ciliumL7Cancellation';

export interface WorkspacePolicy {
  /** Stable id of the document, e.g. `<uri>#<index>`, used to point at other documents. */
  readonly key: string;
  readonly policy: PolicyDocument;
}

export interface EnforcementWorkspace {
  readonly dataplane: DataplaneContext;
  readonly policies: readonly WorkspacePolicy[];
}

export const emptyWorkspace: EnforcementWorkspace = { dataplane: emptyDataplaneContext(), policies: [] };

export function policyNamespace(policy: PolicyDocument, workspace: EnforcementWorkspace): string {
  return policy.namespace ?? workspace.dataplane.defaultNamespace;
}

/** The Cilium rules (spec and specs[]) of a policy document. */
export function ciliumRuleSources(policy: PolicyDocument, documentKey: string, namespace: string): CiliumRuleSource[] {
  const out: CiliumRuleSource[] = [];
  const spec = policy.value.spec;
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    out.push({ documentKey, kind: policy.kind.kind, namespace, basePath: ['spec'], rule: spec as Record<string, unknown> });
  }
  if (Array.isArray(policy.value.specs)) {
    policy.value.specs.forEach((rule, i) => {
      if (typeof rule === 'object' && rule !== null && !Array.isArray(rule)) out.push({ documentKey, kind: policy.kind.kind, namespace, basePath: ['specs', i], rule: rule as Record<string, unknown> });
    });
  }
  return out;
}

/** Rule sources of every Cilium policy in the workspace plus the target (when it is not listed). */
export function workspaceCiliumSources(target: PolicyDocument, workspace: EnforcementWorkspace): { own: CiliumRuleSource[]; all: CiliumRuleSource[] } {
  const listed = workspace.policies.find((p) => p.policy.value === target.value);
  const ownKey = listed?.key ?? '(this document)';
  const own = ciliumRuleSources(target, ownKey, policyNamespace(target, workspace));
  const others = workspace.policies
    .filter((p) => p.policy.value !== target.value && p.policy.kind.family === 'cilium')
    .flatMap((p) => ciliumRuleSources(p.policy, p.key, policyNamespace(p.policy, workspace)));
  return { own, all: [...own, ...others] };
}
