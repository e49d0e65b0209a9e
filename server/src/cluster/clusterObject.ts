// One object as read from the API server, trimmed to what the analysis reads: metadata that selectors and owners
// use, the spec, and for pods the few status fields that say whether and where they run. managedFields and the
// last-applied annotation (large, and nothing the analysis reads) are dropped on arrival to keep memory small.

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
}

export interface ClusterObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ClusterObjectMeta;
  readonly spec?: unknown;
  /** Pods only: phase, podIP, podIPs. */
  readonly status?: unknown;
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
  const meta: ClusterObjectMeta = {
    name: metadata.name,
    ...(typeof metadata.namespace === 'string' && metadata.namespace !== '' ? { namespace: metadata.namespace } : {}),
    ...(stringRecord(metadata.labels) ? { labels: stringRecord(metadata.labels) } : {}),
    ...(stringRecord(metadata.annotations, droppedAnnotations) ? { annotations: stringRecord(metadata.annotations, droppedAnnotations) } : {}),
    ...(owners.length > 0 ? { ownerReferences: owners } : {}),
    ...(typeof metadata.resourceVersion === 'string' ? { resourceVersion: metadata.resourceVersion } : {}),
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
  return { apiVersion, kind, metadata: meta, ...(spec !== undefined && kind !== 'Namespace' && kind !== 'ServiceAccount' ? { spec } : {}) };
}
