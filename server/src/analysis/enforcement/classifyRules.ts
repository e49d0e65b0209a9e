// Entry point of the rule annotator: every rule of a policy document with its layer, enforcer, mode,
// effect and a plain-words summary. Pure; never throws on half-typed input (bad shapes yield fewer rules).
import type { PolicyDocument } from '../policyDocument';
import type { PolicyFamily } from '../policyKinds';
import { classifyCiliumRules } from './classifyCiliumRules';
import { classifyIstioRules } from './classifyIstioRules';
import { classifyKubernetesRules } from './classifyKubernetesRules';
import { emptyWorkspace, type EnforcementWorkspace } from './enforcementWorkspace';
import type { ClassificationDetail, ClassifiedRule } from './ruleEnforcement';

// Every family honours `detail` (Istio keeps its notes with `outcome`: its pitfalls quote them).
const classifiers: Record<PolicyFamily, (policy: PolicyDocument, workspace: EnforcementWorkspace, detail: ClassificationDetail) => ClassifiedRule[]> = {
  cilium: classifyCiliumRules,
  istio: classifyIstioRules,
  kubernetes: classifyKubernetesRules,
};

export function classifyRules(policy: PolicyDocument, workspace: EnforcementWorkspace = emptyWorkspace, detail: ClassificationDetail = 'full'): ClassifiedRule[] {
  if (typeof policy.value !== 'object' || policy.value === null) return [];
  return classifiers[policy.kind.family](policy, workspace, detail);
}
