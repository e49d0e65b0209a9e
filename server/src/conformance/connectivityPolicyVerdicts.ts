// Scores one `policy-verdicts/v1` case (Cilium connectivity suite, istio.io tasks): the endpoints become
// workloads, the policies an inventory, and every query a flow whose verdict must equal `expect`.
// Pure: the caller reads the file. Format: ../shared/corpus/README.md §3.
import { parseDocument } from 'yaml';
import type { ContainerPort, MeshMode, NamespaceInfo, PolicySource, ServiceInfo, Workload } from '../analysis/inventory/inventoryModel';
import { buildInventory } from '../analysis/inventory/buildInventory';
import { policyKindNamed } from '../analysis/policyKinds';
import { buildTrafficModel, evaluateFlow } from '../analysis/graph/trafficModel';
import type { IstioRequest } from '../analysis/graph/evaluateIstio';
import type { PortProtocol } from '../analysis/graph/portSet';

export interface ConnectivityCaseResult {
  readonly name: string;
  readonly format: 'policy-verdicts/v1' | 'connlist' | 'cyclonus-probe' | 'cyclonus-query-traffic';
  readonly passed: boolean;
  readonly checked: number;
  /** One line per mismatching query or pair. */
  readonly mismatches: readonly string[];
}

export function scorePolicyVerdicts(name: string, text: string): ConnectivityCaseResult {
  const fail = (why: string): ConnectivityCaseResult => ({ name, format: 'policy-verdicts/v1', passed: false, checked: 0, mismatches: [why] });
  const doc = parseDocument(text).toJS() as unknown;
  if (!isRecord(doc) || doc.format !== 'policy-verdicts/v1') return fail('not a policy-verdicts/v1 document');
  const engine = String(doc.engine ?? '');
  const namespaces: NamespaceInfo[] = list(doc.namespaces).map((n) => {
    const nsName = typeof n === 'string' ? n : String(record(n).name);
    return { name: nsName, labels: { ...stringMap(record(n).labels), 'kubernetes.io/metadata.name': nsName }, declared: true };
  });
  const defaultNamespace = namespaces[0]?.name ?? 'default';
  const workloads: Workload[] = [];
  const services: ServiceInfo[] = [];
  for (const raw of list(doc.endpoints)) {
    const e = record(raw);
    const namespace = String(e.namespace ?? defaultNamespace);
    const labels = stringMap(e.labels);
    const ports: ContainerPort[] = [
      ...list(e.ports).map((p) => (typeof record(p).name === 'string' ? { name: String(record(p).name), port: Number(record(p).port), protocol: 'TCP' as const } : { port: Number(record(p).port), protocol: 'TCP' as const })),
      ...list(e.container_ports).map((p) => ({ port: Number(p), protocol: 'TCP' as const })),
    ];
    const mesh: MeshMode | undefined = e.sidecar === true ? 'sidecar' : e.ambient === true ? 'ambient' : engine.startsWith('istio') ? 'none' : undefined;
    workloads.push({
      id: `${namespace}/${e.name}`,
      namespace,
      name: String(e.name),
      kind: 'Pod',
      labels,
      annotations: {},
      serviceAccount: String(e.serviceAccount ?? 'default'),
      ports,
      hostNetwork: false,
      ips: [],
      ...(mesh ? { declaredMeshMode: mesh } : {}),
    });
    const service = record(e.service);
    if (typeof service.name === 'string') {
      services.push({
        id: `${namespace}/${service.name}`,
        namespace,
        name: service.name,
        selector: labels,
        labels: {},
        ports: list(service.ports).map((p) => ({ name: String(record(p).name ?? ''), port: Number(record(p).port), targetPort: Number(record(p).port), protocol: 'TCP' as const })),
      });
    }
  }
  const policies: PolicySource[] = list(doc.policies).flatMap((raw, i) => {
    const value = record(raw);
    const kind = policyKindNamed(value.kind);
    if (!kind) return [];
    const metadata = record(value.metadata);
    return [{
      kind: kind.kind,
      name: String(metadata.name ?? `policy-${i}`),
      namespace: kind.namespaced ? String(metadata.namespace ?? defaultNamespace) : undefined,
      value,
      source: { file: name, basePath: ['policies', i] },
      key: `${name}#${i}`,
    }];
  });
  const inventory = buildInventory([], { extra: { workloads, namespaces, services, policies } });
  const model = buildTrafficModel(inventory, { undeclaredNamespaces: 'name-label-only' });
  const mismatches: string[] = [];
  let checked = 0;
  for (const raw of list(doc.queries)) {
    const q = record(raw);
    const from = workloads.find((w) => w.name === q.from);
    const to = workloads.find((w) => w.name === q.to);
    if (!from || !to) {
      mismatches.push(`${q.id}: unknown endpoint ${!from ? q.from : q.to}`);
      continue;
    }
    checked++;
    const protocol = String(q.protocol ?? 'TCP').toUpperCase();
    const wire: PortProtocol | 'ICMP' = protocol === 'UDP' || protocol === 'SCTP' || protocol === 'ICMP' ? protocol : 'TCP';
    const request = requestOf(q, protocol);
    const verdict = evaluateFlow(model, model.workloadEndpoint(from), model.workloadEndpoint(to), wire, Number(q.port ?? 0), request);
    if (verdict.verdict !== q.expect) {
      const why = verdict.steps.filter((s) => s.verdict !== 'allow').map((s) => `${s.direction}/${s.enforcer}: ${s.reason}`).join('; ') || 'every step allowed';
      mismatches.push(`${q.id} ${q.from} -> ${q.to} ${protocol}/${q.port ?? ''}: expected ${q.expect}, got ${verdict.verdict} (${why})`);
    }
  }
  return { name, format: 'policy-verdicts/v1', passed: mismatches.length === 0 && checked > 0, checked, mismatches };
}

/** HTTP queries carry method/path/headers; the cilium-cli ones say `HTTP GET /` in `request`. */
function requestOf(q: Record<string, unknown>, protocol: string): IstioRequest | undefined {
  const fromText = /^HTTP (\w+) (\S+)/.exec(String(q.request ?? ''));
  if (protocol !== 'HTTP' && !fromText) return undefined;
  return {
    method: typeof q.method === 'string' ? q.method : fromText?.[1],
    path: typeof q.path === 'string' ? q.path : fromText?.[2],
    headers: stringMap(q.headers),
    ...(q.jwt !== undefined && q.jwt !== 'none' ? { jwt: jwtOf(String(q.jwt)) } : {}),
  };
}

/** Reads the token description of the istio.io transcriptions: `valid token … (iss=sub=X, groups=[a,b])`. */
function jwtOf(text: string): NonNullable<IstioRequest['jwt']> {
  if (!/^valid/i.test(text)) return { valid: false };
  const issuer = /iss=(?:sub=)?([^,)\s]+)/.exec(text)?.[1];
  const subject = /sub=([^,)\s]+)/.exec(text)?.[1];
  const groups = /groups=\[([^\]]*)\]/.exec(text)?.[1];
  return { valid: true, issuer, subject, claims: groups ? { groups: groups.split(',').map((g) => g.trim()) } : {} };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([k, v]) => [k, String(v)]));
}
