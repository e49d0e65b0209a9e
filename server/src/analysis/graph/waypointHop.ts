// The waypoint hop as Cilium sees it. When a mesh client reaches an ambient workload through a waypoint, the
// client's ztunnel opens HBONE (TCP 15008) to the waypoint pod, and the waypoint pod opens the second HBONE
// leg to the destination: the destination's Cilium ingress sees the waypoint's identity on 15008, never the
// client's, and the client's egress must allow the waypoint. Which waypoint serves a workload is decided by
// workspace/waypoints.ts through evaluateIstio.waypointFor (one owner). Istio's waypoint template labels the pods
// `gateway.networking.k8s.io/gateway-name: <gateway>` (its Deployment and Service select on it) and runs them under
// the service account named after the Gateway; the rest (infrastructure labels, template defaults the mesh admin can
// change) is unknown without the waypoint's Deployment in the workspace, so a selector that needs it gives
// `unknown`, never a guess.
// Upstream: istio.io docs/ambient/architecture/data-plane (waypoint: client ztunnel → waypoint → destination
// ztunnel over HBONE), istio.io docs/ambient/usage/networkpolicy (allow 15008), istio
// manifests/charts/istio-control/istio-discovery/files/waypoint.yaml (pod labels, serviceAccountName), Gateway API
// GEP-1762 (gateway-name label on generated resources); semantics.md §C.2, §C.3.
import type { WaypointInfo, Workload } from '../inventory/inventoryModel';
import type { Endpoint } from './endpoint';
import { waypointFor } from './evaluateIstio';
import type { TrafficModel } from './trafficModel';

export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

export interface WaypointHop {
  readonly waypoint: WaypointInfo;
  /** The waypoint pod as a peer: the workspace's own workload, or one whose pod labels are unknown. */
  readonly endpoint: Endpoint & { readonly kind: 'workload' };
  /** The waypoint's pod template is in the workspace. */
  readonly known: boolean;
}

const hops = new WeakMap<TrafficModel, Map<string, WaypointHop>>();

/** The waypoint between a mesh client and an ambient destination, if the destination is served by one. */
export function waypointHopOf(model: TrafficModel, to: Workload): WaypointHop | undefined {
  const waypoint = waypointFor(model.istio, to);
  if (!waypoint) return undefined;
  let perModel = hops.get(model);
  if (!perModel) {
    perModel = new Map();
    hops.set(model, perModel);
  }
  let hop = perModel.get(waypoint.id);
  if (!hop) {
    hop = hopFor(model, waypoint);
    perModel.set(waypoint.id, hop);
  }
  return hop;
}

function hopFor(model: TrafficModel, waypoint: WaypointInfo): WaypointHop {
  const pod = model.inventory.workloads.find((w) => w.namespace === waypoint.namespace && w.labels[GATEWAY_NAME_LABEL] === waypoint.name);
  if (pod) return { waypoint, endpoint: model.workloadEndpoint(pod) as WaypointHop['endpoint'], known: true };
  const workload: Workload = {
    id: `${waypoint.namespace}/${waypoint.name}`,
    namespace: waypoint.namespace,
    name: waypoint.name,
    kind: 'Gateway',
    labels: { [GATEWAY_NAME_LABEL]: waypoint.name },
    annotations: {},
    serviceAccount: waypoint.name,
    ports: [{ port: 15008, protocol: 'TCP' }],
    hostNetwork: false,
    ips: [],
  };
  return { waypoint, endpoint: { kind: 'workload', workload, namespace: model.context.namespaceOf(waypoint.namespace), labelsUnknown: true }, known: false };
}

/** Why a verdict about the waypoint's identity is unknown. */
export function unknownWaypointReason(hop: WaypointHop): string {
  const { namespace, name } = hop.waypoint;
  return `depends on the labels of waypoint ${namespace}/${name}'s pods, which the workspace does not hold (no Deployment with ${GATEWAY_NAME_LABEL}: ${name} in namespace ${namespace})`;
}
