// One object as read from the API server, trimmed to what the analysis reads: metadata that selectors and owners
// use, the spec, and for pods the few status fields that say whether and where they run. managedFields and the
// last-applied annotation (large, and nothing the analysis reads) are dropped on arrival to keep memory small.
// Policies keep what the control plane wrote about them (`status.conditions`, `metadata.generation`), which
// controlPlaneStatus.ts compares with meshlens's own prediction.

export interface OwnerReference {
  readonly kind: string;
  readonly name: string;
  readonly controller?: boolean;
}

export interface ClusterObjectMeta {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ownerReferences?: readonly OwnerReference[];
  readonly resourceVersion?: string;
  /** Policies only: the spec generation a status condition's `observedGeneration` refers to. */
  readonly generation?: number;
}

/**
 * One status condition as the API returns it (upstream: k8s.io/apimachinery/pkg/apis/meta/v1 Condition; Istio's
 * istio.io/api meta/v1alpha1 IstioCondition writes `observedGeneration` as a string, Cilium's
 * pkg/k8s/apis/cilium.io/v2 NetworkPolicyCondition has none).
 */
export interface StatusCondition {
  readonly type: string;
  /** "True", "False" or "Unknown". */
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  readonly observedGeneration?: number;
}

/** What the control plane said about a policy: its conditions (Istio, Cilium) and Cilium's derivative-policy status. */
export interface PolicyStatus {
  readonly conditions: readonly StatusCondition[];
  /** Cilium `status.derivativePolicies`: name → error of a policy derived from this one (e.g. toGroups), when it failed. */
  readonly derivativeErrors?: Readonly<Record<string, string>>;
}

export interface ClusterObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ClusterObjectMeta;
  readonly spec?: unknown;
  /** Pods: phase, podIP, podIPs. Policies: their PolicyStatus (policyStatusOf). */
  readonly status?: unknown;
}

const policyKinds = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'NetworkPolicy', 'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication']);

function readConditions(value: unknown): StatusCondition[] {
  if (!Array.isArray(value)) return [];
  return value.map(asRecord).flatMap((c) => {
    if (typeof c.type !== 'string' || typeof c.status !== 'string') return [];
    const generation = typeof c.observedGeneration === 'number' ? c.observedGeneration : typeof c.observedGeneration === 'string' && /^\d+$/.test(c.observedGeneration) ? Number(c.observedGeneration) : undefined;
    return [{ type: c.type, status: c.status, ...(typeof c.reason === 'string' && c.reason !== '' ? { reason: c.reason } : {}), ...(typeof c.message === 'string' && c.message !== '' ? { message: c.message } : {}), ...(generation !== undefined ? { observedGeneration: generation } : {}) }];
  });
}

function readPolicyStatus(value: unknown): PolicyStatus | undefined {
  const status = asRecord(value);
  const conditions = readConditions(status.conditions);
  const derivativeErrors: Record<string, string> = {};
  for (const [name, derived] of Object.entries(asRecord(status.derivativePolicies))) {
    const error = asRecord(derived).error;
    if (typeof error === 'string' && error !== '') derivativeErrors[name] = error;
  }
  if (conditions.length === 0 && Object.keys(derivativeErrors).length === 0) return undefined;
  return { conditions, ...(Object.keys(derivativeErrors).length > 0 ? { derivativeErrors } : {}) };
}

/** The status a policy object carries, as trimClusterObject kept it. */
export function policyStatusOf(object: ClusterObject): PolicyStatus | undefined {
  return policyKinds.has(object.kind) ? (object.status as PolicyStatus | undefined) : undefined;
}

const droppedAnnotations = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

function stringRecord(value: unknown, drop?: ReadonlySet<string>): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === 'string' && !drop?.has(key)) out[key] = v;
  return Object.keys(out).length > 0 ? out : undefined;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * The trimmed object, with the kind and apiVersion filled in (list items of built-in types arrive without them);
 * undefined for something that is not an object with a name.
 */
export function trimClusterObject(kind: string, apiVersion: string, raw: unknown): ClusterObject | undefined {
  const value = asRecord(raw);
  const metadata = asRecord(value.metadata);
  if (typeof metadata.name !== 'string' || metadata.name === '') return undefined;
  const owners = Array.isArray(metadata.ownerReferences)
    ? metadata.ownerReferences.map(asRecord).filter((o) => typeof o.kind === 'string' && typeof o.name === 'string').map((o) => ({ kind: o.kind as string, name: o.name as string, ...(o.controller === true ? { controller: true } : {}) }))
    : [];
  const labels = stringRecord(metadata.labels);
  const annotations = stringRecord(metadata.annotations, droppedAnnotations);
  const meta: ClusterObjectMeta = {
    name: metadata.name,
    ...(typeof metadata.namespace === 'string' && metadata.namespace !== '' ? { namespace: metadata.namespace } : {}),
    ...(labels ? { labels } : {}),
    ...(annotations ? { annotations } : {}),
    ...(owners.length > 0 ? { ownerReferences: owners } : {}),
    ...(typeof metadata.resourceVersion === 'string' ? { resourceVersion: metadata.resourceVersion } : {}),
    ...(policyKinds.has(kind) && typeof metadata.generation === 'number' ? { generation: metadata.generation } : {}),
  };
  const spec = value.spec;
  if (kind === 'Pod') {
    const podSpec = asRecord(spec);
    const status = asRecord(value.status);
    const containers = (list: unknown): unknown[] => (Array.isArray(list) ? list.map(asRecord).map((c) => ({ name: c.name, ...(Array.isArray(c.ports) ? { ports: c.ports } : {}) })) : []);
    return {
      apiVersion,
      kind,
      metadata: meta,
      spec: {
        ...(typeof podSpec.serviceAccountName === 'string' ? { serviceAccountName: podSpec.serviceAccountName } : {}),
        ...(podSpec.hostNetwork === true ? { hostNetwork: true } : {}),
        ...(typeof podSpec.nodeName === 'string' ? { nodeName: podSpec.nodeName } : {}),
        containers: containers(podSpec.containers),
        ...(Array.isArray(podSpec.initContainers) ? { initContainers: containers(podSpec.initContainers) } : {}),
      },
      status: {
        ...(typeof status.phase === 'string' ? { phase: status.phase } : {}),
        ...(typeof status.podIP === 'string' ? { podIP: status.podIP } : {}),
        ...(Array.isArray(status.podIPs) ? { podIPs: status.podIPs } : {}),
      },
    };
  }
  const policyStatus = policyKinds.has(kind) ? readPolicyStatus(value.status) : undefined;
  return { apiVersion, kind, metadata: meta, ...(spec !== undefined && kind !== 'Namespace' && kind !== 'ServiceAccount' ? { spec } : {}), ...(policyStatus ? { status: policyStatus } : {}) };
}
