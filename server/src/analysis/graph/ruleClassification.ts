// Graph edges carry the layer, enforcer and label of their rules from the same classification hover and
// inlay hints show (enforcement/classifyRules.ts over the same workspace model and settings), so the two
// cannot disagree and the webview has nothing to derive. Classified lazily, once per policy on an edge.
import { classifyRules } from '../enforcement/classifyRules';
import { dataplaneContextOf } from '../enforcement/dataplaneContext';
import { enforcementLabel } from '../enforcement/describeEnforcement';
import type { EnforcementWorkspace } from '../enforcement/enforcementWorkspace';
import type { ClassifiedRule, EnforcerId, Layer } from '../enforcement/ruleEnforcement';
import type { Inventory, PolicySource } from '../inventory/inventoryModel';
import type { ValuePath } from '../model/sourceSpan';
import type { PolicyDocument } from '../policyDocument';
import { policyKindNamed, splitApiVersion } from '../policyKinds';

export interface RuleAnnotation {
  readonly layer: Layer;
  readonly label: string;
}

/** The classification of the rule at `path` of `policy` for the enforcer that applied it, or undefined. */
export type RuleAnnotator = (policy: PolicySource, path: ValuePath, enforcer: EnforcerId) => RuleAnnotation | undefined;

/** The policy document hover would classify; undefined for policies not read from text (no spans). */
export function policyDocumentOf(policy: PolicySource): PolicyDocument | undefined {
  const document = policy.source.document;
  const kind = policyKindNamed(policy.kind);
  if (!document || !kind) return undefined;
  const apiVersion = typeof policy.value.apiVersion === 'string' ? policy.value.apiVersion : '';
  return { yaml: document, kind, apiVersion, version: splitApiVersion(apiVersion).version, value: policy.value, name: policy.name, namespace: policy.namespace };
}

/** The enforcement workspace of an inventory: the classification side of the one workspace model. */
export function enforcementWorkspaceOf(inventory: Inventory): EnforcementWorkspace {
  const policies = inventory.policies.flatMap((policy) => {
    const document = policyDocumentOf(policy);
    return document ? [{ key: `${policy.source.file}#${policy.source.documentIndex ?? 0}`, policy: document }] : [];
  });
  return { dataplane: dataplaneContextOf(inventory), policies };
}

/**
 * The classified rule that speaks for a graph rule path: the same path, else the nearest enclosing
 * classified rule (a Cilium `icmps` under its item), else, for a path that encloses rules (an Istio policy
 * whose ALLOW rules all failed, `spec`), the first of those.
 */
export function classifiedRuleAt(rules: readonly ClassifiedRule[], path: ValuePath): ClassifiedRule | undefined {
  const key = (p: ValuePath) => p.join('\u0000');
  const byPath = new Map(rules.map((r) => [key(r.path), r]));
  for (let n = path.length; n > 0; n--) {
    const hit = byPath.get(key(path.slice(0, n)));
    if (hit) return hit;
  }
  return rules.find((r) => path.every((part, i) => r.path[i] === part));
}

/** Which of a classified rule's outcomes (primary, or another mode's) is the one `enforcer` applies. */
export function outcomeFor(rule: ClassifiedRule, enforcer: EnforcerId): RuleAnnotation | undefined {
  if (rule.enforcer === enforcer) return { layer: rule.layer, label: enforcementLabel(rule) };
  const alternative = rule.alternatives?.find((a) => a.enforcer === enforcer);
  return alternative ? { layer: alternative.layer, label: enforcementLabel(rule) } : undefined;
}

export function createRuleAnnotator(inventory: Inventory): RuleAnnotator {
  let workspace: EnforcementWorkspace | undefined;
  const classified = new Map<PolicySource, readonly ClassifiedRule[]>();
  return (policy, path, enforcer) => {
    let rules = classified.get(policy);
    if (!rules) {
      const document = policyDocumentOf(policy);
      workspace ??= enforcementWorkspaceOf(inventory);
      try {
        rules = document ? classifyRules(document, workspace) : [];
      } catch {
        rules = [];
      }
      classified.set(policy, rules);
    }
    const rule = classifiedRuleAt(rules, path);
    return rule ? outcomeFor(rule, enforcer) : undefined;
  };
}
