// How cluster objects enter the analysis: as virtual workspace files, one per kind and namespace, under the
// `meshlens-cluster://<context>/<kind>/<namespace>` uri. Each file hands the host its objects already read (typed
// documents: no YAML is parsed again, and an unchanged object keeps its identity, so the traffic session re-reads
// only what a watch event changed); its text (one JSON object per document) is for display and rule references.
// Every fact keeps its file, so the uri scheme is what says "this came from the cluster". Here too is the one merge rule:
// an object of the workspace (a file in the editor or on disk) replaces the cluster object of the same
// kind/namespace/name — "what happens if I apply this file".
import { buildInventory, inventoryFileFromText, type InventoryDocument } from '../analysis/inventory/buildInventory';
import type { ClusterObject } from './clusterObject';

export const clusterUriScheme = 'meshlens-cluster';

export type FactOrigin = 'cluster' | 'workspace';

export function isClusterUri(uri: string): boolean {
  return uri.startsWith(`${clusterUriScheme}://`);
}

export function originOf(uri: string): FactOrigin {
  return isClusterUri(uri) ? 'cluster' : 'workspace';
}

/** `_cluster` stands for cluster-scoped objects (Namespaces, CCNPs). */
export function clusterFileUri(context: string, kind: string, namespace: string | undefined): string {
  return `${clusterUriScheme}://${encodeURIComponent(context)}/${kind}/${encodeURIComponent(namespace ?? '_cluster')}`;
}

/** The identity the merge compares: `<kind>/<namespace>/<name>` (namespace empty for cluster-scoped kinds). */
export function objectIdentity(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * The workload a pod belongs to, as a manifest in the workspace would name it: a pod of a ReplicaSet that a
 * Deployment made belongs to that Deployment (the Deployment controller names its ReplicaSets
 * `<deployment>-<pod-template-hash>` and labels their pods `pod-template-hash`; upstream: kubernetes
 * pkg/controller/deployment/sync.go, getNewReplicaSet). Other owners (StatefulSet, DaemonSet, Job) are the workload
 * themselves; a pod without owner is its own workload.
 */
export function podWorkload(pod: ClusterObject): { readonly kind: string; readonly name: string } {
  const owners = pod.metadata.ownerReferences ?? [];
  const owner = owners.find((o) => o.controller) ?? owners[0];
  if (!owner) return { kind: 'Pod', name: pod.metadata.name };
  const hash = pod.metadata.labels?.['pod-template-hash'];
  if (owner.kind === 'ReplicaSet' && hash && owner.name.endsWith(`-${hash}`)) return { kind: 'Deployment', name: owner.name.slice(0, -hash.length - 1) };
  return { kind: owner.kind, name: owner.name };
}

/** Pods that ended hold no traffic: policies about them change nothing (upstream: k8s.io/api core/v1 PodPhase). */
function isRunningOrPending(pod: ClusterObject): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export interface ClusterFile {
  readonly uri: string;
  readonly text: string;
  /** The objects of `text`, one document each, at their offsets in it. */
  readonly documents: readonly InventoryDocument[];
}

/** Each object's JSON, made once: objects are immutable, a watch event replaces one. */
const jsonOf = new WeakMap<object, string>();

function json(object: ClusterObject): string {
  let text = jsonOf.get(object);
  if (text === undefined) jsonOf.set(object, (text = JSON.stringify(object)));
  return text;
}

function clusterFile(context: string, uri: string, objects: readonly ClusterObject[]): ClusterFile {
  let text = `# Read from the cluster (context ${context}), read-only.\n`;
  const documents: InventoryDocument[] = [];
  objects.forEach((object, index) => {
    if (index > 0) text += '\n---\n';
    const start = text.length;
    const body = json(object);
    text += body;
    documents.push({ index, start, text: body, value: object });
  });
  return { uri, text: `${text}\n`, documents };
}

/**
 * The virtual files of the cluster's objects, leaving out every object whose identity is in `shadowed`. Pods are
 * rewritten to name their workload as owner and reduced to one per workload and label set (their ports and IPs
 * joined): 10,000 replicas select and are selected as the few workloads they are.
 */
export function renderClusterFiles(context: string, objects: Iterable<ClusterObject>, shadowed: ReadonlySet<string>): ClusterFile[] {
  const byFile = new Map<string, ClusterObject[]>();
  const pods = new Map<string, { pod: ClusterObject; ips: Set<string> }>();
  const add = (object: ClusterObject): void => {
    const uri = clusterFileUri(context, object.kind, object.metadata.namespace);
    let docs = byFile.get(uri);
    if (!docs) byFile.set(uri, (docs = []));
    docs.push(object);
  };
  for (const object of objects) {
    const { kind, metadata } = object;
    if (kind !== 'Pod') {
      if (!shadowed.has(objectIdentity(kind, metadata.namespace, metadata.name))) add(object);
      continue;
    }
    if (!isRunningOrPending(object)) continue;
    const workload = podWorkload(object);
    if (shadowed.has(objectIdentity(workload.kind, metadata.namespace, workload.name))) continue;
    const labels = metadata.labels ?? {};
    const spec = object.spec as { serviceAccountName?: string; hostNetwork?: boolean };
    const key = JSON.stringify([metadata.namespace, workload.kind, workload.name, Object.entries(labels).filter(([k]) => k !== 'pod-template-hash').sort(), spec.serviceAccountName, spec.hostNetwork]);
    const status = (object.status ?? {}) as { podIP?: string; podIPs?: readonly { ip?: string }[] };
    const ips = [status.podIP, ...(status.podIPs ?? []).map((p) => p.ip)].filter((ip): ip is string => typeof ip === 'string' && ip !== '');
    const seen = pods.get(key);
    if (seen) for (const ip of ips) seen.ips.add(ip);
    else {
      const pod: ClusterObject = { ...object, metadata: { ...metadata, ownerReferences: workload.kind === 'Pod' ? [] : [{ kind: workload.kind, name: workload.name, controller: true }] } };
      pods.set(key, { pod, ips: new Set(ips) });
    }
  }
  for (const { pod, ips } of pods.values()) {
    const status = { ...(pod.status as object), podIPs: [...ips].map((ip) => ({ ip })) };
    add({ ...pod, status });
  }
  return [...byFile].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([uri, objects]) => clusterFile(context, uri, objects));
}

/**
 * The identities the workspace's own files declare, which replace the cluster's objects of the same identity.
 * Cached per file text, so a keystroke re-reads one file.
 */
export class WorkspaceIdentities {
  private readonly perFile = new Map<string, { readonly text: string; readonly identities: readonly string[] }>();

  constructor(private readonly defaultNamespace = 'default') {}

  of(files: readonly { readonly uri: string; readonly text: string }[]): Set<string> {
    const all = new Set<string>();
    const live = new Set<string>();
    for (const { uri, text } of files) {
      if (isClusterUri(uri)) continue;
      live.add(uri);
      let entry = this.perFile.get(uri);
      if (entry?.text !== text) this.perFile.set(uri, (entry = { text, identities: identitiesOf(uri, text, this.defaultNamespace) }));
      for (const identity of entry.identities) all.add(identity);
    }
    for (const uri of this.perFile.keys()) if (!live.has(uri)) this.perFile.delete(uri);
    return all;
  }
}

function identitiesOf(uri: string, text: string, defaultNamespace: string): string[] {
  const inventory = buildInventory([inventoryFileFromText(uri, text)], { defaultNamespace });
  return [
    ...inventory.policies.map((p) => objectIdentity(p.kind, p.namespace, p.name)),
    ...[...inventory.namespaces.values()].filter((n) => n.declared).map((n) => objectIdentity('Namespace', undefined, n.name)),
    ...inventory.services.map((s) => objectIdentity('Service', s.namespace, s.name)),
    ...inventory.serviceAccounts.map((s) => objectIdentity('ServiceAccount', s.namespace, s.name)),
    ...inventory.gateways.map((g) => objectIdentity('Gateway', g.namespace, g.name)),
    ...inventory.workloads.map((w) => objectIdentity(w.kind, w.namespace, w.name)),
  ];
}
