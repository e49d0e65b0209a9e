// The values a policy author picks from, read once per workspace inventory: pod labels by namespace, namespace
// labels, service accounts, declared ports, Gateways and Services, and the FQDN patterns DNS rules already use.
// Completion (completionValues.ts) and code actions read this index; it never changes once built, so it is
// memoised per (immutable) inventory object.
import type { Inventory, Workload } from '../inventory/inventoryModel';

/** Istio's default trust domain: principals are `<trust domain>/ns/<namespace>/sa/<service account>`. */
export const DEFAULT_TRUST_DOMAIN = 'cluster.local';

export interface LabelValues {
  /** value → workloads carrying `key=value`. */
  readonly values: ReadonlyMap<string, readonly Workload[]>;
}

export interface FqdnUse {
  readonly field: 'matchName' | 'matchPattern';
  readonly value: string;
  readonly uses: number;
}

export interface WorkspaceValueIndex {
  readonly inventory: Inventory;
  readonly workloadsByNamespace: ReadonlyMap<string, readonly Workload[]>;
  /** namespace → label key → values (the key `*` holds every namespace). */
  readonly podLabels: ReadonlyMap<string, ReadonlyMap<string, LabelValues>>;
  /** Namespace label key → value → namespaces carrying it (with the automatic `kubernetes.io/metadata.name`). */
  readonly namespaceLabels: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
  /** Every namespace named by a Namespace object or a workload. */
  readonly namespaces: readonly string[];
  /** `<ns>/<sa>` → workloads running as it (0 for a ServiceAccount no workload uses). */
  readonly serviceAccounts: ReadonlyMap<string, number>;
  readonly fqdns: readonly FqdnUse[];
}

export const ALL_NAMESPACES = '*';

const memo = new WeakMap<Inventory, WorkspaceValueIndex>();

export function workspaceValueIndex(inventory: Inventory): WorkspaceValueIndex {
  let index = memo.get(inventory);
  if (!index) {
    index = buildIndex(inventory);
    memo.set(inventory, index);
  }
  return index;
}

function buildIndex(inventory: Inventory): WorkspaceValueIndex {
  const workloadsByNamespace = new Map<string, Workload[]>();
  const podLabels = new Map<string, Map<string, Map<string, Workload[]>>>();
  const serviceAccounts = new Map<string, number>();
  const addLabel = (scope: string, key: string, value: string, w: Workload) => {
    let keys = podLabels.get(scope);
    if (!keys) podLabels.set(scope, (keys = new Map()));
    let values = keys.get(key);
    if (!values) keys.set(key, (values = new Map()));
    const list = values.get(value);
    if (list) list.push(w);
    else values.set(value, [w]);
  };
  for (const w of inventory.workloads) {
    const list = workloadsByNamespace.get(w.namespace);
    if (list) list.push(w);
    else workloadsByNamespace.set(w.namespace, [w]);
    for (const [key, value] of Object.entries(w.labels)) {
      addLabel(w.namespace, key, value, w);
      addLabel(ALL_NAMESPACES, key, value, w);
    }
    const sa = `${w.namespace}/${w.serviceAccount || 'default'}`;
    serviceAccounts.set(sa, (serviceAccounts.get(sa) ?? 0) + 1);
  }
  for (const sa of inventory.serviceAccounts) {
    const key = `${sa.namespace}/${sa.name}`;
    if (!serviceAccounts.has(key)) serviceAccounts.set(key, 0);
  }
  const namespaceNames = new Set<string>([...inventory.namespaces.keys(), ...workloadsByNamespace.keys()]);
  const namespaceLabels = new Map<string, Map<string, string[]>>();
  for (const name of namespaceNames) {
    const labels = inventory.namespaces.get(name)?.labels ?? { 'kubernetes.io/metadata.name': name };
    for (const [key, value] of Object.entries(labels)) {
      let values = namespaceLabels.get(key);
      if (!values) namespaceLabels.set(key, (values = new Map()));
      const list = values.get(value);
      if (list) list.push(name);
      else values.set(value, [name]);
    }
  }
  return {
    inventory,
    workloadsByNamespace,
    podLabels: new Map([...podLabels].map(([scope, keys]) => [scope, new Map([...keys].map(([key, values]) => [key, { values }]))])),
    namespaceLabels,
    namespaces: [...namespaceNames].sort(),
    serviceAccounts,
    fqdns: fqdnUses(inventory),
  };
}

/** `toFQDNs` and `rules.dns` selectors of every Cilium policy, counted by use. */
function fqdnUses(inventory: Inventory): FqdnUse[] {
  const counts = new Map<string, FqdnUse>();
  const add = (selector: unknown) => {
    if (typeof selector !== 'object' || selector === null) return;
    for (const field of ['matchName', 'matchPattern'] as const) {
      const value = (selector as Record<string, unknown>)[field];
      if (typeof value !== 'string' || value === '') continue;
      const key = `${field}\u0000${value}`;
      const known = counts.get(key);
      counts.set(key, { field, value, uses: (known?.uses ?? 0) + 1 });
    }
  };
  const walkRule = (rule: unknown) => {
    if (typeof rule !== 'object' || rule === null) return;
    for (const item of listOf((rule as Record<string, unknown>).egress)) {
      if (typeof item !== 'object' || item === null) continue;
      const egress = item as Record<string, unknown>;
      for (const selector of listOf(egress.toFQDNs)) add(selector);
      for (const port of listOf(egress.toPorts)) {
        const rules = (port as { rules?: { dns?: unknown } } | null)?.rules;
        for (const selector of listOf(rules?.dns)) add(selector);
      }
    }
  };
  for (const policy of inventory.policies) {
    if (policy.kind !== 'CiliumNetworkPolicy' && policy.kind !== 'CiliumClusterwideNetworkPolicy') continue;
    walkRule(policy.value.spec);
    for (const spec of listOf(policy.value.specs)) walkRule(spec);
  }
  return [...counts.values()].sort((a, b) => b.uses - a.uses || a.value.localeCompare(b.value));
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Workloads of `namespace` (every namespace for `*`) whose labels include all of `labels`. */
export function workloadsWithLabels(index: WorkspaceValueIndex, namespace: string, labels: Readonly<Record<string, string>>): readonly Workload[] {
  const entries = Object.entries(labels);
  let pool: readonly Workload[] = namespace === ALL_NAMESPACES ? index.inventory.workloads : (index.workloadsByNamespace.get(namespace) ?? []);
  // Start from the rarest label's list: an index lookup, not a scan of the namespace.
  for (const [key, value] of entries) {
    const list = index.podLabels.get(namespace)?.get(key)?.values.get(value) ?? [];
    if (list.length < pool.length) pool = list;
  }
  return entries.length === 0 ? pool : pool.filter((w) => entries.every(([k, v]) => w.labels[k] === v));
}
