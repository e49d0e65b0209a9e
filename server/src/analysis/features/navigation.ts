// Navigation over policies and the workspace model: the outline (policy → rules with layer and enforcer), go to
// definition from a selector to the workloads it selects (and from targetRefs to the Gateway or Service), find
// references from a workload, Namespace or ServiceAccount to the policies that select it, and per-policy lenses
// ("selects N workloads · allows M flows · K denied"). Which workloads a policy selects is the traffic model's
// answer (compiled rules' subjects; Istio attachment via workspace/istioAttachment.ts): one owner, as the graph.
// Pure: analyses, the model and the graph in, spans in files out. Never throws on user input.
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import type { DocumentEnforcement } from '../enforcement/analyzeEnforcement';
import { enforcementLabel } from '../enforcement/describeEnforcement';
import type { Inventory, ObjectSource, PolicySource, Workload } from '../inventory/inventoryModel';
import type { TrafficModel } from '../graph/trafficModel';
import type { TrafficGraph } from '../graph/trafficGraphModel';
import { asLabelSelector, matchSelector, UNKNOWN_LABEL } from '../graph/labelSelector';
import { workloadsReachedBy } from '../workspace/istioAttachment';
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import { formatPath } from '../model/sourceSpan';
import { locate } from '../yaml/parseYamlDocuments';
import { nodeAtOffset } from '../yaml/nodeAtOffset';

export interface FileSpan {
  readonly file: string;
  readonly span: SourceSpan;
}

export interface OutlineSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: 'policy' | 'rule' | 'object';
  readonly span: SourceSpan;
  readonly selection: SourceSpan;
  readonly children: readonly OutlineSymbol[];
}

export interface PolicyLens {
  readonly span: SourceSpan;
  readonly title: string;
  readonly selected: number;
  readonly allowed: number;
  readonly denied: number;
}

// ---- outline ---------------------------------------------------------------------------------------------

/** One symbol per YAML document with a kind; policies list their rules with `layer · enforcer`. */
export function documentSymbols(analysis: FileAnalysis, enforcement: readonly DocumentEnforcement[]): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  for (const document of analysis.documents) {
    const { summary, yaml } = document;
    if (!summary.kind) continue;
    const span = { start: yaml.start, end: Math.max(yaml.start, yaml.end) };
    const nameAt = locate(yaml, ['metadata', 'name']);
    const selection = nameAt.exact && nameAt.value ? nameAt.value : { start: yaml.start, end: yaml.start };
    const name = `${summary.kind} ${summary.namespace ? `${summary.namespace}/` : ''}${summary.name ?? '(unnamed)'}`;
    if (!document.policy) {
      out.push({ name, detail: summary.apiVersion ?? '', kind: 'object', span, selection, children: [] });
      continue;
    }
    const rules = enforcement.find((e) => e.documentIndex === yaml.index)?.rules ?? [];
    const children = rules
      .filter((rule) => !isRulePart(rule.path))
      .map((rule): OutlineSymbol => ({
        name: formatPath(rule.path.slice(1)),
        detail: `${enforcementLabel(rule)} · ${rule.action}`,
        kind: 'rule',
        span: within(rule.span, span),
        selection: within(rule.anchor, rule.span),
        children: [],
      }));
    out.push({ name, detail: summary.apiVersion ?? '', kind: 'policy', span, selection, children });
  }
  return out;
}

/** Istio from/to/when parts and nested pieces repeat their rule. */
function isRulePart(path: ValuePath): boolean {
  const last = path[path.length - 2];
  return last === 'from' || last === 'to' || last === 'when';
}

function within(inner: SourceSpan, outer: SourceSpan): SourceSpan {
  const start = Math.min(Math.max(inner.start, outer.start), outer.end);
  return { start, end: Math.max(start, Math.min(inner.end, outer.end)) };
}

// ---- which policy, which workloads -------------------------------------------------------------------------

/** The policy of the model read from this document of this file. */
export function policyOfDocument(model: TrafficModel, file: string, documentIndex: number): PolicySource | undefined {
  return model.inventory.policies.find((p) => p.source.file === file && p.source.documentIndex === documentIndex);
}

/** The workloads a policy applies to: compiled rules' subjects, or the Istio policy's attachment. */
export function subjectsOfPolicy(model: TrafficModel, policy: PolicySource): readonly Workload[] {
  if (policy.kind === 'AuthorizationPolicy' || policy.kind === 'RequestAuthentication' || policy.kind === 'PeerAuthentication') {
    const inRoot = policy.namespace === model.istio.rootNamespace;
    return workloadsReachedBy(policy, model.candidateWorkloads(inRoot ? undefined : { namespace: policy.namespace }), model.istio.rootNamespace);
  }
  const seen = new Set<Workload>();
  for (const rule of model.rulesByPolicy.get(policy) ?? []) for (const w of model.subjectsOf(rule)) seen.add(w);
  return [...seen];
}

function objectLocation(source: ObjectSource | undefined): FileSpan | undefined {
  if (!source) return undefined;
  const span = source.spanOf?.(['metadata', 'name']);
  return span ? { file: source.file, span } : undefined;
}

const SUBJECT_SELECTORS = new Set(['endpointSelector', 'podSelector', 'selector']);
const PEER_LISTS = new Set(['fromEndpoints', 'toEndpoints']);

/**
 * Go to definition at an offset of a policy: a subject selector → the workloads the policy applies to; a peer
 * selector (Cilium from/toEndpoints item, NetworkPolicy podSelector/namespaceSelector peer) → the workloads or
 * Namespaces it matches; targetRefs → the Gateway or Service named.
 */
export function definitionsAt(text: string, offset: number, file: string, analysis: FileAnalysis, model: TrafficModel): FileSpan[] {
  try {
    const cursor = nodeAtOffset(text, offset);
    const document = cursor ? analysis.documents[cursor.documentIndex] : undefined;
    if (!cursor || !document?.policy) return [];
    const path = cursor.path;
    const policy = policyOfDocument(model, file, document.yaml.index);
    const refAt = path.findIndex((p) => p === 'targetRefs' || p === 'targetRef');
    if (refAt >= 0) return targetRefDefinition(document, path.slice(0, refAt + (path[refAt] === 'targetRefs' ? 2 : 1)), model.inventory, policy);
    for (let i = path.length - 1; i >= 0; i--) {
      const part = path[i];
      if (part === 'namespaceSelector') return namespacesMatching(valueAt(document.policy.value, path.slice(0, i + 1)), model.inventory);
      if (typeof part === 'number' && PEER_LISTS.has(String(path[i - 1]))) {
        return workloadsMatching(valueAt(document.policy.value, path.slice(0, i + 1)), model, peerNamespace(document, policy, valueAt(document.policy.value, path.slice(0, i + 1))));
      }
      if (part === 'podSelector' && path.length > 2 && path[1] !== 'podSelector') {
        const peer = valueAt(document.policy.value, path.slice(0, i)) as { namespaceSelector?: unknown } | undefined;
        // A NetworkPolicy peer with a namespaceSelector selects in the namespaces it matches; without, in the policy's.
        if (peer && typeof peer === 'object' && peer.namespaceSelector !== undefined) return [];
        return workloadsMatching(valueAt(document.policy.value, path.slice(0, i + 1)), model, policy?.namespace ?? document.policy.namespace);
      }
      if (typeof part === 'string' && SUBJECT_SELECTORS.has(part) && i <= 2 && policy) {
        return subjectsOfPolicy(model, policy).flatMap((w) => objectLocation(w.source) ?? []);
      }
    }
    return [];
  } catch {
    return [];
  }
}

function valueAt(value: unknown, path: ValuePath): unknown {
  let node = value;
  for (const part of path) {
    if (Array.isArray(node) && typeof part === 'number') node = node[part];
    else if (node && typeof node === 'object' && !Array.isArray(node)) node = (node as Record<string, unknown>)[String(part)];
    else return undefined;
  }
  return node;
}

/** Cilium peers select in the policy's namespace unless their labels name one (CCNP: everywhere). */
function peerNamespace(document: DocumentAnalysis, policy: PolicySource | undefined, selector: unknown): string | undefined {
  const labels = (asLabelSelector(selector)?.matchLabels ?? {}) as Record<string, unknown>;
  for (const [key, value] of Object.entries(labels)) if (key.replace(/^(k8s|any):/, '') === 'io.kubernetes.pod.namespace') return String(value);
  return document.policy?.kind.namespaced ? (policy?.namespace ?? document.policy.namespace) : undefined;
}

function workloadsMatching(selectorValue: unknown, model: TrafficModel, namespace: string | undefined): FileSpan[] {
  const selector = asLabelSelector(selectorValue);
  if (!selector) return [];
  const pool = model.candidateWorkloads(namespace === undefined ? undefined : { namespace });
  return pool
    .filter((w) => matchSelector(selector, (key) => w.labels[key.replace(/^(k8s|any):/, '')] ?? (key.replace(/^(k8s|any):/, '') === 'io.kubernetes.pod.namespace' ? w.namespace : undefined)) === 'yes')
    .flatMap((w) => objectLocation(w.source) ?? []);
}

function namespacesMatching(selectorValue: unknown, inventory: Inventory): FileSpan[] {
  const selector = asLabelSelector(selectorValue);
  if (!selector) return [];
  return [...inventory.namespaces.values()]
    .filter((ns) => ns.declared && matchSelector(selector, (key) => (ns.declared ? ns.labels[key] : UNKNOWN_LABEL)) === 'yes')
    .flatMap((ns) => objectLocation(ns.source) ?? []);
}

function targetRefDefinition(document: DocumentAnalysis, refPath: ValuePath, inventory: Inventory, policy: PolicySource | undefined): FileSpan[] {
  const ref = valueAt(document.policy?.value, refPath) as { kind?: unknown; name?: unknown; namespace?: unknown } | undefined;
  if (!ref || typeof ref.name !== 'string') return [];
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : (policy?.namespace ?? document.policy?.namespace);
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  const gateways = kind === 'Service' ? [] : inventory.gateways.filter((g) => g.name === ref.name && (namespace === undefined || g.namespace === namespace));
  const services = kind === 'Gateway' ? [] : inventory.services.filter((s) => s.name === ref.name && (namespace === undefined || s.namespace === namespace));
  return [...gateways.map((g) => g.source), ...services.map((s) => s.source)].flatMap((source) => objectLocation(source) ?? []);
}

// ---- references --------------------------------------------------------------------------------------------

/**
 * From a workload, Namespace or ServiceAccount manifest (the cursor anywhere in it) to every policy that selects
 * it: policies applying to the workloads (subjects), policies whose peers match them, and for a ServiceAccount the
 * AuthorizationPolicies naming its principal.
 */
export function referencesAt(offset: number, file: string, analysis: FileAnalysis, model: TrafficModel): FileSpan[] {
  try {
    const document = analysis.documents.find((d) => offset >= d.yaml.start && offset <= d.yaml.end);
    if (!document || document.policy || !document.summary.kind) return [];
    const { kind, name } = document.summary;
    const inventory = model.inventory;
    let workloads: readonly Workload[] = [];
    const policies = new Set<PolicySource>();
    if (kind === 'Namespace' && name) {
      workloads = inventory.workloads.filter((w) => w.namespace === name);
      for (const p of inventory.policies) if (p.namespace === name) policies.add(p);
    } else if (kind === 'ServiceAccount' && name) {
      const namespace = document.summary.namespace ?? inventory.defaultNamespace;
      workloads = inventory.workloads.filter((w) => w.namespace === namespace && (w.serviceAccount || 'default') === name);
      const principal = `/ns/${namespace}/sa/${name}`;
      for (const p of inventory.policies) if (p.kind === 'AuthorizationPolicy' && JSON.stringify(p.value.spec ?? {}).includes(principal)) policies.add(p);
    } else {
      workloads = inventory.workloads.filter((w) => w.source?.file === file && w.source.documentIndex === document.yaml.index);
    }
    if (workloads.length === 0 && policies.size === 0) return [];
    const wanted = new Set(workloads);
    for (const w of workloads) {
      for (const rule of [...model.rulesFor(w, 'ingress'), ...model.rulesFor(w, 'egress')]) policies.add(rule.policy);
      for (const p of model.istio.selectedPolicies?.(w) ?? []) policies.add(p);
    }
    // Peers: rules whose peer selectors match one of the workloads.
    for (const rule of model.rules) {
      if (policies.has(rule.policy) || rule.peers === 'any') continue;
      const matches = rule.peers.some((peer) => peer.selectsWorkloads && [...wanted].some((w) => peer.match(model.workloadEndpoint(w), model.context) === 'yes'));
      if (matches) policies.add(rule.policy);
    }
    return [...policies].flatMap((p) => objectLocation(p.source) ?? []).sort((a, b) => a.file.localeCompare(b.file) || a.span.start - b.span.start);
  } catch {
    return [];
  }
}

// ---- lenses ----------------------------------------------------------------------------------------------

interface EdgeCounts {
  allowed: number;
  denied: number;
}

const edgeCountMemo = new WeakMap<TrafficGraph, Map<string, EdgeCounts>>();

/** Allowed and denied edges per policy (`file\0kind\0policy`), counted once per graph. */
function edgeCountsOf(graph: TrafficGraph): Map<string, EdgeCounts> {
  let counts = edgeCountMemo.get(graph);
  if (!counts) {
    counts = new Map();
    for (const edge of graph.edges) {
      const seen = new Set<string>();
      for (const rule of edge.rules) {
        const key = `${rule.file}\u0000${rule.kind}\u0000${rule.policy}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const known = counts.get(key) ?? { allowed: 0, denied: 0 };
        if (edge.verdict === 'allow') known.allowed += 1;
        else if (edge.verdict === 'deny') known.denied += 1;
        counts.set(key, known);
      }
    }
    edgeCountMemo.set(graph, counts);
  }
  return counts;
}

/** A lens above each policy document: how many workloads it selects and the graph edges its rules decide. */
export function policyLenses(file: string, analysis: FileAnalysis, model: TrafficModel, graph: TrafficGraph): PolicyLens[] {
  const counts = edgeCountsOf(graph);
  const out: PolicyLens[] = [];
  for (const document of analysis.documents) {
    if (!document.policy) continue;
    const policy = policyOfDocument(model, file, document.yaml.index);
    if (!policy) continue;
    const selected = subjectsOfPolicy(model, policy).length;
    const edges = counts.get(`${file}\u0000${policy.kind}\u0000${policy.namespace ? `${policy.namespace}/` : ''}${policy.name}`) ?? { allowed: 0, denied: 0 };
    const title = `selects ${selected} ${selected === 1 ? 'workload' : 'workloads'} · allows ${edges.allowed} ${edges.allowed === 1 ? 'flow' : 'flows'} · ${edges.denied} denied`;
    const at = locate(document.yaml, ['kind']);
    const line = at.key ?? { start: document.yaml.start, end: document.yaml.start };
    out.push({ span: line, title, selected, allowed: edges.allowed, denied: edges.denied });
  }
  return out;
}
