// The two ends of a flow: a workload, a Cilium entity, an external CIDR/IP or an FQDN, and the identity
// labels each presents to selectors (Cilium adds namespace, service account, cluster and namespace labels).
// Upstream: cilium pkg/k8s/apis/cilium.io/utils/utils.go, pkg/policy/api/entity.go; semantics §A.1.9, §A.1.15.
import type { NamespaceInfo, Workload } from '../inventory/inventoryModel';
import { parseCidr, type IpRange } from './ipRange';
import { UNKNOWN_LABEL, type LabelLookup } from './labelSelector';
import type { WorkloadHint } from './compiledRule';

export type Endpoint =
  | {
      readonly kind: 'workload';
      readonly workload: Workload;
      readonly namespace: NamespaceInfo;
      /** A pod the workspace has no template for (a waypoint without its Deployment): labels other than those listed are unknown. */
      readonly labelsUnknown?: boolean;
    }
  | { readonly kind: 'entity'; readonly name: string }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly range: IpRange; readonly except?: readonly string[] }
  | { readonly kind: 'fqdn'; readonly name: string };

/** How to treat namespaces that have no Namespace object: unknown labels (editor), or just the name label (conformance). */
export type UndeclaredNamespaces = 'unknown' | 'name-label-only';

/** Cilium entity hierarchy: an entity also belongs to the wider ones listed (pkg/policy/api/entity.go). */
const entityParents: Readonly<Record<string, readonly string[]>> = {
  world: ['all'],
  'world-ipv4': ['world', 'all'],
  'world-ipv6': ['world', 'all'],
  host: ['cluster', 'all'],
  'remote-node': ['cluster', 'all'],
  'kube-apiserver': ['cluster', 'all'],
  ingress: ['cluster', 'all'],
  health: ['cluster', 'all'],
  init: ['cluster', 'all'],
  unmanaged: ['cluster', 'all'],
  cluster: ['all'],
  all: [],
};

export const knownEntities: readonly string[] = Object.keys(entityParents);

export function endpointId(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'workload':
      return endpoint.workload.id;
    case 'entity':
      return `entity:${endpoint.name}`;
    case 'cidr':
      return `cidr:${endpoint.cidr}${endpoint.except?.length ? ` except ${endpoint.except.join(',')}` : ''}`;
    case 'fqdn':
      return `fqdn:${endpoint.name}`;
  }
}

const podEntities: ReadonlySet<string> = new Set(['cluster', 'all']);
const hostEntities: ReadonlySet<string> = new Set(['host', 'cluster', 'all']);
const worldEntities: ReadonlySet<string> = new Set(['world', 'all']);
const world4Entities: ReadonlySet<string> = new Set(['world-ipv4', 'world', 'all']);
const world6Entities: ReadonlySet<string> = new Set(['world-ipv6', 'world', 'all']);

/** The Cilium entities an endpoint counts as (fromEntities/toEntities matching). */
export function entitiesOf(endpoint: Endpoint): ReadonlySet<string> {
  switch (endpoint.kind) {
    case 'workload':
      return endpoint.workload.hostNetwork ? hostEntities : podEntities;
    case 'entity':
      return new Set([endpoint.name, ...(entityParents[endpoint.name] ?? ['all'])]);
    case 'cidr':
      return endpoint.range.v6 ? world6Entities : world4Entities;
    case 'fqdn':
      return worldEntities;
  }
}

/** Namespace labels as a lookup; keys other than the name label are unknown for undeclared namespaces. */
export function namespaceLabelLookup(namespace: NamespaceInfo, undeclared: UndeclaredNamespaces): LabelLookup {
  return (key) => {
    const value = namespace.labels[key];
    if (value !== undefined || namespace.declared || undeclared === 'name-label-only' || key === 'kubernetes.io/metadata.name') return value;
    return UNKNOWN_LABEL;
  };
}

const NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
const SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
const CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';

// Selector keys are few and looked up for every candidate pair: each is split once.
const splitKeys = new Map<string, { readonly source: string; readonly key: string }>();

/** Splits a Cilium selector key into its source prefix (`k8s:`, `any:`, `reserved:`, …) and the label key. */
export function splitCiliumKey(key: string): { readonly source: string; readonly key: string } {
  let split = splitKeys.get(key);
  if (split) return split;
  const colon = key.indexOf(':');
  // Kubernetes label keys never contain ':'; anything before the first one is a Cilium label source.
  split = colon <= 0 ? { source: 'any', key } : { source: key.slice(0, colon), key: key.slice(colon + 1) };
  if (splitKeys.size >= 100_000) splitKeys.clear();
  splitKeys.set(key, split);
  return split;
}

export function isNamespaceKey(key: string): boolean {
  return splitCiliumKey(key).key === NAMESPACE_LABEL;
}

export function isNamespaceLabelsKey(key: string): boolean {
  return splitCiliumKey(key).key.startsWith(NAMESPACE_LABELS_PREFIX);
}

export function isReservedKey(key: string): boolean {
  return splitCiliumKey(key).source === 'reserved';
}

const lookups = new WeakMap<Endpoint, { clusterName: string; undeclared: UndeclaredNamespaces; lookup: LabelLookup }>();

/** The identity labels Cilium derives for an endpoint, as a selector lookup (memoised per endpoint object). */
export function identityLookup(endpoint: Endpoint, clusterName: string, undeclared: UndeclaredNamespaces): LabelLookup {
  const hit = lookups.get(endpoint);
  if (hit && hit.clusterName === clusterName && hit.undeclared === undeclared) return hit.lookup;
  const lookup = buildIdentityLookup(endpoint, clusterName, undeclared);
  lookups.set(endpoint, { clusterName, undeclared, lookup });
  return lookup;
}

function buildIdentityLookup(endpoint: Endpoint, clusterName: string, undeclared: UndeclaredNamespaces): LabelLookup {
  if (endpoint.kind !== 'workload' || endpoint.workload.hostNetwork) {
    // Host-network pods carry the host identity; external peers only their reserved entity labels.
    const entities = entitiesOf(endpoint);
    return (key) => {
      const { source, key: bare } = splitCiliumKey(key);
      return source === 'reserved' && entities.has(bare) ? '' : undefined;
    };
  }
  const { workload, namespace } = endpoint;
  const nsLookup = namespaceLabelLookup(namespace, undeclared);
  return (key) => {
    const { source, key: bare } = splitCiliumKey(key);
    if (source !== 'k8s' && source !== 'any' && source !== 'unspec') return undefined;
    if (bare === NAMESPACE_LABEL) return workload.namespace;
    if (bare === SERVICE_ACCOUNT_LABEL) return workload.serviceAccount;
    if (bare === CLUSTER_LABEL) return clusterName;
    if (bare.startsWith(NAMESPACE_LABELS_PREFIX)) return nsLookup(bare.slice(NAMESPACE_LABELS_PREFIX.length));
    return endpoint.labelsUnknown ? (workload.labels[bare] ?? UNKNOWN_LABEL) : workload.labels[bare];
  };
}

/** A literal address or prefix given on the command line, as an external endpoint. */
export function cidrEndpoint(text: string): Endpoint | undefined {
  const range = parseCidr(text);
  if (!range) return undefined;
  return { kind: 'cidr', cidr: text.includes('/') ? text : `${text}/${range.v6 ? 128 : 32}`, range };
}

/** What a (Cilium or Kubernetes) pod selector pins: its namespace and plain label equalities, for index lookups. */
export function selectorHint(matchLabels: Readonly<Record<string, unknown>> | undefined, namespace?: string, namespaceSelector?: WorkloadHint['namespaceSelector']): WorkloadHint {
  let fromLabel: string | undefined;
  let labels: Record<string, string> | undefined;
  if (matchLabels) {
    const keys = Object.keys(matchLabels);
    for (let i = 0; i < keys.length; i++) {
      const value = matchLabels[keys[i]];
      const { source, key } = splitCiliumKey(keys[i]);
      if (key === NAMESPACE_LABEL) fromLabel = String(value);
      else if ((source === 'k8s' || source === 'any') && !key.startsWith('io.cilium.k8s.')) (labels ??= {})[key] = String(value ?? '');
    }
  }
  // One shape for every hint (absent parts undefined): the index reads hints of every rule and peer, and hints
  // made by spreading had a hidden class each.
  return { namespace: namespace ?? fromLabel, labels, namespaceSelector };
}
