// Completion of a policy's values from the workspace: label keys and values in selectors (each value says how
// many workloads it selects together with the labels already written), namespaces, Istio principals, declared
// ports of the selected workloads, targetRefs to Gateways and Services, Cilium entities and FQDN patterns DNS
// rules already use. Pure: text + offset + the workspace value index in, suggestions out; never throws.
// Selector scopes follow the upstream defaults: a namespaced policy's pod selectors (subject and peers) select in
// its own namespace unless a Cilium peer names `io.kubernetes.pod.namespace` (cilium pkg/policy/api/selector.go,
// k8s networking/v1 NetworkPolicyPeer); cluster-wide policies select in every namespace.
import type { ValuePath } from '../model/sourceSpan';
import { policyKindNamed, type PolicyKind } from '../policyKinds';
import { knownEntities } from '../graph/endpoint';
import { cursorOf, type CursorContext, type CursorInput } from '../yaml/nodeAtOffset';
import { parseYamlChunk } from '../yaml/parseYamlDocuments';
import type { CompletionSuggestion } from './completion';
import { ALL_NAMESPACES, DEFAULT_TRUST_DOMAIN, workloadsWithLabels, type WorkspaceValueIndex } from './workspaceValues';
import type { Workload } from '../inventory/inventoryModel';

/** A huge label (pod-template-hash on 10,000 pods) is cut to the most selective values. */
const MAX_VALUES = 100;

/** Cilium's namespace label on endpoints (pkg/k8s/apis/cilium.io/const.go PodNamespaceLabel). */
const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
/** Cilium label source prefixes a matchLabels key may carry (pkg/labels: k8s:, any:). */
const LABEL_SOURCE = /^(k8s|any):/;

type SelectorRole = 'pods' | 'namespaces';

interface PolicyContext {
  readonly kind: PolicyKind;
  readonly value: Record<string, unknown>;
  /** The namespace pod selectors select in; `*` for cluster-wide kinds. */
  readonly namespace: string;
}

export function valueCompletionAt(text: CursorInput, offset: number, index: WorkspaceValueIndex, defaultNamespace = 'default'): CompletionSuggestion[] {
  try {
    const cursor = cursorOf(text, offset);
    if (!cursor) return [];
    const kind = policyKindNamed(cursor.kind);
    if (!kind) return [];
    const policy = policyContextOf(cursor, kind, defaultNamespace);
    return suggestionsAt(cursor, policy, index);
  } catch {
    // Half-typed text can reach shapes nothing foresaw; completion then offers nothing rather than failing.
    return [];
  }
}

function policyContextOf(cursor: CursorContext, kind: PolicyKind, defaultNamespace: string): PolicyContext {
  const parsed = parseYamlChunk(cursor.chunk, cursor.documentIndex).value;
  const value = isRecord(parsed) ? parsed : {};
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const declared = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : defaultNamespace;
  return { kind, value, namespace: kind.namespaced ? declared : ALL_NAMESPACES };
}

function suggestionsAt(cursor: CursorContext, policy: PolicyContext, index: WorkspaceValueIndex): CompletionSuggestion[] {
  const path = cursor.path;
  const last = path[path.length - 1];
  const parentKey = lastKey(path.slice(0, -1));
  // matchLabels keys (key position) and values (value position: the last segment is the label key).
  const labelsAt = cursor.position === 'key' ? path : path.slice(0, -1);
  if (lastKey(labelsAt) === 'matchLabels' && labelsAt[labelsAt.length - 1] === 'matchLabels') {
    const role = selectorRole(labelsAt.slice(0, -1));
    if (!role) return [];
    const siblings = siblingLabels(policy.value, labelsAt, cursor.position === 'key' ? undefined : String(last));
    if (cursor.position === 'key') return labelKeySuggestions(cursor, role, policy, index, siblings);
    if (cursor.position === 'value') return labelValueSuggestions(cursor, role, policy, index, siblings, String(last));
    return [];
  }
  if (cursor.position === 'key') return [];
  const field = typeof last === 'number' ? parentKey : last;
  switch (field) {
    case 'namespace':
      return path.length === 2 && path[0] === 'metadata' ? namespaceSuggestions(cursor, index) : [];
    case 'namespaces':
    case 'notNamespaces':
      return typeof last === 'number' || cursor.position === 'item' ? namespaceSuggestions(cursor, index) : [];
    case 'principals':
    case 'notPrincipals':
      return principalSuggestions(cursor, index);
    case 'toEntities':
    case 'fromEntities':
      return plain(cursor, knownEntities, 'Cilium entity', 'pkg/policy/api/entity.go');
    case 'port':
    case 'ports':
      return portSuggestions(cursor, policy, index);
    case 'name':
      return isTargetRef(path) ? targetRefSuggestions(cursor, policy, index) : [];
    case 'matchName':
    case 'matchPattern':
      return path.includes('toFQDNs') || path.includes('dns') ? fqdnSuggestions(cursor, index, field) : [];
    default:
      return [];
  }
}

/** Which kind of objects a selector (the path of the mapping holding matchLabels) selects. */
function selectorRole(selectorPath: ValuePath): SelectorRole | undefined {
  const key = lastKey(selectorPath);
  if (key === 'namespaceSelector') return 'namespaces';
  if (key === 'endpointSelector' || key === 'podSelector' || key === 'selector') return 'pods';
  // Cilium peers are lists of selectors: `fromEndpoints[0].matchLabels`.
  if (typeof selectorPath[selectorPath.length - 1] === 'number' && (key === 'fromEndpoints' || key === 'toEndpoints')) return 'pods';
  return undefined;
}

/** The labels already written in the same matchLabels, without the one being typed; source prefixes stripped. */
function siblingLabels(value: Record<string, unknown>, labelsPath: ValuePath, typing: string | undefined): Record<string, string> {
  let node: unknown = value;
  for (const part of labelsPath) node = Array.isArray(node) && typeof part === 'number' ? node[part] : isRecord(node) ? node[String(part)] : undefined;
  const out: Record<string, string> = {};
  if (!isRecord(node)) return out;
  for (const [key, v] of Object.entries(node)) {
    if (key === typing || v === null || v === undefined || typeof v === 'object') continue;
    out[key.replace(LABEL_SOURCE, '')] = String(v);
  }
  return out;
}

/** A Cilium peer that names a namespace label selects there; other selectors select in the policy's scope. */
function scopeOf(policy: PolicyContext, siblings: Record<string, string>): { namespace: string; labels: Record<string, string> } {
  const { [CILIUM_NAMESPACE_LABEL]: named, ...labels } = siblings;
  if (named !== undefined && policy.kind.family === 'cilium') return { namespace: named, labels };
  return { namespace: policy.namespace, labels: siblings };
}

function labelKeySuggestions(cursor: CursorContext, role: SelectorRole, policy: PolicyContext, index: WorkspaceValueIndex, siblings: Record<string, string>): CompletionSuggestion[] {
  if (role === 'namespaces') {
    return [...index.namespaceLabels.entries()]
      .filter(([key]) => !cursor.existingKeys.includes(key))
      .map(([key, values]) => ({ key, count: [...values.values()].reduce((n, list) => n + list.length, 0), noun: 'namespace' }))
      .sort(byCount)
      .map((entry, i) => keyItem(cursor, entry.key, `${entry.count} ${plural(entry.noun, entry.count)} labelled`, i));
  }
  const scope = scopeOf(policy, siblings);
  const pool = workloadsWithLabels(index, scope.namespace, scope.labels);
  const counts = new Map<string, number>();
  for (const w of pool) for (const key of Object.keys(w.labels)) counts.set(key, (counts.get(key) ?? 0) + 1);
  const existing = new Set(cursor.existingKeys.map((k) => k.replace(LABEL_SOURCE, '')));
  const entries = [...counts.entries()].filter(([key]) => !existing.has(key)).map(([key, count]) => ({ key, count }));
  // A Cilium peer may name the namespace it selects in.
  if (policy.kind.family === 'cilium' && /^(from|to)Endpoints$/.test(String(lastKey(cursor.path.slice(0, -1)))) && !existing.has(CILIUM_NAMESPACE_LABEL)) {
    entries.push({ key: `k8s:${CILIUM_NAMESPACE_LABEL}`, count: index.inventory.workloads.length });
  }
  return entries.sort(byCount).map((entry, i) => keyItem(cursor, entry.key, `on ${entry.count} ${plural('workload', entry.count)}${scope.namespace === ALL_NAMESPACES ? '' : ` in ${scope.namespace}`}`, i));
}

function labelValueSuggestions(cursor: CursorContext, role: SelectorRole, policy: PolicyContext, index: WorkspaceValueIndex, siblings: Record<string, string>, typedKey: string): CompletionSuggestion[] {
  const key = typedKey.replace(LABEL_SOURCE, '');
  if (role === 'namespaces') {
    const values = index.namespaceLabels.get(key);
    if (!values) return [];
    const entries = [...values.entries()].map(([value, namespaces]) => {
      const count = namespaces.reduce((n, ns) => n + (index.workloadsByNamespace.get(ns)?.length ?? 0), 0);
      return { key: value, count, detail: `${namespaces.length} ${plural('namespace', namespaces.length)}, ${count} ${plural('workload', count)}` };
    });
    return entries.sort(byCount).slice(0, MAX_VALUES).map((e, i) => valueItem(cursor, e.key, e.detail, i));
  }
  if (key === CILIUM_NAMESPACE_LABEL && policy.kind.family === 'cilium') {
    return namespaceSuggestions(cursor, index);
  }
  const scope = scopeOf(policy, siblings);
  const pool = workloadsWithLabels(index, scope.namespace, scope.labels);
  const counts = new Map<string, number>();
  for (const w of pool) {
    const value = w.labels[key];
    if (value !== undefined) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  const where = scope.namespace === ALL_NAMESPACES ? '' : ` in ${scope.namespace}`;
  return [...counts.entries()]
    .map(([value, count]) => ({ key: value, count }))
    .sort(byCount)
    .slice(0, MAX_VALUES)
    .map((e, i) => valueItem(cursor, e.key, `selects ${e.count} ${plural('workload', e.count)}${where}`, i));
}

function namespaceSuggestions(cursor: CursorContext, index: WorkspaceValueIndex): CompletionSuggestion[] {
  return index.namespaces
    .map((ns) => ({ key: ns, count: index.workloadsByNamespace.get(ns)?.length ?? 0 }))
    .sort(byCount)
    .map((e, i) => valueItem(cursor, e.key, `namespace · ${e.count} ${plural('workload', e.count)}`, i));
}

function principalSuggestions(cursor: CursorContext, index: WorkspaceValueIndex): CompletionSuggestion[] {
  return [...index.serviceAccounts.entries()]
    .map(([nsSa, count]) => {
      const [ns, sa] = nsSa.split('/');
      return { key: `${DEFAULT_TRUST_DOMAIN}/ns/${ns}/sa/${sa}`, count };
    })
    .sort(byCount)
    .map((e, i) => valueItem(cursor, e.key, `service account of ${e.count} ${plural('workload', e.count)}`, i));
}

/** Ports the selected workloads declare first (numbers and names), then the other ports of the scope. */
function portSuggestions(cursor: CursorContext, policy: PolicyContext, index: WorkspaceValueIndex): CompletionSuggestion[] {
  const path = cursor.path;
  const istio = policy.kind.family === 'istio';
  // Istio operation.ports / Cilium toPorts[].ports[].port / NetworkPolicy ports[].port; nothing else is a port.
  const isPortField = istio ? path.includes('operation') : path.includes('ports') && path[path.length - 1] === 'port';
  if (!isPortField) return [];
  const selected = new Set(subjectWorkloads(policy, index));
  const pool = policy.namespace === ALL_NAMESPACES ? index.inventory.workloads : (index.workloadsByNamespace.get(policy.namespace) ?? []);
  const ranked = new Map<string, { count: number; selected: number; detail: string }>();
  for (const w of pool) {
    for (const port of w.ports) {
      const candidates = istio ? [String(port.port)] : [String(port.port), ...(port.name ? [port.name] : [])];
      for (const key of candidates) {
        const known = ranked.get(key) ?? { count: 0, selected: 0, detail: port.name && key === port.name ? `named port ${port.port}/${port.protocol}` : `${port.protocol}${port.name ? ` (${port.name})` : ''}` };
        known.count += 1;
        if (selected.has(w)) known.selected += 1;
        ranked.set(key, known);
      }
    }
  }
  return [...ranked.entries()]
    .sort(([a, x], [b, y]) => y.selected - x.selected || y.count - x.count || a.localeCompare(b))
    .slice(0, MAX_VALUES)
    // NetworkPolicy ports are int-or-string; Cilium's port and Istio's ports are strings in their schemas.
    .map(([key, info], i) => valueItem(cursor, key, `${info.detail} · declared by ${info.selected > 0 ? `${info.selected} selected` : `${info.count}`} ${plural('workload', info.selected > 0 ? info.selected : info.count)}`, i, policy.kind.family === 'kubernetes'));
}

/** The workloads the policy's own selector selects (matchLabels only; enough to rank). */
function subjectWorkloads(policy: PolicyContext, index: WorkspaceValueIndex): readonly Workload[] {
  const spec = isRecord(policy.value.spec) ? policy.value.spec : {};
  const selector = spec.endpointSelector ?? spec.podSelector ?? spec.selector;
  const labels = isRecord(selector) && isRecord(selector.matchLabels) ? selector.matchLabels : undefined;
  if (!labels) return [];
  const plainLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(labels)) if (v !== null && typeof v !== 'object') plainLabels[k.replace(LABEL_SOURCE, '')] = String(v);
  return workloadsWithLabels(index, policy.namespace, plainLabels);
}

function isTargetRef(path: ValuePath): boolean {
  return path.includes('targetRefs') || path.includes('targetRef');
}

/** Waypoints first (what an L7 policy should attach to), then other Gateways, then Services, in the policy's namespace. */
function targetRefSuggestions(cursor: CursorContext, policy: PolicyContext, index: WorkspaceValueIndex): CompletionSuggestion[] {
  const inScope = (ns: string) => policy.namespace === ALL_NAMESPACES || ns === policy.namespace;
  const waypoints = new Set(index.inventory.waypoints.map((w) => w.id));
  const items: { key: string; detail: string; rank: number }[] = [];
  for (const g of index.inventory.gateways) {
    if (!inScope(g.namespace)) continue;
    items.push({ key: g.name, detail: waypoints.has(g.id) ? `waypoint Gateway (${g.className})` : `Gateway (${g.className})`, rank: waypoints.has(g.id) ? 0 : 1 });
  }
  for (const s of index.inventory.services) if (inScope(s.namespace)) items.push({ key: s.name, detail: 'Service', rank: 2 });
  return items.sort((a, b) => a.rank - b.rank || a.key.localeCompare(b.key)).map((e, i) => valueItem(cursor, e.key, e.detail, i));
}

function fqdnSuggestions(cursor: CursorContext, index: WorkspaceValueIndex, field: 'matchName' | 'matchPattern'): CompletionSuggestion[] {
  return index.fqdns
    .filter((f) => f.field === field || (field === 'matchPattern' && f.field === 'matchName'))
    .map((f, i) => valueItem(cursor, f.value, `used in ${f.uses} ${plural('DNS rule', f.uses)}`, i));
}

function plain(cursor: CursorContext, values: readonly string[], detail: string, source: string): CompletionSuggestion[] {
  return values.map((v, i) => ({ ...valueItem(cursor, v, detail, i), documentation: `Source: cilium ${source}` }));
}

function keyItem(cursor: CursorContext, key: string, detail: string, rank: number): CompletionSuggestion {
  const written = needsQuotes(key) ? `"${key}"` : key;
  return {
    label: key,
    kind: 'value',
    detail,
    insertText: cursor.hasColonAfter ? written : `${written}: `,
    isSnippet: false,
    replace: cursor.wordSpan,
    sortText: `0_${String(rank).padStart(5, '0')}`,
  };
}

/** `numberIsNumber`: the field takes a number, so a numeric value stays unquoted. */
function valueItem(cursor: CursorContext, value: string, detail: string, rank: number, numberIsNumber = false): CompletionSuggestion {
  const quoted = numberIsNumber && /^\d+$/.test(value) ? false : needsQuotes(value);
  return {
    label: value,
    kind: 'value',
    detail,
    insertText: `${cursor.valueNeedsSpace ? ' ' : ''}${quoted ? `"${value}"` : value}`,
    isSnippet: false,
    replace: cursor.wordSpan,
    sortText: `0_${String(rank).padStart(5, '0')}`,
  };
}

/** YAML would read these as another type, or cannot hold them unquoted. */
function needsQuotes(value: string): boolean {
  return /^(true|false|yes|no|on|off|null|~|[-+]?[0-9.]+)$/i.test(value) || /^[*&!%@`{[|>'"#,?-]/.test(value) || /: |:$| #/.test(value) || value.includes(':') || value === '';
}

function byCount<T extends { key: string; count: number }>(a: T, b: T): number {
  return b.count - a.count || a.key.localeCompare(b.key);
}

function plural(noun: string, count: number): string {
  return count === 1 ? noun : `${noun}s`;
}

function lastKey(path: ValuePath): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return path[i] as string;
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
