// Findings about the workspace as the traffic graph sees it: policies that select nothing, peers that
// match nothing, policies in empty namespaces, namespace labels we cannot know, undefined named ports.
import { makeFinding } from '../findings/findingCodes';
import type { InventoryFinding, PolicySource } from '../inventory/inventoryModel';
import { span, type SourceSpan, type ValuePath } from '../model/sourceSpan';
import type { CompiledRule } from './compiledRule';
import type { TrafficModel } from './trafficModel';

export function graphFindings(model: TrafficModel): InventoryFinding[] {
  return model.inventory.policies.flatMap((policy) => policyGraphFindings(model, policy));
}

/** The findings of one policy; they depend only on it and the workloads, so callers may cache them. */
export function policyGraphFindings(model: TrafficModel, policy: PolicySource): InventoryFinding[] {
  return placeGraphFindings(policy, policyGraphFacts(model, policy));
}

/** A graph finding before it has a position: a policy that moved keeps its facts, only the spans are made again. */
export interface GraphFact {
  readonly path: ValuePath;
  readonly code: string;
  readonly message: string;
}

/** The findings of `facts` at the policy's current location. */
export function placeGraphFindings(policy: PolicySource, facts: readonly GraphFact[]): InventoryFinding[] {
  const out = facts.map(({ path, code, message }) => {
    const at: SourceSpan = policy.source.spanOf?.(path) ?? span(0, 0);
    return { file: policy.source.file, finding: makeFinding(code, at, message, policy.source.documentIndex) };
  });
  return facts.length > 1 ? dedupe(out) : out;
}

/** What policyGraphFindings reports, without positions (they depend only on the policy and the workloads). */
export function policyGraphFacts(model: TrafficModel, policy: PolicySource): GraphFact[] {
  const { inventory } = model;
  if (inventory.workloads.length === 0) return [];
  const out: GraphFact[] = [];
  const report = (_policy: PolicySource, path: ValuePath, code: string, message: string): void => {
    out.push({ path, code, message });
  };
  const { namespacesWithWorkloads, undeclared } = namespaceFacts(model);
  const label = policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name;
  if (policy.namespace && !namespacesWithWorkloads.has(policy.namespace) && policy.namespace !== inventory.rootNamespace) {
    report(policy, ['metadata', 'namespace'], 'ML5003', `${policy.kind} ${label} is in namespace "${policy.namespace}", where the workspace defines no workload.`);
    return out;
  }
  const rules = model.rulesByPolicy.get(policy) ?? [];
  if (rules.length > 0 && rules.every((r) => model.subjectsOf(r).length === 0)) {
    report(policy, subjectPath(policy), 'ML5001', `${policy.kind} ${label}: selector matches no workload in the workspace.`);
    return out;
  }
  if (policy.kind === 'AuthorizationPolicy' || policy.kind === 'PeerAuthentication' || policy.kind === 'RequestAuthentication') {
    const spec = record(policy.value.spec);
    const labels = Object.fromEntries(Object.entries(record(record(spec.selector).matchLabels)).map(([k, v]) => [k, String(v)]));
    // A hint of the one shape the index reads (a spread of a literal made a hidden class per policy).
    const candidates = model.candidateWorkloads({ namespace: policy.namespace, labels, namespaceSelector: undefined });
    if (spec.selector !== undefined && policy.namespace !== inventory.rootNamespace && !candidates.some((w) => w.namespace === policy.namespace && Object.entries(labels).every(([k, v]) => w.labels[k] === v))) {
      report(policy, ['spec', 'selector'], 'ML5001', `${policy.kind} ${label}: selector matches no workload in the workspace.`);
    }
    return out;
  }
  for (const rule of rules) checkRule(model, rule, undeclared, (path, code, message) => report(policy, path, code, message));
  return out;
}

// By workload list, and checked against the namespace map: successive models of a session share both.
const namespaceFactsCache = new WeakMap<readonly unknown[], { namespaces: unknown; namespacesWithWorkloads: Set<string>; undeclared: string[] }>();

function namespaceFacts(model: TrafficModel): { namespacesWithWorkloads: Set<string>; undeclared: string[] } {
  let facts = namespaceFactsCache.get(model.inventory.workloads);
  if (!facts || facts.namespaces !== model.inventory.namespaces) {
    const namespacesWithWorkloads = new Set(model.inventory.workloads.map((w) => w.namespace));
    facts = { namespaces: model.inventory.namespaces, namespacesWithWorkloads, undeclared: [...namespacesWithWorkloads].filter((ns) => !model.inventory.namespaces.get(ns)?.declared) };
    namespaceFactsCache.set(model.inventory.workloads, facts);
  }
  return facts;
}

function checkRule(model: TrafficModel, rule: CompiledRule, undeclared: readonly string[], report: (path: ValuePath, code: string, message: string) => void): void {
  if (model.subjectsOf(rule).length === 0) return;
  if (rule.peers !== 'any') {
    for (const peer of rule.peers) {
      if (!peer.selectsWorkloads) continue;
      let sawYes = false;
      let sawUnknown = false;
      for (const w of model.candidateWorkloads(peer.candidates)) {
        const m = peer.match(model.workloadEndpoint(w), model.context);
        sawYes ||= m === 'yes';
        sawUnknown ||= m === 'unknown';
        // Without undeclared namespaces nothing can be unknown: one match settles it.
        if (sawYes && (sawUnknown || undeclared.length === 0)) break;
      }
      if (sawUnknown) {
        report(rule.path, 'ML5004', `The peer selects by namespace labels, but namespace${undeclared.length > 1 ? 's' : ''} ${undeclared.slice(0, 5).join(', ')} ha${undeclared.length > 1 ? 've' : 's'} no Namespace object in the workspace: flows from there are shown as unknown.`);
      } else if (!sawYes && rule.policy.kind !== 'CiliumClusterwideNetworkPolicy') {
        report(rule.path, 'ML5002', 'This peer selector matches no workload in the workspace.');
      }
    }
  }
  if (rule.ports === 'all') return;
  for (const port of rule.ports) {
    if (port.name === undefined) continue;
    const destinations = rule.direction === 'ingress' ? model.subjectsOf(rule) : model.inventory.workloads;
    if (!destinations.some((w) => w.ports.some((c) => c.name === port.name))) {
      const whose = rule.direction === 'ingress' ? 'the selected workloads' : 'any workload';
      report(rule.path, 'ML5005', `Named port "${port.name}" is not declared by any container of ${whose} in the workspace, so it matches no port.`);
    }
  }
}

function subjectPath(policy: PolicySource): ValuePath {
  if (policy.kind === 'NetworkPolicy') return ['spec', 'podSelector'];
  if (policy.kind === 'CiliumNetworkPolicy' || policy.kind === 'CiliumClusterwideNetworkPolicy') return policy.value.spec !== undefined ? ['spec', 'endpointSelector'] : ['specs'];
  return ['spec', 'selector'];
}

function dedupe(findings: InventoryFinding[]): InventoryFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}|${f.finding.code}|${f.finding.span.start}|${f.finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
