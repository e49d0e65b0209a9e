// Runs every enforcement pitfall check (ML4xxx) for one policy document against the workspace context.
// Pure: the workspace (data-plane facts and the other policies) is passed in.
import type { Finding } from '../../model/finding';
import type { PolicyDocument } from '../../policyDocument';
import type { EnforcementWorkspace } from '../enforcementWorkspace';
import type { ClassificationDetail, ClassifiedRule } from '../ruleEnforcement';
import { ciliumPitfalls, networkPolicyCidrPitfalls } from './ciliumPitfalls';
import { istioPitfalls } from './istioPitfalls';
import { meshInteropPitfalls } from './meshInteropPitfalls';
import { servicePortPitfalls } from './servicePortPitfalls';

/**
 * `rules`: the document's classified rules (in full), or a function that classifies them with a detail: only the
 * Istio checks read them, so for Cilium and Kubernetes documents the function is never called (analyzeEnforcement
 * classifies on demand); the Istio checks ask for the outcomes of rules only (detail `ruleOutcomes`).
 */
export function findEnforcementPitfalls(policy: PolicyDocument, rules: readonly ClassifiedRule[] | ((detail: ClassificationDetail) => readonly ClassifiedRule[]), workspace: EnforcementWorkspace): Finding[] {
  switch (policy.kind.family) {
    case 'istio':
      return joined(istioPitfalls(policy, typeof rules === 'function' ? () => rules('ruleOutcomes') : () => rules, workspace), servicePortPitfalls(policy, workspace));
    case 'cilium':
      return joined(ciliumPitfalls(policy, workspace), meshInteropPitfalls(policy, workspace), servicePortPitfalls(policy, workspace));
    case 'kubernetes':
      return joined(networkPolicyCidrPitfalls(policy), meshInteropPitfalls(policy, workspace), servicePortPitfalls(policy, workspace));
    default:
      return [];
  }
}

/** The lists one after the other, in a new list (indexed loops: once per policy document of an open, in code not yet optimised). */
function joined(a: readonly Finding[], b: readonly Finding[], c: readonly Finding[] = []): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  for (let i = 0; i < b.length; i++) out.push(b[i]);
  for (let i = 0; i < c.length; i++) out.push(c[i]);
  return out;
}
