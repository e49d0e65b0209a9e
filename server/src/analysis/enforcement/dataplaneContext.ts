// The workspace facts that decide which Istio proxy enforces a policy: namespace and pod-template labels,
// Gateways (waypoints) and Services. Kept minimal so either the workspace inventory or the simple scan
// below (scanDataplaneContext, a pure function over document values) can fill it.

export type Labels = Readonly<Record<string, string>>;
export const dataplaneOverrides = ['auto', 'sidecar', 'ambient'] as const;
export type DataplaneOverride = (typeof dataplaneOverrides)[number];

export interface WorkloadLabels {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly podLabels: Labels;
}

export interface GatewayInfo {
  readonly namespace: string;
  readonly name: string;
  readonly className: string;
  readonly labels: Labels;
}

export interface ServicePortInfo {
  readonly port?: number;
  readonly targetPort?: number | string;
  readonly name?: string;
  readonly appProtocol?: string;
  readonly protocol?: string;
}

export interface ServiceInfo {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly selector?: Labels;
  readonly ports: readonly ServicePortInfo[];
}

export interface DataplaneContext {
  /** The `meshlens.istio.dataplaneMode` setting; anything but 'auto' wins over workspace labels. */
  readonly override: DataplaneOverride;
  /** Istio's root namespace: policies there without a selector are mesh-wide. */
  readonly rootNamespace: string;
  /** Namespace used for documents without metadata.namespace. */
  readonly defaultNamespace: string;
  readonly namespaces: ReadonlyMap<string, Labels>;
  readonly workloads: readonly WorkloadLabels[];
  readonly gateways: readonly GatewayInfo[];
  readonly services: readonly ServiceInfo[];
}

export const ISTIO_ROOT_NAMESPACE = 'istio-system';

export function emptyDataplaneContext(override: DataplaneOverride = 'auto', defaultNamespace = 'default'): DataplaneContext {
  return { override, rootNamespace: ISTIO_ROOT_NAMESPACE, defaultNamespace, namespaces: new Map(), workloads: [], gateways: [], services: [] };
}

interface ByNamespace {
  readonly workloads: ReadonlyMap<string, readonly WorkloadLabels[]>;
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
export function workloadsIn(context: DataplaneContext, namespace: string): readonly WorkloadLabels[] {
  return groupedByNamespace(context).workloads.get(namespace) ?? [];
}

/** The Services of one namespace, in workspace order. */
export function servicesIn(context: DataplaneContext, namespace: string): readonly ServiceInfo[] {
  return groupedByNamespace(context).services.get(namespace) ?? [];
}

/** Kinds whose pod template carries the labels of the pods they run. */
const podTemplateKinds: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController']);

/** Builds the context from the plain values of every document in the workspace; ignores what it does not know. */
export function scanDataplaneContext(values: readonly unknown[], override: DataplaneOverride = 'auto', defaultNamespace = 'default'): DataplaneContext {
  const namespaces = new Map<string, Labels>();
  const workloads: WorkloadLabels[] = [];
  const gateways: GatewayInfo[] = [];
  const services: ServiceInfo[] = [];
  for (const value of values) {
    for (const object of listItems(value)) {
      const kind = typeof object.kind === 'string' ? object.kind : '';
      const metadata = record(object.metadata);
      const name = typeof metadata.name === 'string' ? metadata.name : '';
      const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : defaultNamespace;
      const labels = labelsOf(metadata.labels);
      const spec = record(object.spec);
      if (kind === 'Namespace' && name) namespaces.set(name, labels);
      else if (kind === 'Pod') workloads.push({ namespace, name, kind, podLabels: labels });
      else if (kind === 'CronJob') {
        const template = record(record(record(record(spec.jobTemplate).spec).template).metadata);
        workloads.push({ namespace, name, kind, podLabels: labelsOf(template.labels) });
      } else if (podTemplateKinds.has(kind)) {
        workloads.push({ namespace, name, kind, podLabels: labelsOf(record(record(spec.template).metadata).labels) });
      } else if (kind === 'Gateway' && typeof spec.gatewayClassName === 'string') {
        gateways.push({ namespace, name, className: spec.gatewayClassName, labels });
      } else if (kind === 'Service') {
        const selector = spec.selector === undefined ? undefined : labelsOf(spec.selector);
        const ports = Array.isArray(spec.ports) ? spec.ports.map((p) => servicePort(record(p))) : [];
        services.push({ namespace, name, labels, selector, ports });
      }
    }
  }
  return { override, rootNamespace: ISTIO_ROOT_NAMESPACE, defaultNamespace, namespaces, workloads, gateways, services };
}

function servicePort(port: Record<string, unknown>): ServicePortInfo {
  return {
    port: typeof port.port === 'number' ? port.port : undefined,
    targetPort: typeof port.targetPort === 'number' || typeof port.targetPort === 'string' ? port.targetPort : undefined,
    name: typeof port.name === 'string' ? port.name : undefined,
    appProtocol: typeof port.appProtocol === 'string' ? port.appProtocol : undefined,
    protocol: typeof port.protocol === 'string' ? port.protocol : undefined,
  };
}

/** A `kind: List` holds its objects in `items`; any other document is one object. */
function listItems(value: unknown): Record<string, unknown>[] {
  const object = record(value);
  if (object.kind === 'List' && Array.isArray(object.items)) return object.items.map(record);
  return [object];
}

export function labelsOf(value: unknown): Labels {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(record(value))) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
