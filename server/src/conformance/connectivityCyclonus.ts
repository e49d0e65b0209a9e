// Scores cyclonus `analyze` cases. Probe mode: pods and namespaces from probe.json, the policy files, and
// per probed protocol/port the Ingress, Egress and Combined truth tables (rows = sources, columns =
// destinations, `.` allowed, `X` blocked); every cell must match. Query-traffic mode: one verdict per flow of
// traffic.json. Pure: the caller reads the files.
// Format: ../shared/corpus/README.md §2 (upstream mattfenwick/cyclonus).
import { buildInventory, inventoryFileFromText } from '../analysis/inventory/buildInventory';
import type { NamespaceInfo, Workload } from '../analysis/inventory/inventoryModel';
import { buildTrafficModel, evaluateFlow } from '../analysis/graph/trafficModel';
import { cidrEndpoint, endpointId, type Endpoint } from '../analysis/graph/endpoint';
import { directionPorts, verdictAt } from '../analysis/graph/evaluateDirection';
import type { PortProtocol } from '../analysis/graph/portSet';
import type { ConnectivityCaseResult } from './connectivityPolicyVerdicts';

export interface CyclonusProbeInput {
  readonly name: string;
  readonly probeJson: string;
  readonly policies: readonly { readonly file: string; readonly text: string }[];
  readonly expected: string;
}

type Table = Map<string, Map<string, boolean>>;

export function scoreCyclonusProbe(input: CyclonusProbeInput): ConnectivityCaseResult {
  const probe = record(JSON.parse(input.probeJson) as unknown);
  const resources = record(probe.Resources);
  const namespaces: NamespaceInfo[] = Object.entries(record(resources.Namespaces)).map(([name, labels]) => ({
    name,
    labels: { ...Object.fromEntries(Object.entries(record(labels)).map(([k, v]) => [k, String(v)])), 'kubernetes.io/metadata.name': name },
    declared: true,
  }));
  const workloads: Workload[] = list(resources.Pods).map((raw) => {
    const p = record(raw);
    return {
      id: `${p.Namespace}/${p.Name}`,
      namespace: String(p.Namespace),
      name: String(p.Name),
      kind: 'Pod',
      labels: Object.fromEntries(Object.entries(record(p.Labels)).map(([k, v]) => [k, String(v)])),
      annotations: {},
      serviceAccount: 'default',
      ports: list(p.Containers).map((c) => ({ name: String(record(c).PortName ?? '') || undefined, port: Number(record(c).Port), protocol: String(record(c).Protocol ?? 'tcp').toUpperCase() as 'TCP' })).map((c) => (c.name ? c : { port: c.port, protocol: c.protocol })),
      hostNetwork: false,
      ips: typeof p.IP === 'string' ? [p.IP] : [],
    };
  });
  const inventory = buildInventory(input.policies.map((f) => inventoryFileFromText(f.file, f.text)), { extra: { workloads, namespaces } });
  const model = buildTrafficModel(inventory, { undeclaredNamespaces: 'name-label-only' });
  const blocks = parseProbeOutput(input.expected);
  const mismatches: string[] = [];
  let checked = 0;
  list(probe.Probes).forEach((raw, i) => {
    const protocol = String(record(raw).Protocol ?? 'TCP').toUpperCase() as PortProtocol;
    const port = Number(record(raw).Port);
    const block = blocks[i];
    if (!block) {
      mismatches.push(`probe ${protocol}/${port}: no expected tables`);
      return;
    }
    for (const from of workloads) {
      for (const to of workloads) {
        const src = model.workloadEndpoint(from);
        const dst = model.workloadEndpoint(to);
        const egress = verdictAt(directionPorts('egress', model.rulesFor(from, 'egress'), dst, dst, model.context), protocol, port).verdict === 'allow';
        const ingress = verdictAt(directionPorts('ingress', model.rulesFor(to, 'ingress'), src, dst, model.context), protocol, port).verdict === 'allow';
        // Cyclonus probes real containers: a port the destination does not serve is blocked in every table.
        const served = to.ports.some((c) => c.port === port && c.protocol === protocol);
        const actual: Record<string, boolean> = { Ingress: served && ingress, Egress: served && egress, Combined: served && ingress && egress };
        for (const table of ['Ingress', 'Egress', 'Combined']) {
          const want = block.get(table)?.get(from.id.toLowerCase())?.get(to.id.toLowerCase());
          if (want === undefined) {
            mismatches.push(`${protocol}/${port} ${table} ${from.id} -> ${to.id}: no expected cell`);
            continue;
          }
          checked++;
          if (want !== actual[table]) mismatches.push(`${protocol}/${port} ${table} ${from.id} -> ${to.id}: expected ${want ? 'allowed' : 'blocked'}`);
        }
      }
    }
  });
  return { name: input.name, format: 'cyclonus-probe', passed: mismatches.length === 0 && checked > 0, checked, mismatches };
}

/** Splits analyze-probe.txt into blocks of Ingress/Egress/Combined tables, keyed by lower-case `ns/pod`. */
export function parseProbeOutput(text: string): Map<string, Table>[] {
  const blocks: Map<string, Table>[] = [];
  let current: Map<string, Table> | undefined;
  let table: Table | undefined;
  let columns: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const heading = /^(Ingress|Egress|Combined):$/.exec(line.trim());
    if (heading) {
      if (heading[1] === 'Ingress' || !current) {
        current = new Map();
        blocks.push(current);
      }
      table = new Map();
      current.set(heading[1], table);
      columns = [];
      continue;
    }
    if (!table || !line.startsWith('|')) continue;
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    if (cells[0] === '') {
      columns = cells.slice(1).map((c) => c.toLowerCase());
      continue;
    }
    const row = new Map<string, boolean>();
    cells.slice(1).forEach((cell, i) => row.set(columns[i], cell === '.'));
    table.set(cells[0].toLowerCase(), row);
  }
  // Trailing blocks with empty tables belong to no probe.
  return blocks.filter((b) => [...b.values()].some((t) => t.size > 0));
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export interface CyclonusTrafficInput {
  readonly name: string;
  readonly trafficJson: string;
  readonly policies: readonly { readonly file: string; readonly text: string }[];
  readonly expected: string;
}

/**
 * Scores a cyclonus `analyze --mode query-traffic` case: each flow of traffic.json (pods given by labels,
 * namespace labels and IP, or a bare external IP) must get the `IS ALLOWED? TRUE/FALSE` of the expected
 * output, in order.
 */
export function scoreCyclonusQueryTraffic(input: CyclonusTrafficInput): ConnectivityCaseResult {
  const flows = list(JSON.parse(input.trafficJson) as unknown).map(record);
  const expected = [...input.expected.matchAll(/IS ALLOWED\?\s*\|\s*(TRUE|FALSE)/g)].map((m) => m[1] === 'TRUE');
  const mismatches: string[] = [];
  if (expected.length !== flows.length) mismatches.push(`expected output has ${expected.length} verdicts for ${flows.length} flows`);
  const policyFiles = input.policies.map((f) => inventoryFileFromText(f.file, f.text));
  flows.forEach((flow, i) => {
    const workloads: Workload[] = [];
    const namespaces: NamespaceInfo[] = [];
    const endpointOf = (raw: unknown, role: string): { id?: string; ip?: string } => {
      const side = record(raw);
      const internal = record(side.Internal);
      const ip = typeof side.IP === 'string' ? side.IP : undefined;
      if (typeof internal.Namespace !== 'string') return { ip };
      const namespace = internal.Namespace;
      const portName = role === 'destination' && typeof flow.ResolvedPortName === 'string' ? flow.ResolvedPortName : undefined;
      workloads.push({
        id: `${namespace}/${role}`,
        namespace,
        name: role,
        kind: 'Pod',
        labels: Object.fromEntries(Object.entries(record(internal.PodLabels)).map(([k, v]) => [k, String(v)])),
        annotations: {},
        serviceAccount: 'default',
        ports: portName ? [{ name: portName, port: Number(flow.ResolvedPort), protocol: String(flow.Protocol ?? 'TCP').toUpperCase() as 'TCP' }] : [],
        hostNetwork: false,
        ips: ip ? [ip] : [],
      });
      const labels = Object.fromEntries(Object.entries(record(internal.NamespaceLabels)).map(([k, v]) => [k, String(v)]));
      if (!namespaces.some((n) => n.name === namespace)) namespaces.push({ name: namespace, labels: { ...labels, 'kubernetes.io/metadata.name': namespace }, declared: true });
      return { id: `${namespace}/${role}` };
    };
    const source = endpointOf(flow.Source, 'source');
    const destination = endpointOf(flow.Destination, 'destination');
    const model = buildTrafficModel(buildInventory(policyFiles, { extra: { workloads, namespaces } }), { undeclaredNamespaces: 'name-label-only' });
    const resolve = (side: { id?: string; ip?: string }): Endpoint | undefined => {
      const workload = side.id ? workloads.find((w) => w.id === side.id) : undefined;
      return workload ? model.workloadEndpoint(workload) : side.ip ? cidrEndpoint(side.ip) : undefined;
    };
    const from = resolve(source);
    const to = resolve(destination);
    if (!from || !to) {
      mismatches.push(`flow ${i + 1}: source or destination is neither a pod nor an IP`);
      return;
    }
    const protocol = String(flow.Protocol ?? 'TCP').toUpperCase() as PortProtocol;
    const allowed = evaluateFlow(model, from, to, protocol, Number(flow.ResolvedPort)).verdict === 'allow';
    if (expected[i] !== undefined && expected[i] !== allowed) mismatches.push(`flow ${i + 1} (${endpointId(from)} -> ${endpointId(to)} ${protocol}/${flow.ResolvedPort}): expected ${expected[i] ? 'allowed' : 'blocked'}`);
  });
  return { name: input.name, format: 'cyclonus-query-traffic', passed: mismatches.length === 0 && flows.length > 0, checked: flows.length, mismatches };
}
