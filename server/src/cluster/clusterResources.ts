// The API resources meshlens reads from a live cluster, and nothing else: what policies select and are enforced by
// (namespaces with their labels, pods, services, service accounts, waypoint gateways) and the policies already in the
// cluster. Every one is listed across all namespaces and then watched (the only verbs used: list, watch).
// Paths follow the API conventions (upstream: kubernetes/community contributors/devel/sig-architecture/api-conventions.md,
// "Resources"): core group under /api/v1, named groups under /apis/<group>/<version>.

export interface ClusterResource {
  /** The `kind` of one object (list items of built-in types arrive without it; the reader fills it in). */
  readonly kind: string;
  readonly group: string;
  readonly version: string;
  /** The resource name in the URL path, e.g. `ciliumnetworkpolicies`. */
  readonly plural: string;
  /** Whether a missing resource (404: the CRD is not installed) is normal and silent. */
  readonly optional: boolean;
  /** Keeps only the objects this says yes to (e.g. the CRDs of the groups meshlens validates: clusterCrds.ts). */
  readonly accepts?: (raw: unknown) => boolean;
}

export const clusterResources: readonly ClusterResource[] = [
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', optional: false },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods', optional: false },
  { kind: 'Service', group: '', version: 'v1', plural: 'services', optional: false },
  { kind: 'ServiceAccount', group: '', version: 'v1', plural: 'serviceaccounts', optional: false },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', optional: false },
  { kind: 'Gateway', group: 'gateway.networking.k8s.io', version: 'v1', plural: 'gateways', optional: true },
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io', version: 'v2', plural: 'ciliumnetworkpolicies', optional: true },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io', version: 'v2', plural: 'ciliumclusterwidenetworkpolicies', optional: true },
  { kind: 'AuthorizationPolicy', group: 'security.istio.io', version: 'v1', plural: 'authorizationpolicies', optional: true },
  { kind: 'PeerAuthentication', group: 'security.istio.io', version: 'v1', plural: 'peerauthentications', optional: true },
  { kind: 'RequestAuthentication', group: 'security.istio.io', version: 'v1', plural: 'requestauthentications', optional: true },
];

export function apiVersionOf(resource: ClusterResource): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The collection path across every namespace, e.g. `/apis/cilium.io/v2/ciliumnetworkpolicies`. */
export function collectionPath(resource: ClusterResource): string {
  return resource.group === '' ? `/api/${resource.version}/${resource.plural}` : `/apis/${resource.group}/${resource.version}/${resource.plural}`;
}

/** `ciliumnetworkpolicies.cilium.io`, `pods`: the name RBAC and kubectl use. */
export function qualifiedName(resource: ClusterResource): string {
  return resource.group === '' ? resource.plural : `${resource.plural}.${resource.group}`;
}
