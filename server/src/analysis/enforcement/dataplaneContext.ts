// The classification side's view of the workspace model: the Inventory (inventory/, read once per
// revision) plus the settings. Nothing here reads documents again: every fact is the inventory's, so
// hover, inlay hints and ML4xxx see the same namespaces, workloads, Services and Gateways as the graph.
import type { CidrGroupInfo, GatewayInfo, Inventory, ServiceInfo, WaypointInfo, Workload } from '../inventory/inventoryModel';
import { mergeInventory, readInventoryFragment, type InventoryDocument } from '../inventory/buildInventory';
import type { DataplaneOverride, Labels } from '../workspace/meshMode';

export interface DataplaneContext {
  /** The `meshlens.istio.dataplaneMode` setting; anything but 'auto' wins over workspace labels. */
  readonly override: DataplaneOverride;
  /** Istio's root namespace: policies there without a selector are mesh-wide. */
  readonly rootNamespace: string;
  /** Namespace used for documents without metadata.namespace. */
  readonly defaultNamespace: string;
  /** Labels of the Namespace objects in the workspace (undeclared namespaces are absent). */
  readonly namespaces: ReadonlyMap<string, Labels>;
  readonly workloads: readonly Workload[];
  readonly gateways: readonly GatewayInfo[];
  readonly waypoints: readonly WaypointInfo[];
  readonly services: readonly ServiceInfo[];
  /** CiliumCIDRGroups, for cidrGroupRef/cidrGroupSelector; absent when none were read. */
  readonly cidrGroups?: readonly CidrGroupInfo[];
}

export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/** The classification view of an inventory; its settings (data-plane mode, namespaces) come with it. */
export function dataplaneContextOf(inventory: Inventory): DataplaneContext {
  const namespaces = new Map<string, Labels>();
  for (const [name, info] of inventory.namespaces) if (info.declared) namespaces.set(name, info.labels);
  return {
    override: inventory.dataplaneMode,
    rootNamespace: inventory.rootNamespace,
    defaultNamespace: inventory.defaultNamespace,
    namespaces,
    workloads: inventory.workloads,
    gateways: inventory.gateways,
    waypoints: inventory.waypoints,
    services: inventory.services,
    ...(inventory.cidrGroups && inventory.cidrGroups.length > 0 ? { cidrGroups: inventory.cidrGroups } : {}),
  };
}

export function emptyDataplaneContext(override: DataplaneOverride = 'auto', defaultNamespace = 'default'): DataplaneContext {
  return { override, rootNamespace: ISTIO_ROOT_NAMESPACE, defaultNamespace, namespaces: new Map(), workloads: [], gateways: [], waypoints: [], services: [] };
}

/** The context of plain document values (no text, so no spans), read by the inventory reader. */
export function scanDataplaneContext(values: readonly unknown[], override: DataplaneOverride = 'auto', defaultNamespace = 'default'): DataplaneContext {
  const documents: InventoryDocument[] = values.map((value, index) => ({ index, start: 0, text: '', value }));
  const fragment = readInventoryFragment({ file: '(values)', text: '', documents }, defaultNamespace);
  return dataplaneContextOf(mergeInventory([fragment], { dataplaneMode: override, defaultNamespace }));
}

interface ByNamespace {
  readonly workloads: ReadonlyMap<string, readonly Workload[]>;
  readonly services: ReadonlyMap<string, readonly ServiceInfo[]>;
}

// Every policy looks up the workloads and Services of its own namespace; grouping them once per context
// keeps that from scanning the whole cluster for each policy (10,000 workloads × 2,000 policies).
const byNamespace = new WeakMap<DataplaneContext, ByNamespace>();

function groupedByNamespace(context: DataplaneContext): ByNamespace {
  let grouped = byNamespace.get(context);
  if (!grouped) {
    const group = <T extends { namespace: string }>(items: readonly T[]) => {
      const map = new Map<string, T[]>();
      for (const item of items) {
        const list = map.get(item.namespace);
        if (list) list.push(item);
        else map.set(item.namespace, [item]);
      }
      return map;
    };
    grouped = { workloads: group(context.workloads), services: group(context.services) };
    byNamespace.set(context, grouped);
  }
  return grouped;
}

/** The workloads of one namespace, in workspace order. */
export function workloadsIn(context: DataplaneContext, namespace: string): readonly Workload[] {
  return groupedByNamespace(context).workloads.get(namespace) ?? [];
}

/** The Services of one namespace, in workspace order. */
export function servicesIn(context: DataplaneContext, namespace: string): readonly ServiceInfo[] {
  return groupedByNamespace(context).services.get(namespace) ?? [];
}

export function labelsOf(value: unknown): Labels {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}
