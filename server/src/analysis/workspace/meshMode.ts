// The one owner of "which Istio data plane does this workload run in": pod-template labels (and the
// inject annotation), its namespace's labels, and the meshlens.istio.dataplaneMode setting. Hover, inlay
// hints, ML4xxx (enforcement/) and the graph, explain and exports (graph/) all ask here.
// Upstream: istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml
// (sidecar injection), istio/api label/labels.yaml + istio.io docs/ambient/usage/add-workloads (ambient);
// semantics.md §B.1.

export type Labels = Readonly<Record<string, string>>;
export type MeshMode = 'none' | 'sidecar' | 'ambient';

export const dataplaneOverrides = ['auto', 'sidecar', 'ambient'] as const;
/** The `meshlens.istio.dataplaneMode` setting: 'auto' reads labels; the others are assumed for every workload. */
export type DataplaneOverride = (typeof dataplaneOverrides)[number];

const HOOK = 'istio/istio manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml';
const ADD = 'istio.io docs/ambient/usage/add-workloads; istio/api label/labels.yaml';

/** The labels that decide a mode, each with the upstream that defines it (for docs and tests). */
export const meshModeLabels: readonly { readonly on: 'pod' | 'namespace'; readonly label: string; readonly value: string; readonly means: string; readonly upstream: string }[] = [
  { on: 'pod', label: 'sidecar.istio.io/inject', value: 'true', means: 'sidecar injected (wins over ambient)', upstream: HOOK },
  { on: 'pod', label: 'sidecar.istio.io/inject', value: 'false', means: 'no sidecar; ambient still possible', upstream: HOOK },
  { on: 'namespace', label: 'istio-injection', value: 'enabled', means: 'sidecar injected', upstream: HOOK },
  { on: 'namespace', label: 'istio.io/rev', value: '*', means: 'sidecar injected unless istio-injection=disabled', upstream: HOOK },
  { on: 'pod', label: 'istio.io/dataplane-mode', value: 'ambient', means: 'ambient', upstream: ADD },
  { on: 'pod', label: 'istio.io/dataplane-mode', value: 'none', means: 'out of the mesh (wins over the namespace)', upstream: ADD },
  { on: 'namespace', label: 'istio.io/dataplane-mode', value: 'ambient', means: 'ambient', upstream: ADD },
];

/**
 * The mode labels decide, or undefined when no label says anything (the workload is then outside the mesh,
 * but a reader of a partial workspace cannot be sure). `pod` holds the pod-template labels and annotations
 * (the injector reads `sidecar.istio.io/inject` from either).
 */
export function labelledMeshMode(pod: Labels, namespace: Labels): MeshMode | undefined {
  const inject = pod['sidecar.istio.io/inject'];
  const namespaceInjection = namespace['istio-injection'];
  // A pod's inject=true is served by the object webhooks, whose namespaceSelector wants no istio-injection
  // label, or by the namespace ones: so istio-injection=disabled on the namespace wins over it.
  if (inject === 'true' && (namespaceInjection === undefined || namespaceInjection === 'enabled')) return 'sidecar';
  if (inject !== 'false') {
    if (namespace['istio-injection'] === 'enabled') return 'sidecar';
    if (namespace['istio.io/rev'] !== undefined && namespace['istio-injection'] !== 'disabled') return 'sidecar';
  }
  // Ambient enrolment (istio-cni) does not read istio-injection; the pod label wins over the namespace one.
  const podMode = pod['istio.io/dataplane-mode'];
  if (podMode === 'none') return 'none';
  if (podMode === 'ambient' || namespace['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  if (inject === 'false' || namespace['istio-injection'] === 'disabled') return 'none';
  return undefined;
}

/** The mode a namespace's own labels give its (unlabelled) workloads; undefined when they say nothing. */
export function namespaceMeshMode(namespace: Labels): MeshMode | undefined {
  return labelledMeshMode({}, namespace);
}

/** What a workload carries that decides its mode. */
export interface MeshModeSubject {
  readonly labels: Labels;
  readonly annotations?: Labels;
  /** Observed on a live cluster (policy-verdict endpoints): wins over labels and the setting. */
  readonly declaredMeshMode?: MeshMode;
  /**
   * Host-network pods are never in the mesh: the injector skips them (istio/istio pkg/kube/inject/inject.go
   * injectRequired) and istio-cni cannot redirect them (cni/pkg/util PodRedirectionEnabled).
   */
  readonly hostNetwork?: boolean;
}

/** The mode of one workload: observed state, host network (never meshed), else the setting when not 'auto', else its labels. */
export function workloadMeshMode(workload: MeshModeSubject, namespaceLabels: Labels, override: DataplaneOverride): MeshMode {
  if (workload.declaredMeshMode) return workload.declaredMeshMode;
  if (workload.hostNetwork) return 'none';
  if (override !== 'auto') return override;
  return labelledMeshMode(podLabelsAndAnnotations(workload), namespaceLabels) ?? 'none';
}

/** Like workloadMeshMode, but undefined when neither setting nor labels decide (for "mode unknown" wording). */
export function decidedMeshMode(workload: MeshModeSubject, namespaceLabels: Labels, override: DataplaneOverride): MeshMode | undefined {
  if (workload.declaredMeshMode) return workload.declaredMeshMode;
  if (workload.hostNetwork) return 'none';
  if (override !== 'auto') return override;
  return labelledMeshMode(podLabelsAndAnnotations(workload), namespaceLabels);
}

function podLabelsAndAnnotations(workload: MeshModeSubject): Labels {
  return workload.annotations && Object.keys(workload.annotations).length > 0 ? { ...workload.annotations, ...workload.labels } : workload.labels;
}
