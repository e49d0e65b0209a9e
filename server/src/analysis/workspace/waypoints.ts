// The one owner of "which waypoint serves this traffic": `istio.io/use-waypoint` (+ `-namespace`) on the
// Service, its Namespace or the Pod, and the waypoint's `istio.io/waypoint-for` (service by default,
// workload, all, none), which says which kind of traffic it accepts. Upstream: istio/api label/labels.yaml,
// istio.io docs/ambient/usage/waypoint; semantics.md §B.1, §B.5. The graph (evaluateIstio.ts) and the rule
// annotation (classifyIstioRules.ts, resolveIstioAttachment.ts) both ask here.
import type { Labels } from './meshMode';

export const WAYPOINT_CLASS = 'istio-waypoint';
const USE_WAYPOINT = 'istio.io/use-waypoint';
const USE_WAYPOINT_NAMESPACE = 'istio.io/use-waypoint-namespace';
const OPT_OUT = '#none';

export interface WaypointLike {
  readonly namespace: string;
  readonly name: string;
  /** `istio.io/waypoint-for`: service (default), workload, all, none. */
  readonly waypointFor: string;
}

export interface WaypointName {
  readonly namespace: string;
  readonly name: string;
}

/** `istio.io/waypoint-for` of a Gateway's labels; Istio's default is `service`. */
export function waypointForOf(labels: Labels): string {
  return labels['istio.io/waypoint-for'] ?? 'service';
}

export function acceptsServiceTraffic(waypoint: WaypointLike): boolean {
  return waypoint.waypointFor === 'service' || waypoint.waypointFor === 'all';
}

export function acceptsWorkloadTraffic(waypoint: WaypointLike): boolean {
  return waypoint.waypointFor === 'workload' || waypoint.waypointFor === 'all';
}

/**
 * The waypoint a Service's traffic is sent to: the Service's own label first, then its namespace's;
 * `#none` opts out. `serviceLabels` undefined = only the namespace is known.
 */
export function useWaypointForService(serviceLabels: Labels | undefined, namespaceLabels: Labels, namespace: string): WaypointName | undefined {
  const name = serviceLabels?.[USE_WAYPOINT] ?? namespaceLabels[USE_WAYPOINT];
  if (!name || name === OPT_OUT) return undefined;
  return { name, namespace: serviceLabels?.[USE_WAYPOINT_NAMESPACE] ?? namespaceLabels[USE_WAYPOINT_NAMESPACE] ?? namespace };
}

/** The waypoint a pod's workload-addressed traffic is sent to (pod label only). */
export function useWaypointForPod(podLabels: Labels, namespace: string): WaypointName | undefined {
  const name = podLabels[USE_WAYPOINT];
  if (!name || name === OPT_OUT) return undefined;
  return { name, namespace: podLabels[USE_WAYPOINT_NAMESPACE] ?? namespace };
}

/**
 * Whether service traffic named by `use` really goes through a waypoint: true when the waypoint is in the
 * workspace and accepts service traffic, false when it is there and refuses it (`waypoint-for` workload or
 * none), undefined when it is not in the workspace.
 */
export function servesServiceTraffic(use: WaypointName, waypoints: readonly WaypointLike[]): boolean | undefined {
  const waypoint = waypoints.find((w) => w.name === use.name && w.namespace === use.namespace);
  return waypoint ? acceptsServiceTraffic(waypoint) : undefined;
}

/** A Service as far as waypoint routing cares: its labels (use-waypoint) and pod selector. */
export interface ServiceLike {
  readonly labels: Labels;
  readonly selector?: Labels;
}

/**
 * The waypoint that service traffic to the pods a selector picks goes through (so the pods see the
 * waypoint's identity as the source): a Service selecting those pods with istio.io/use-waypoint, else the
 * namespace's label; a waypoint in the workspace that refuses service traffic does not count. `selector`
 * undefined = every pod of the namespace.
 */
export function waypointInFrontOf(selector: Labels | undefined, services: readonly ServiceLike[], namespaceLabels: Labels, namespace: string, waypoints: readonly WaypointLike[]): WaypointName | undefined {
  const backing = services.filter((service) => {
    if (!service.selector || Object.keys(service.selector).length === 0) return false;
    if (!selector) return true;
    const shared = Object.keys(service.selector).filter((k) => k in selector);
    return shared.length > 0 && shared.every((k) => selector[k] === service.selector?.[k]);
  });
  const candidates = [...backing.map((s) => useWaypointForService(s.labels, namespaceLabels, namespace)), useWaypointForService(undefined, namespaceLabels, namespace)];
  return candidates.find((w): w is WaypointName => w !== undefined && servesServiceTraffic(w, waypoints) !== false);
}
