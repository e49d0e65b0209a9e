// Scores a netpol-analyzer `connlist` case: the input directory becomes an inventory, every ordered pair
// of workloads and every (external range, workload) pair gets its allowed connections, and the result must
// equal the expected `*_connlist_output.txt` line for line. Pure: the caller reads the files.
// Format: ../shared/corpus/README.md §1 (upstream np-guard/netpol-analyzer `list`).
import { buildInventory, inventoryFileFromText } from '../analysis/inventory/buildInventory';
import type { Workload } from '../analysis/inventory/inventoryModel';
import { buildTrafficModel, flowPorts, type TrafficModel } from '../analysis/graph/trafficModel';
import { formatIpv4, parseCidr } from '../analysis/graph/ipRange';
import { formatPortSet, isEmptyPortSet, portSetOf, intersectPortSets, emptyPortSet, unionPortSets, type PortSet } from '../analysis/graph/portSet';
import type { Endpoint } from '../analysis/graph/endpoint';
import type { ConnectivityCaseResult } from './connectivityPolicyVerdicts';

export interface ConnlistInput {
  readonly name: string;
  readonly files: readonly { readonly file: string; readonly text: string }[];
  readonly expected: string;
}

export function scoreConnlist(input: ConnlistInput): ConnectivityCaseResult {
  const read = buildInventory(input.files.map((f) => inventoryFileFromText(f.file, f.text)), { defaultNamespace: 'default' });
  // netpol-analyzer treats host-network pods like any other pod (Kubernetes leaves them implementation-defined).
  const inventory = { ...read, workloads: read.workloads.map((w) => ({ ...w, hostNetwork: false })) };
  const model = buildTrafficModel(inventory, { undeclaredNamespaces: 'name-label-only' });
  const actual = new Set(connlistLines(model, input.files));
  const expected = new Set(input.expected.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''));
  const mismatches: string[] = [];
  for (const line of expected) if (!actual.has(line)) mismatches.push(`missing: ${line}`);
  for (const line of actual) if (!expected.has(line)) mismatches.push(`extra:   ${line}`);
  return { name: input.name, format: 'connlist', passed: mismatches.length === 0, checked: expected.size, mismatches };
}

/** netpol-analyzer's lines: `src => dst : conns` for workloads, external ranges and the ingress controller. */
export function connlistLines(model: TrafficModel, files: ConnlistInput['files']): string[] {
  const workloads = model.inventory.workloads;
  const label = (w: Workload): string => `${w.namespace}/${w.name}[${w.kind}]`;
  const lines: string[] = [];
  const endpoints = workloads.map((w) => model.workloadEndpoint(w));
  for (const from of endpoints) {
    for (const to of endpoints) {
      if (from === to) continue;
      const ports = flowPorts(model, from, to).allowed;
      if (!isEmptyPortSet(ports)) lines.push(`${label((from as { workload: Workload }).workload)} => ${label((to as { workload: Workload }).workload)} : ${formatPortSet(ports)}`);
    }
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const [first, last] of externalPartition(model, direction)) {
      const range = `${formatIpv4(first)}-${formatIpv4(last)}[External]`;
      const external: Endpoint = { kind: 'cidr', cidr: `${formatIpv4(first)}/32`, range: { v6: false, first, last } };
      for (const w of endpoints) {
        const name = label((w as { workload: Workload }).workload);
        const ports = direction === 'ingress' ? flowPorts(model, external, w).allowed : flowPorts(model, w, external).allowed;
        if (isEmptyPortSet(ports)) continue;
        lines.push(direction === 'ingress' ? `${range} => ${name} : ${formatPortSet(ports)}` : `${name} => ${range} : ${formatPortSet(ports)}`);
      }
    }
  }
  lines.push(...ingressControllerLines(model, files, label));
  return lines;
}

/** The IPv4 space cut at every ipBlock boundary of one direction's rules, as netpol-analyzer reports it. */
function externalPartition(model: TrafficModel, direction: 'ingress' | 'egress'): [bigint, bigint][] {
  const cuts = new Set<bigint>([0n, 1n << 32n]);
  for (const rule of model.rules) {
    if (rule.peers === 'any' || rule.direction !== direction) continue;
    for (const peer of rule.peers) {
      if (peer.external?.kind !== 'cidr') continue;
      for (const text of [peer.external.cidr, ...peer.external.except]) {
        const r = parseCidr(text);
        if (r && !r.v6) {
          cuts.add(r.first);
          cuts.add(r.last + 1n);
        }
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push([sorted[i], sorted[i + 1] - 1n]);
  return out;
}

/**
 * Ingress / Route objects expose Services to an ingress controller outside every namespace: it reaches the
 * selected workloads on the routed target ports, where their ingress policies allow a peer with no labels.
 */
function ingressControllerLines(model: TrafficModel, files: ConnlistInput['files'], label: (w: Workload) => string): string[] {
  const exposures = readExposures(files);
  if (exposures.length === 0) return [];
  const controller: Workload = { id: '{ingress-controller}', namespace: '{ingress-controller}', name: 'ingress-controller', kind: 'Pod', labels: {}, annotations: {}, serviceAccount: 'default', ports: [], hostNetwork: false, ips: [] };
  const from = model.workloadEndpoint(controller);
  const byWorkload = new Map<Workload, PortSet>();
  for (const exposure of exposures) {
    const service = model.inventory.services.find((s) => s.namespace === exposure.namespace && s.name === exposure.service);
    if (!service?.selector) continue;
    for (const w of model.inventory.workloads) {
      if (w.namespace !== service.namespace || !Object.entries(service.selector).every(([k, v]) => w.labels[k] === v)) continue;
      let routed = emptyPortSet;
      for (const p of service.ports) {
        if (exposure.port !== undefined && exposure.port !== p.name && exposure.port !== String(p.port) && exposure.port !== String(p.targetPort)) continue;
        const target = typeof p.targetPort === 'number' ? p.targetPort : w.ports.find((c) => c.name === p.targetPort)?.port;
        if (target !== undefined) routed = unionPortSets(routed, portSetOf(p.protocol, target));
      }
      const allowed = intersectPortSets(routed, flowPorts(model, from, model.workloadEndpoint(w)).allowed);
      byWorkload.set(w, unionPortSets(byWorkload.get(w) ?? emptyPortSet, allowed));
    }
  }
  return [...byWorkload].filter(([, ports]) => !isEmptyPortSet(ports)).map(([w, ports]) => `{ingress-controller} => ${label(w)} : ${formatPortSet(ports)}`);
}

function readExposures(files: ConnlistInput['files']): { namespace: string; service: string; port?: string }[] {
  const out: { namespace: string; service: string; port?: string }[] = [];
  const inventoryFiles = files.map((f) => inventoryFileFromText(f.file, f.text));
  for (const file of inventoryFiles) {
    for (const doc of file.documents) {
      const visit = (value: unknown): void => {
        const v = record(value);
        if (Array.isArray(v.items)) v.items.forEach(visit);
        const namespace = String(record(v.metadata).namespace ?? 'default');
        const spec = record(v.spec);
        if (v.kind === 'Route') {
          const to = record(spec.to);
          const targetPort = record(spec.port).targetPort;
          if (to.kind === 'Service' && typeof to.name === 'string') out.push({ namespace, service: to.name, ...(targetPort !== undefined ? { port: String(targetPort) } : {}) });
        }
        if (v.kind === 'Ingress') {
          const backends = [record(spec.defaultBackend), ...list(spec.rules).flatMap((r) => list(record(record(r).http).paths).map((p) => record(record(p).backend)))];
          for (const backend of backends) {
            const service = record(backend.service);
            if (typeof service.name !== 'string') continue;
            const port = record(service.port);
            out.push({ namespace, service: service.name, ...(port.number !== undefined || port.name !== undefined ? { port: String(port.number ?? port.name) } : {}) });
          }
        }
      };
      visit(doc.value);
    }
  }
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
