// "Allow this flow" / "Deny this flow": the smallest policy change, in the dialect of the enforcement point that
// decides, that makes one flow allowed (or denied). For each gate that denies (sender egress, receiver ingress,
// Istio authorization) a rule is appended to a policy of that dialect that already selects the workload, else a
// new policy file selecting it is proposed. What cannot be changed minimally (an explicit deny rule, a
// NetworkPolicy asked to deny) is said in `notes` and left alone: the change may be partial.
// Pure: the model and the flow in, text edits (and new files) out.
import type { Node, Scalar } from 'yaml';
import type { PolicySource, Workload } from '../inventory/inventoryModel';
import type { Endpoint } from '../graph/endpoint';
import { evaluateFlow, type FlowStep, type TrafficModel } from '../graph/trafficModel';
import type { PortProtocol } from '../graph/portSet';
import type { PolicyFamily } from '../policyKinds';
import { DEFAULT_TRUST_DOMAIN } from './workspaceValues';
import { columnOf, isBlockMap, isBlockSeq, lastContentOffset, lineEnd, lineStart, newlineOf, nodeAt, pairAt, type SpanEdit } from './yamlEdits';

export interface FlowChangeRequest {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly protocol: PortProtocol;
  readonly port: number;
  readonly intent: 'allow' | 'deny';
}

export interface NewPolicyFile {
  readonly uri: string;
  readonly text: string;
}

export interface FlowChange {
  readonly title: string;
  /** Edits of existing files. */
  readonly edits: readonly SpanEdit[];
  readonly newFiles: readonly NewPolicyFile[];
  /** What was not changed and why (an explicit deny, a dialect without deny). Empty when the change is complete. */
  readonly notes: readonly string[];
  /** The flow's verdict before and after the change, by the same evaluation (the preview). */
  readonly before: 'allow' | 'deny' | 'unknown';
}

/** The labels that name a workload in a selector: `app` / `app.kubernetes.io/name` when present, else all its labels. */
export function identifyingLabels(workload: Workload): Record<string, string> {
  for (const key of ['app.kubernetes.io/name', 'app', 'k8s-app', 'name']) {
    const value = workload.labels[key];
    if (value !== undefined) return { [key]: value };
  }
  return { ...workload.labels };
}

export function planFlowChange(model: TrafficModel, request: FlowChangeRequest): FlowChange {
  const verdict = evaluateFlow(model, request.from, request.to, request.protocol, request.port);
  const notes: string[] = [];
  const edits: SpanEdit[] = [];
  const newFiles: NewPolicyFile[] = [];
  const flow = `${describe(request.from)} → ${describe(request.to)} ${request.protocol}/${request.port}`;
  if (request.intent === 'allow') {
    if (verdict.verdict === 'allow') notes.push(`${flow} is already allowed.`);
    for (const step of verdict.steps.filter((s) => s.verdict === 'deny')) planAllow(model, request, step, edits, newFiles, notes);
  } else {
    if (verdict.verdict === 'deny') notes.push(`${flow} is already denied.`);
    else planDeny(model, request, verdict.steps, edits, newFiles, notes);
  }
  return { title: `${request.intent === 'allow' ? 'Allow' : 'Deny'} ${flow}`, edits, newFiles, notes, before: verdict.verdict };
}

function describe(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'workload':
      return endpoint.workload.id;
    case 'entity':
      return endpoint.name;
    case 'cidr':
      return endpoint.cidr;
    case 'fqdn':
      return endpoint.name;
  }
}

function familyOf(step: FlowStep): PolicyFamily {
  if (step.enforcer.startsWith('cilium')) return 'cilium';
  if (step.enforcer === 'k8s-netpol') return 'kubernetes';
  return 'istio';
}

function planAllow(model: TrafficModel, request: FlowChangeRequest, step: FlowStep, edits: SpanEdit[], newFiles: NewPolicyFile[], notes: string[]): void {
  const family = familyOf(step);
  const explicit = step.rules.filter((r) => isDenyRule(r.policy, r.path));
  if (explicit.length > 0) {
    notes.push(`${step.direction} is denied by an explicit deny rule (${explicit.map((r) => `${r.policy.kind} ${r.policy.name}`).join(', ')}); meshlens does not remove deny rules: edit it yourself.`);
    return;
  }
  const direction = step.direction === 'authz' ? 'ingress' : step.direction;
  const local = direction === 'ingress' ? request.to : request.from;
  const peer = direction === 'ingress' ? request.from : request.to;
  if (local.kind !== 'workload') {
    notes.push(`${step.direction} is decided at ${describe(local)}, which is not a workload of the workspace.`);
    return;
  }
  const workload = local.workload;
  if (family === 'istio') {
    const policy = model.istio.selectedPolicies?.(workload).find((p) => p.kind === 'AuthorizationPolicy' && actionOf(p) === 'ALLOW' && p.source.document);
    // Outside the mesh a client has no principal (it speaks plaintext): a principals rule would not match it.
    const rule = peer.kind === 'workload' && model.istio.meshModeOf(peer.workload) === 'none' ? undefined : istioAllowRule(peer, request.port);
    if (!rule) {
      notes.push(`Istio authorization needs a mesh identity; ${describe(peer)} has none${peer.kind === 'workload' ? ' (it is outside the mesh)' : ''}: allowing every source on port ${request.port} would allow more than this flow.`);
      return;
    }
    if (policy && appendItem(policy, ['spec', 'rules'], rule, edits)) return;
    newFiles.push(newPolicyFile(workload, 'istio', 'allow', rule, request));
    return;
  }
  const section = direction;
  const item = family === 'cilium' ? ciliumPeerItem(peer, request, section) : netpolPeerItem(peer, workload, request, section);
  if (!item) {
    notes.push(`${describe(peer)} cannot be named as a ${family === 'cilium' ? 'Cilium' : 'NetworkPolicy'} peer.`);
    return;
  }
  const kinds = family === 'cilium' ? ['CiliumNetworkPolicy'] : ['NetworkPolicy'];
  const policy = model.rulesFor(workload, direction).map((r) => r.policy).find((p) => kinds.includes(p.kind) && p.source.document && p.source.basePath.length === 0);
  if (policy && appendItem(policy, ['spec', section], item, edits)) return;
  newFiles.push(newPolicyFile(workload, family, 'allow', item, request, section));
}

function planDeny(model: TrafficModel, request: FlowChangeRequest, steps: readonly FlowStep[], edits: SpanEdit[], newFiles: NewPolicyFile[], notes: string[]): void {
  if (request.to.kind !== 'workload') {
    notes.push(`${describe(request.to)} is not a workload: deny it on the sender's egress instead.`);
    return;
  }
  const workload = request.to.workload;
  const usesCilium = steps.some((s) => s.enforcer.startsWith('cilium')) || model.inventory.policies.some((p) => p.kind.startsWith('Cilium'));
  const usesIstio = steps.some((s) => s.direction === 'authz');
  if (usesCilium) {
    const item = ciliumPeerItem(request.from, request, 'ingress');
    if (item) {
      const policy = model.rulesFor(workload, 'ingress').map((r) => r.policy).find((p) => p.kind === 'CiliumNetworkPolicy' && p.source.document && p.source.basePath.length === 0);
      if (!(policy && appendItem(policy, ['spec', 'ingressDeny'], item, edits))) newFiles.push(newPolicyFile(workload, 'cilium', 'deny', item, request, 'ingressDeny'));
      return;
    }
  }
  if (usesIstio || !usesCilium) {
    const rule = istioAllowRule(request.from, request.port);
    if (rule && usesIstio) {
      newFiles.push(newPolicyFile(workload, 'istio', 'deny', rule, request));
      return;
    }
  }
  notes.push('A NetworkPolicy cannot deny: remove the rule that allows this flow, or deny it with Cilium or Istio.');
}

function actionOf(policy: PolicySource): string {
  const spec = policy.value.spec as { action?: unknown } | undefined;
  return typeof spec?.action === 'string' ? spec.action : 'ALLOW';
}

function isDenyRule(policy: PolicySource, path: readonly (string | number)[]): boolean {
  if (policy.kind === 'AuthorizationPolicy') return actionOf(policy) === 'DENY';
  return path.some((p) => p === 'ingressDeny' || p === 'egressDeny');
}

// ---- rule text: YAML lines, relative indentation, first line is the item's ------------------------------------

type Lines = string[];

function labelLines(labels: Record<string, string>, indent: string): Lines {
  return Object.entries(labels).map(([k, v]) => `${indent}${quoteKey(k)}: ${quoteValue(v)}`);
}

function quoteKey(key: string): string {
  return /[:#]/.test(key) ? `"${key}"` : key;
}

function quoteValue(value: string): string {
  return /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+)$/i.test(value) || /^[*&!%@`{[|>'"#,?-]/.test(value) || value.includes(': ') || value === '' ? `"${value}"` : value;
}

function ciliumPeerItem(peer: Endpoint, request: FlowChangeRequest, section: 'ingress' | 'egress' | 'ingressDeny'): Lines | undefined {
  const from = section !== 'egress';
  const ports = [`toPorts:`, `  - ports:`, `      - port: "${request.port}"`, `        protocol: ${request.protocol}`];
  switch (peer.kind) {
    case 'workload': {
      const labels = { 'k8s:io.kubernetes.pod.namespace': peer.workload.namespace, ...identifyingLabels(peer.workload) };
      return [`${from ? 'fromEndpoints' : 'toEndpoints'}:`, `  - matchLabels:`, ...labelLines(labels, '      '), ...ports];
    }
    case 'entity':
      return [`${from ? 'fromEntities' : 'toEntities'}:`, `  - ${peer.name}`, ...ports];
    case 'cidr':
      return [`${from ? 'fromCIDR' : 'toCIDR'}:`, `  - ${peer.cidr.includes('/') ? peer.cidr : `${peer.cidr}/${peer.cidr.includes(':') ? 128 : 32}`}`, ...ports];
    case 'fqdn':
      return from ? undefined : [`toFQDNs:`, `  - matchName: ${quoteValue(peer.name)}`, ...ports];
  }
}

function netpolPeerItem(peer: Endpoint, local: Workload, request: FlowChangeRequest, section: 'ingress' | 'egress'): Lines | undefined {
  const ports = [`ports:`, `  - protocol: ${request.protocol}`, `    port: ${request.port}`];
  const key = section === 'ingress' ? 'from' : 'to';
  if (peer.kind === 'workload') {
    const sameNamespace = peer.workload.namespace === local.namespace;
    const podSelector = [`    podSelector:`, `      matchLabels:`, ...labelLines(identifyingLabels(peer.workload), '        ')];
    const namespaceSelector = [`  - namespaceSelector:`, `      matchLabels:`, `        kubernetes.io/metadata.name: ${peer.workload.namespace}`];
    return sameNamespace ? [`${key}:`, `  - podSelector:`, `      matchLabels:`, ...labelLines(identifyingLabels(peer.workload), '        '), ...ports] : [`${key}:`, ...namespaceSelector, ...podSelector, ...ports];
  }
  if (peer.kind === 'cidr') return [`${key}:`, `  - ipBlock:`, `      cidr: ${peer.cidr.includes('/') ? peer.cidr : `${peer.cidr}/${peer.cidr.includes(':') ? 128 : 32}`}`, ...ports];
  return undefined;
}

/** An AuthorizationPolicy rule naming the peer's principal (its service account) and the port. */
function istioAllowRule(peer: Endpoint, port: number): Lines | undefined {
  if (peer.kind !== 'workload') return undefined;
  const principal = `${DEFAULT_TRUST_DOMAIN}/ns/${peer.workload.namespace}/sa/${peer.workload.serviceAccount || 'default'}`;
  return [`from:`, `  - source:`, `      principals: ["${principal}"]`, `to:`, `  - operation:`, `      ports: ["${port}"]`];
}

// ---- placing the text ------------------------------------------------------------------------------------

/** Appends the item to the block sequence at `path` of the policy (or adds the sequence to its spec). */
function appendItem(policy: PolicySource, path: readonly string[], item: Lines, edits: SpanEdit[]): boolean {
  const doc = policy.source.document;
  const text = policy.source.text;
  if (!doc || !text) return false;
  const nl = newlineOf(text);
  const seq = nodeAt(doc, path);
  if (isBlockSeq(seq) && seq.items.length > 0) {
    const first = seq.items[0] as Node;
    const itemStart = doc.start + (first.range?.[0] ?? 0);
    const dash = text.slice(lineStart(text, itemStart), itemStart);
    if (!/^ *- +$/.test(dash)) return false;
    const pad = ' '.repeat(dash.length);
    const at = lineEnd(text, lastContentOffset(text, doc, seq.items[seq.items.length - 1] as Node));
    edits.push({ uri: policy.source.file, span: { start: at, end: at }, newText: item.map((line, i) => `${nl}${i === 0 ? dash : pad}${line}`).join('') });
    return true;
  }
  if (seq !== undefined) return false;
  const parent = nodeAt(doc, path.slice(0, -1));
  if (!isBlockMap(parent) || parent.items.length === 0) return false;
  const firstKey = parent.items[0].key as Scalar;
  if (!firstKey.range || pairAt(parent, path[path.length - 1])) return false;
  const pad = ' '.repeat(columnOf(text, doc.start + firstKey.range[0]));
  const at = lineEnd(text, lastContentOffset(text, doc, parent));
  edits.push({ uri: policy.source.file, span: { start: at, end: at }, newText: `${nl}${pad}${path[path.length - 1]}:${item.map((line, i) => `${nl}${pad}  ${i === 0 ? '- ' : '  '}${line}`).join('')}` });
  return true;
}

/** A new policy file next to the workload's manifest, selecting it by its identifying labels. */
function newPolicyFile(workload: Workload, family: PolicyFamily, action: 'allow' | 'deny', item: Lines, request: FlowChangeRequest, section?: string): NewPolicyFile {
  const labels = identifyingLabels(workload);
  const peerName = describe(request.from === undefined ? request.to : request.intent === 'allow' && section === 'egress' ? request.to : request.from).replace(/[^a-z0-9-]+/gi, '-');
  const name = `${action}-${peerName}-to-${workload.name}-${request.port}`.toLowerCase().replace(/-+/g, '-').slice(0, 63).replace(/-$/, '');
  const header = (apiVersion: string, kind: string) => [`apiVersion: ${apiVersion}`, `kind: ${kind}`, `metadata:`, `  name: ${name}`, `  namespace: ${workload.namespace}`, `spec:`];
  const items = (key: string) => [`  ${key}:`, ...item.map((line, i) => `    ${i === 0 ? '- ' : '  '}${line}`)];
  let lines: string[];
  // A Cilium policy with only deny rules must not put the workload in default deny (policy/language.rst enableDefaultDeny).
  const keepDefault = section === 'ingressDeny' ? [`  enableDefaultDeny:`, `    ingress: false`] : [];
  if (family === 'cilium') lines = [...header('cilium.io/v2', 'CiliumNetworkPolicy'), `  endpointSelector:`, `    matchLabels:`, ...labelLines(labels, '      '), ...keepDefault, ...items(section ?? 'ingress')];
  else if (family === 'kubernetes') lines = [...header('networking.k8s.io/v1', 'NetworkPolicy'), `  podSelector:`, `    matchLabels:`, ...labelLines(labels, '      '), `  policyTypes: [${section === 'egress' ? 'Egress' : 'Ingress'}]`, ...items(section ?? 'ingress')];
  else lines = [...header('security.istio.io/v1', 'AuthorizationPolicy'), `  selector:`, `    matchLabels:`, ...labelLines(labels, '      '), `  action: ${action === 'allow' ? 'ALLOW' : 'DENY'}`, ...items('rules')];
  const folder = (workload.source?.file ?? '').replace(/[^/]*$/, '');
  return { uri: `${folder}${name}.yaml`, text: `${lines.join('\n')}\n` };
}
