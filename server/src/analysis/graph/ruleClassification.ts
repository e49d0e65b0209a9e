// Graph edges carry the layer, enforcer and label of their rules from the same classification hover and
// inlay hints show (enforcement/classifyRules.ts over the same workspace model and settings), so the two
// cannot disagree and the webview has nothing to derive. Classified lazily, once per policy on an edge.
import { classifyRules } from '../enforcement/classifyRules';
import { dataplaneContextOf, type DataplaneContext } from '../enforcement/dataplaneContext';
import { enforcementLabel } from '../enforcement/describeEnforcement';
import { deriveWorkspace, type EnforcementWorkspace, type WorkspacePolicy } from '../enforcement/enforcementWorkspace';
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

// A policy's listing in the workspace, made once per policy object: the object lives as long as its value and
// place in the file do, and a listing may carry the offsets of an earlier revision (WorkspacePolicy), so a move
// costs nothing here.
const listings = new WeakMap<PolicySource, WorkspacePolicy | null>();

/** The enforcement workspace of an inventory: the classification side of the one workspace model. */
export function enforcementWorkspaceOf(inventory: Inventory, dataplane: DataplaneContext = dataplaneContextOf(inventory)): EnforcementWorkspace {
  const policies: WorkspacePolicy[] = [];
  for (const policy of inventory.policies) {
    const listing = listingOf(policy);
    if (listing) policies.push(listing);
  }
  return { dataplane, policies };
}

function listingOf(policy: PolicySource): WorkspacePolicy | null {
  let listing = listings.get(policy);
  if (listing === undefined) {
    const document = policyDocumentOf(policy);
    listing = document ? { key: `${policy.source.file}#${policy.source.documentIndex ?? 0}`, policy: document } : null;
    listings.set(policy, listing);
  }
  return listing;
}

const rulesByPath = new WeakMap<readonly ClassifiedRule[], Map<string, ClassifiedRule>>();

/**
 * The classified rule that speaks for a graph rule path: the same path, else the nearest enclosing
 * classified rule (a Cilium `icmps` under its item), else, for a path that encloses rules (an Istio policy
 * whose ALLOW rules all failed, `spec`), the first of those.
 */
export function classifiedRuleAt(rules: readonly ClassifiedRule[], path: ValuePath): ClassifiedRule | undefined {
  // A policy's rule list is asked once per rule path of its edges: its path map is made once.
  let byPath = rulesByPath.get(rules);
  if (!byPath) {
    byPath = new Map();
    for (const r of rules) byPath.set(pathKey(r.path, r.path.length), r);
    rulesByPath.set(rules, byPath);
  }
  for (let n = path.length; n > 0; n--) {
    const hit = byPath.get(pathKey(path, n));
    if (hit) return hit;
  }
  return rules.find((r) => path.every((part, i) => r.path[i] === part));
}

/** The first `n` parts of a path as one string (the parts joined by NUL, as a map key). */
function pathKey(path: ValuePath, n: number): string {
  let key = n > 0 ? String(path[0]) : '';
  for (let i = 1; i < n; i++) key += `\u0000${path[i]}`;
  return key;
}

/** Which of a classified rule's outcomes (primary, or another mode's) is the one `enforcer` applies. */
export function outcomeFor(rule: ClassifiedRule, enforcer: EnforcerId): RuleAnnotation | undefined {
  if (rule.enforcer === enforcer) return { layer: rule.layer, label: enforcementLabel(rule) };
  const alternative = rule.alternatives?.find((a) => a.enforcer === enforcer);
  return alternative ? { layer: alternative.layer, label: enforcementLabel(rule) } : undefined;
}

/**
 * Rule classifications kept across graph runs (a traffic session's graph cache holds one), so an edit
 * re-classifies only what it can have changed. A classification reads the policy, the data-plane context
 * (settings, namespaces, workloads, gateways, waypoints, Services) and, for Cilium only, the workspace's other
 * Cilium policies (L7 cancellation, classifyCiliumRules.ts): any change of the context drops everything, a
 * change of the set of Cilium policies drops the Cilium entries; a policy itself is keyed by identity (the
 * session hands out the same PolicySource while its file's text is unchanged).
 */
export interface ClassificationMemo {
  /** The inventory parts contextInputs were read from: the same objects (an incremental session's policy edit) need no item-wise check. */
  contextParts?: readonly unknown[];
  contextInputs?: readonly unknown[];
  ciliumPolicies?: readonly PolicySource[];
  rules: WeakMap<PolicySource, readonly ClassifiedRule[]>;
  ciliumRules: WeakMap<PolicySource, readonly ClassifiedRule[]>;
  /** The workspace classified against; its policy list is only read for Cilium neighbours, so it lives as long as ciliumRules. */
  workspace?: EnforcementWorkspace;
  /** The data-plane context of the memo's context inputs (kept with them, so its per-context groupings are too). */
  dataplane?: DataplaneContext;
  dataplaneCidrGroups?: readonly unknown[];
  /** The last workspace of the same context, which the next one derives its Cilium index from (deriveWorkspace). */
  previousWorkspace?: EnforcementWorkspace;
}

export function createClassificationMemo(): ClassificationMemo {
  return { rules: new WeakMap(), ciliumRules: new WeakMap() };
}

/** What dataplaneContextOf reads, as a flat list compared by identity. */
function contextInputsOf(inventory: Inventory): unknown[] {
  const inputs: unknown[] = [inventory.dataplaneMode, inventory.defaultNamespace, inventory.rootNamespace];
  for (const [name, info] of inventory.namespaces) if (info.declared) inputs.push(name, info.labels);
  inputs.push('workloads', ...inventory.workloads, 'gateways', ...inventory.gateways, 'waypoints', ...inventory.waypoints, 'services', ...inventory.services);
  return inputs;
}

function sameItems(a: readonly unknown[] | undefined, b: readonly unknown[]): boolean {
  return a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);
}

/** Drops what `inventory` may classify differently from the inventory the memo was filled under. */
function revalidate(memo: ClassificationMemo, inventory: Inventory): void {
  const parts = [inventory.dataplaneMode, inventory.defaultNamespace, inventory.rootNamespace, inventory.namespaces, inventory.workloads, inventory.gateways, inventory.waypoints, inventory.services];
  const sameParts = sameItems(memo.contextParts, parts);
  const inputs = sameParts ? memo.contextInputs! : contextInputsOf(inventory);
  memo.contextParts = parts;
  const cilium = inventory.policies.filter((p) => policyKindNamed(p.kind)?.family === 'cilium');
  if (!sameParts && !sameItems(memo.contextInputs, inputs)) {
    memo.rules = new WeakMap();
    memo.ciliumRules = new WeakMap();
    memo.workspace = undefined;
    memo.previousWorkspace = undefined;
    memo.dataplane = undefined;
  } else if (!sameItems(memo.ciliumPolicies, cilium)) {
    memo.ciliumRules = new WeakMap();
    memo.previousWorkspace = memo.workspace ?? memo.previousWorkspace;
    memo.workspace = undefined;
  }
  memo.contextInputs = inputs;
  memo.ciliumPolicies = cilium;
  // The context also carries the CIDR groups (not among the inputs the classifications are kept by).
  const cidrGroups = inventory.cidrGroups ?? [];
  if (!sameItems(memo.dataplaneCidrGroups, cidrGroups)) memo.dataplane = undefined;
  memo.dataplaneCidrGroups = cidrGroups;
}

export function createRuleAnnotator(inventory: Inventory, memo: ClassificationMemo = createClassificationMemo()): RuleAnnotator {
  let checked = false;
  return (policy, path, enforcer) => {
    if (!checked) {
      checked = true;
      revalidate(memo, inventory);
    }
    const kept = policyKindNamed(policy.kind)?.family === 'cilium' ? memo.ciliumRules : memo.rules;
    let rules = kept.get(policy);
    if (!rules) {
      // The policy's listing in the workspace (made just before, with the workspace): an 'outcome' classification
      // reads its value and kind, not the offsets a listing of an earlier revision may carry.
      const document = listingOf(policy)?.policy;
      if (!memo.workspace) {
        memo.dataplane ??= dataplaneContextOf(inventory);
        // The same context with some policies edited: the Cilium index re-reads only those (enforcementWorkspace.ts).
        memo.workspace = deriveWorkspace(enforcementWorkspaceOf(inventory, memo.dataplane), memo.previousWorkspace);
        memo.previousWorkspace = undefined;
      }
      try {
        // Edges read a rule's outcome (layer, enforcer, label), never its spans or words.
        rules = document ? classifyRules(document, memo.workspace, 'outcome') : [];
      } catch {
        rules = [];
      }
      kept.set(policy, rules);
    }
    const rule = classifiedRuleAt(rules, path);
    return rule ? outcomeFor(rule, enforcer) : undefined;
  };
}
