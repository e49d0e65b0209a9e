// The resources an Istio policy's targetRef/targetRefs may point at. Version is not checked, only group and kind.
// Source: istio/istio pkg/config/validation/validation.go `allowedTargetRefs` (gvk.Service, gvk.ServiceEntry,
// gvk.KubernetesGateway, gvk.GatewayClass) and pkg/config/schema/gvk for their groups.

export interface TargetRefKind {
  /** API group; '' is the core group, which istiod also accepts spelled `core`. */
  readonly group: string;
  readonly kind: string;
}

export const targetRefKinds: readonly TargetRefKind[] = [
  { group: '', kind: 'Service' },
  { group: 'networking.istio.io', kind: 'ServiceEntry' },
  { group: 'gateway.networking.k8s.io', kind: 'Gateway' },
  { group: 'gateway.networking.k8s.io', kind: 'GatewayClass' },
];

const canonical = (group: string): string => (group === '' ? 'core' : group);

export function isAllowedTargetRef(group: string, kind: string): boolean {
  return targetRefKinds.some((k) => k.kind === kind && canonical(k.group) === canonical(group));
}

export function describeTargetRefKinds(): string {
  return targetRefKinds.map((k) => `${k.group === '' ? 'core' : k.group}/${k.kind}`).join(', ');
}
