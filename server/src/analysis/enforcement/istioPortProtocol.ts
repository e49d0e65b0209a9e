// Whether the sidecar treats a workload port as HTTP or plain TCP, from the Service port name
// (`<proto>[-suffix]`) or appProtocol; unnamed ports are auto-detected. Source: istio.io
// docs/ops/configuration/traffic-management/protocol-selection (explicit protocol selection table).
import { servicesIn, workloadsIn, type DataplaneContext } from './dataplaneContext';
import type { Labels } from '../workspace/meshMode';
import type { ServiceInfo } from '../inventory/inventoryModel';

export type PortProtocol = 'http' | 'tcp' | 'auto';

/** Protocol names Istio recognises, grouped by the filter chain Envoy builds for them. */
export const istioProtocolNames: readonly { name: string; chain: Exclude<PortProtocol, 'auto'> }[] = [
  { name: 'http', chain: 'http' }, { name: 'http2', chain: 'http' }, { name: 'http-web', chain: 'http' },
  { name: 'grpc', chain: 'http' }, { name: 'grpc-web', chain: 'http' }, { name: 'h2c', chain: 'http' },
  { name: 'tcp', chain: 'tcp' }, { name: 'tls', chain: 'tcp' }, { name: 'https', chain: 'tcp' },
  { name: 'mongo', chain: 'tcp' }, { name: 'mysql', chain: 'tcp' }, { name: 'redis', chain: 'tcp' },
];

const chainByName = new Map(istioProtocolNames.map((p) => [p.name, p.chain]));

export function portProtocol(name: string | undefined, appProtocol: string | undefined): PortProtocol {
  const explicit = appProtocol?.toLowerCase();
  if (explicit && chainByName.has(explicit)) return chainByName.get(explicit)!;
  const prefix = name?.toLowerCase().split('-')[0];
  return (prefix ? chainByName.get(prefix) : undefined) ?? 'auto';
}

export interface ScopedPort {
  readonly service: string;
  readonly workloadPort: number | string;
  readonly protocol: PortProtocol;
}

/** Service ports of the workloads a selector (or, without one, a whole namespace) covers. */
export function scopedPorts(context: DataplaneContext, namespace: string, selector: Labels | undefined): ScopedPort[] {
  const workloads = workloadsIn(context, namespace).filter((w) => !selector || Object.entries(selector).every(([k, v]) => w.labels[k] === v));
  const covers = (service: ServiceInfo): boolean => {
    if (!service.selector) return false;
    if (!selector) return true;
    if (workloads.length > 0) return workloads.some((w) => Object.entries(service.selector!).every(([k, v]) => w.labels[k] === v));
    // Without workloads, a Service whose selector agrees with the policy selector on a shared key.
    const shared = Object.keys(selector).filter((k) => service.selector![k] !== undefined);
    return shared.length > 0 && shared.every((k) => service.selector![k] === selector[k]);
  };
  return servicesIn(context, namespace).filter(covers).flatMap((service) =>
    service.ports.filter((p) => (p.protocol ?? 'TCP') === 'TCP').map((p) => ({ service: service.name, workloadPort: p.targetPort ?? p.port ?? 0, protocol: portProtocol(p.name, p.appProtocol) })),
  );
}
