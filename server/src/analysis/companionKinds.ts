// The kinds users keep next to their policies that change what a policy does (a DestinationRule's TLS
// mode, a Sidecar's egress, a ServiceEntry's hosts, a CiliumCIDRGroup behind a cidrGroupRef, the
// Gateway API routes). meshlens validates them against their upstream CRDs; they are not policies
// (no rules, no enforcement), so they live beside policyKinds rather than in it.
// Source: schemas/upstream.json (istio crd-all.gen.yaml, cilium ciliumcidrgroups.yaml,
// kubernetes-sigs/gateway-api standard CRDs).
import { splitApiVersion } from './policyKinds';
import type { YamlDocument } from './yaml/parseYamlDocuments';

export type CompanionKindName =
  | 'DestinationRule'
  | 'Sidecar'
  | 'ServiceEntry'
  | 'Gateway'
  | 'HTTPRoute'
  | 'CiliumCIDRGroup';

export interface CompanionKind {
  readonly kind: CompanionKindName;
  readonly group: string;
  readonly servedVersions: readonly string[];
  readonly namespaced: boolean;
}

const ISTIO_NETWORKING_VERSIONS = ['v1', 'v1alpha3', 'v1beta1'];

export const companionKinds: readonly CompanionKind[] = [
  { kind: 'DestinationRule', group: 'networking.istio.io', servedVersions: ISTIO_NETWORKING_VERSIONS, namespaced: true },
  { kind: 'Sidecar', group: 'networking.istio.io', servedVersions: ISTIO_NETWORKING_VERSIONS, namespaced: true },
  { kind: 'ServiceEntry', group: 'networking.istio.io', servedVersions: ISTIO_NETWORKING_VERSIONS, namespaced: true },
  { kind: 'Gateway', group: 'networking.istio.io', servedVersions: ISTIO_NETWORKING_VERSIONS, namespaced: true },
  // Gateway API: only v1 of the standard channel is generated (v1beta1 is served but deprecated).
  { kind: 'Gateway', group: 'gateway.networking.k8s.io', servedVersions: ['v1'], namespaced: true },
  { kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', servedVersions: ['v1'], namespaced: true },
  // v2alpha1 is still served (deprecated) by the CRD.
  { kind: 'CiliumCIDRGroup', group: 'cilium.io', servedVersions: ['v2', 'v2alpha1'], namespaced: false },
];

/**
 * The companion kind a document names, matched on kind and API group: two kinds are called Gateway, and
 * other projects' CRDs reuse these names, so a document of another group is none of meshlens's business.
 * The version is checked by the caller, which reports an unserved one.
 */
export function companionKindOf(apiVersion: unknown, kind: unknown): CompanionKind | undefined {
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return undefined;
  const { group } = splitApiVersion(apiVersion);
  return companionKinds.find((k) => k.kind === kind && k.group === group);
}

/** A document recognised as a companion kind at a served version. */
export interface CompanionDocument {
  readonly yaml: YamlDocument;
  readonly kind: CompanionKind;
  readonly apiVersion: string;
  readonly version: string;
  /** The document's value; a mapping (recognition guarantees it). */
  readonly value: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
}
