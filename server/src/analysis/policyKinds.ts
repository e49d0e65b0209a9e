// The policy kinds meshlens understands, with the API versions upstream serves for each.
// Source: the CRDs in ../shared/upstream/crds (see schemas/upstream.json) and the Kubernetes API.

export type PolicyFamily = 'cilium' | 'istio' | 'kubernetes';

export type PolicyKindName =
  | 'CiliumNetworkPolicy'
  | 'CiliumClusterwideNetworkPolicy'
  | 'AuthorizationPolicy'
  | 'PeerAuthentication'
  | 'RequestAuthentication'
  | 'NetworkPolicy';

export interface PolicyKind {
  readonly kind: PolicyKindName;
  readonly group: string;
  readonly servedVersions: readonly string[];
  readonly family: PolicyFamily;
  readonly namespaced: boolean;
}

export const policyKinds: readonly PolicyKind[] = [
  { kind: 'CiliumNetworkPolicy', group: 'cilium.io', servedVersions: ['v2'], family: 'cilium', namespaced: true },
  { kind: 'CiliumClusterwideNetworkPolicy', group: 'cilium.io', servedVersions: ['v2'], family: 'cilium', namespaced: false },
  { kind: 'AuthorizationPolicy', group: 'security.istio.io', servedVersions: ['v1', 'v1beta1'], family: 'istio', namespaced: true },
  { kind: 'PeerAuthentication', group: 'security.istio.io', servedVersions: ['v1', 'v1beta1'], family: 'istio', namespaced: true },
  { kind: 'RequestAuthentication', group: 'security.istio.io', servedVersions: ['v1', 'v1beta1'], family: 'istio', namespaced: true },
  { kind: 'NetworkPolicy', group: 'networking.k8s.io', servedVersions: ['v1'], family: 'kubernetes', namespaced: true },
];

const byKind = new Map(policyKinds.map((k) => [k.kind as string, k]));

export function policyKindNamed(kind: unknown): PolicyKind | undefined {
  return typeof kind === 'string' ? byKind.get(kind) : undefined;
}

/** Splits `group/version` (or a core `version`). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash === -1 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
