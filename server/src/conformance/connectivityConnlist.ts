// Scores a netpol-analyzer `connlist` case: the input directory becomes an inventory, every ordered pair
// of workloads and every (external range, workload) pair gets its allowed connections, and the result must
// equal the expected `*_connlist_output.txt` line for line. Pure: the caller reads the files.
// Format: ../shared/corpus/README.md §1 (upstream np-guard/netpol-analyzer `list`).
import { buildInventory, inventoryFileFromText } from '../analysis/inventory/buildInventory';
import type { Workload } from '../analysis/inventory/inventoryModel';
import { buildTrafficModel, flowPorts, type TrafficModel } from '../analysis/graph/trafficModel';
import { formatIpv4, parseCidr } from '../analysis/graph/ipRange';
import { MAX_PORT, portProtocols, portSetOf, intersectPortSets, emptyPortSet, unionPortSets, type PortSet } from '../analysis/graph/portSet';
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
      if (!isEmptyConnections(ports)) lines.push(`${label((from as { workload: Workload }).workload)} => ${label((to as { workload: Workload }).workload)} : ${formatConnections(ports)}`);
    }
  }
  for (const direction of ['ingress', 'egress'] as const) {
    for (const [first, last] of externalPartition(model, direction)) {
      const range = `${formatIpv4(first)}-${formatIpv4(last)}[External]`;
      const external: Endpoint = { kind: 'cidr', cidr: `${formatIpv4(first)}/32`, range: { v6: false, first, last } };
      for (const w of endpoints) {
        const name = label((w as { workload: Workload }).workload);
        const ports = direction === 'ingress' ? flowPorts(model, external, w).allowed : flowPorts(model, w, external).allowed;
        if (isEmptyConnections(ports)) continue;
        lines.push(direction === 'ingress' ? `${range} => ${name} : ${formatConnections(ports)}` : `${name} => ${range} : ${formatConnections(ports)}`);
      }
    }
  }
  lines.push(...ingressControllerLines(model, files, label));
  return lines;
}

/**
 * The IPv4 space as netpol-analyzer partitions it for one direction: each ipBlock becomes the set
 * `cidr − except` (excepts clipped and merged) split into its maximal intervals (IPBlock.Split), and those
 * intervals plus 0.0.0.0/0 are made disjoint (netset.DisjointIPBlocks). Upstream: np-guard/netpol-analyzer
 * pkg/netpol/eval/internal/k8s/netpol.go rulePeersReferencedIPBlocks, pkg/netpol/eval/resources.go
 * getDisjointIPBlocks; np-guard/models pkg/netset/ipblock.go Split, DisjointIPBlocks. Cutting at every edge
 * of every interval is the same partition: each cut separates points that differ in some interval's membership.
 */
export function externalPartition(model: TrafficModel, direction: 'ingress' | 'egress'): [bigint, bigint][] {
  const cuts = new Set<bigint>([0n, 1n << 32n]);
  for (const rule of model.rules) {
    if (rule.peers === 'any' || rule.direction !== direction) continue;
    for (const peer of rule.peers) {
      if (peer.external?.kind !== 'cidr') continue;
      for (const [first, last] of ipBlockIntervals(peer.external.cidr, peer.external.except)) {
        cuts.add(first);
        cuts.add(last + 1n);
      }
    }
  }
  const sorted = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (let i = 0; i + 1 < sorted.length; i++) out.push([sorted[i], sorted[i + 1] - 1n]);
  return out;
}

/** The maximal IPv4 intervals of `cidr − except` (IPv6 blocks are outside netpol-analyzer's IPv4 space). */
export function ipBlockIntervals(cidr: string, except: readonly string[]): [bigint, bigint][] {
  const range = parseCidr(cidr);
  if (!range || range.v6) return [];
  let intervals: [bigint, bigint][] = [[range.first, range.last]];
  for (const text of except) {
    const cut = parseCidr(text);
    if (!cut || cut.v6) continue;
    intervals = intervals.flatMap(([lo, hi]): [bigint, bigint][] => {
      if (cut.last < lo || cut.first > hi) return [[lo, hi]];
      return [...(cut.first > lo ? [[lo, cut.first - 1n] as [bigint, bigint]] : []), ...(cut.last < hi ? [[cut.last + 1n, hi] as [bigint, bigint]] : [])];
    });
  }
  return intervals;
}

/**
 * netpol-analyzer's connection wording. Its universe is TCP, UDP and SCTP ports 1-65535 (no ICMP): a set
 * holding all three in full is `All Connections`, otherwise `PROTO ports` sorted and comma-joined.
 * Upstream: pkg/netpol/internal/common/connectionset.go (allProtocols, updateIfAllConnections, String).
 */
export function formatConnections(set: PortSet): string {
  const full = portProtocols.every((p) => set[p].length === 1 && set[p][0][0] === 1 && set[p][0][1] === MAX_PORT);
  if (full) return 'All Connections';
  if (isEmptyConnections(set)) return 'No Connections';
  return portProtocols
    .filter((p) => set[p].length > 0)
    .map((p) => `${p} ${set[p].map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`)
    .sort()
    .join(',');
}

/** No TCP, UDP or SCTP port: ICMP alone is not a connection netpol-analyzer reports. */
function isEmptyConnections(set: PortSet): boolean {
  return portProtocols.every((p) => set[p].length === 0);
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
  return [...byWorkload].filter(([, ports]) => !isEmptyConnections(ports)).map(([w, ports]) => `{ingress-controller} => ${label(w)} : ${formatConnections(ports)}`);
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
