// `meshlens explain`: one flow's verdict with a step per enforcement point (sender egress, receiver
// ingress, Istio at the destination), each naming the rules that allowed or denied it and why.
import type { ExplainResult } from './trafficGraphModel';
import { cidrEndpoint, knownEntities, type Endpoint } from './endpoint';
import type { IstioRequest } from './evaluateIstio';
import type { PortProtocol } from './portSet';
import { workloadKinds } from '../inventory/buildInventory';
import { createRuleReferencer, type RuleReferencer } from './ruleReference';
import { createRuleAnnotator } from './ruleClassification';
import { evaluateFlow, type TrafficModel } from './trafficModel';

export interface FlowQuery {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly protocol: PortProtocol | 'ICMP';
  readonly port: number;
  readonly request?: IstioRequest;
}

export function explainFlow(model: TrafficModel, query: FlowQuery, referencer: RuleReferencer = createRuleReferencer(createRuleAnnotator(model.inventory))): ExplainResult {
  const flow = evaluateFlow(model, query.from, query.to, query.protocol, query.port, query.request);
  return {
    verdict: flow.verdict,
    steps: flow.steps.map((step) => ({
      enforcer: step.enforcer,
      direction: step.direction,
      verdict: step.verdict,
      reason: step.reason,
      rules: step.rules.map((r) => referencer(r.policy, r.path, r.enforcer)),
      ...(step.l7.length ? { l7: step.l7 } : {}),
    })),
  };
}

/** `missing` tells an adapter which hint to add: point at workload manifests, or fix the name. */
export type EndpointResolution = { readonly endpoint: Endpoint } | { readonly error: string; readonly missing: 'no-workloads' | 'no-such-workload' };

/**
 * Reads `--from`/`--to`: `<ns>/<workload>`, a Cilium entity (`world`, `kube-apiserver`, …), an IP or CIDR,
 * or an FQDN. A bare name is a workload in the default namespace.
 */
export function resolveEndpoint(model: TrafficModel, text: string, defaultNamespace = 'default'): EndpointResolution {
  const value = text.trim();
  const entity = value.startsWith('entity:') ? value.slice('entity:'.length) : value;
  if (knownEntities.includes(entity)) return { endpoint: { kind: 'entity', name: entity } };
  const cidr = cidrEndpoint(value.startsWith('cidr:') ? value.slice('cidr:'.length) : value);
  if (cidr) return { endpoint: cidr };
  if (value.startsWith('fqdn:')) return { endpoint: { kind: 'fqdn', name: value.slice('fqdn:'.length) } };
  const slash = value.indexOf('/');
  const [namespace, name] = slash === -1 ? [defaultNamespace, value] : [value.slice(0, slash), value.slice(slash + 1)];
  const workload = model.inventory.workloads.find((w) => w.namespace === namespace && w.name === name);
  if (workload) return { endpoint: model.workloadEndpoint(workload) };
  if (slash === -1 && value.includes('.')) return { endpoint: { kind: 'fqdn', name: value } };
  return { error: missingWorkload(model, namespace, name), missing: model.inventory.workloads.length === 0 ? 'no-workloads' : 'no-such-workload' };
}

/** Says what is missing: no workload manifests at all, or which namespaces and workloads there are instead. */
function missingWorkload(model: TrafficModel, namespace: string, name: string): string {
  const workloads = model.inventory.workloads;
  const wanted = `no workload "${namespace}/${name}"`;
  if (workloads.length === 0) return `${wanted}: the files hold no workload manifests (${workloadKinds.join(', ')}), so there is nothing to explain a flow between`;
  const sameName = workloads.filter((w) => w.name === name).map((w) => w.id);
  const inNamespace = workloads.filter((w) => w.namespace === namespace).map((w) => w.id);
  const namespaces = [...new Set(workloads.map((w) => w.namespace))].sort();
  const listed = (ids: readonly string[]): string => `${ids.slice(0, MAX_LISTED).join(', ')}${ids.length > MAX_LISTED ? `, … (${ids.length} in all)` : ''}`;
  if (sameName.length > 0) return `${wanted} in the workspace (did you mean ${listed(sameName)}?)`;
  if (inNamespace.length > 0) return `${wanted} in the workspace; namespace ${namespace} has ${listed(inNamespace)}`;
  return `${wanted} in the workspace: no workload in namespace ${namespace}; workloads are in ${listed(namespaces)} (${listed(workloads.map((w) => w.id))})`;
}

const MAX_LISTED = 8;
