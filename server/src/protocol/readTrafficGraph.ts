// Validates an untrusted value (a webview message, a server answer, inlined page data) as a TrafficGraph.
// Shared by the extension host and the browser bundle, so it imports types only and no `vscode`.
import type {
  EdgeVerdict, EnforcerId, ExplainResult, ExplainStep, GraphEdge, GraphNode, GraphNodeKind, GraphProtocol, GraphRange, L7Constraint, RuleRef, TrafficGraph,
} from './trafficGraph';
import type { ExplainBasis } from './explainFlow';
import type { GraphTextFormat } from './exportTrafficGraph';
import type { DataplaneMode } from './settings';

const nodeKinds: readonly GraphNodeKind[] = ['workload', 'entity', 'cidr', 'fqdn', 'namespace'];
const verdicts: readonly EdgeVerdict[] = ['allow', 'deny', 'unknown'];
const protocols: readonly GraphProtocol[] = ['TCP', 'UDP', 'SCTP', 'ANY', 'ICMP'];
const l7Kinds: readonly L7Constraint['kind'][] = ['http', 'dns', 'sni', 'kafka', 'other'];

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isOptString = (v: unknown): boolean => v === undefined || typeof v === 'string';
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isNatural = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Why a value is not a TrafficGraph: the first problem found, with its path. */
export type GraphReadResult = { ok: true; graph: TrafficGraph } | { ok: false; error: string };

function readRange(v: unknown): GraphRange | undefined {
  if (!isRecord(v) || !isRecord(v.start) || !isRecord(v.end)) return undefined;
  const { start, end } = v;
  if (![start.line, start.character, end.line, end.character].every(isNatural)) return undefined;
  return v as unknown as GraphRange;
}

function readRule(v: unknown): RuleRef | undefined {
  if (!isRecord(v) || !isString(v.file) || !isString(v.policy) || !isString(v.path)) return undefined;
  if (!isOptString(v.kind) || !readRange(v.range)) return undefined;
  return v as unknown as RuleRef;
}

function readL7(v: unknown): L7Constraint | undefined {
  if (!isRecord(v) || !l7Kinds.includes(v.kind as L7Constraint['kind'])) return undefined;
  for (const key of ['method', 'path', 'host', 'pattern'] as const) if (!isOptString(v[key])) return undefined;
  for (const key of ['headers', 'serverNames'] as const) if (v[key] !== undefined && !isStringArray(v[key])) return undefined;
  return v as unknown as L7Constraint;
}

function readNode(v: unknown): GraphNode | undefined {
  if (!isRecord(v) || !isString(v.id) || !isString(v.name) || !nodeKinds.includes(v.kind as GraphNodeKind)) return undefined;
  if (!isOptString(v.namespace) || !isOptString(v.workloadKind) || !isOptString(v.serviceAccount) || !isOptString(v.meshMode)) return undefined;
  if (v.labels !== undefined && !(isRecord(v.labels) && Object.values(v.labels).every(isString))) return undefined;
  if (v.except !== undefined && !isStringArray(v.except)) return undefined;
  return { ...(v as unknown as GraphNode), labels: (v.labels as Record<string, string> | undefined) ?? {} };
}

function readEdge(v: unknown, nodeIds: ReadonlySet<string>): GraphEdge | string {
  if (!isRecord(v) || !isString(v.from) || !isString(v.to)) return 'needs string from/to';
  if (!nodeIds.has(v.from) || !nodeIds.has(v.to)) return `endpoint not among nodes (${v.from} -> ${v.to})`;
  if (!verdicts.includes(v.verdict as EdgeVerdict)) return 'bad verdict';
  const protocol = v.protocol ?? 'ANY';
  if (!protocols.includes(protocol as GraphProtocol)) return 'bad protocol';
  const port = v.port ?? null;
  const endPort = v.endPort ?? null;
  if ((port !== null && !isNatural(port)) || (endPort !== null && !isNatural(endPort))) return 'bad port';
  const l7 = v.l7 ?? [];
  if (!Array.isArray(l7) || !l7.every((c) => readL7(c) !== undefined)) return 'bad l7';
  const enforcers = v.enforcers ?? [];
  // Unknown enforcer ids are kept as strings: a newer server may add one, and the panel only labels them.
  if (!isStringArray(enforcers)) return 'bad enforcers';
  const rules = v.rules ?? [];
  if (!Array.isArray(rules) || !rules.every((r) => readRule(r) !== undefined)) return 'bad rules';
  if (!isOptString(v.reason) || !isOptString(v.portName)) return 'bad reason/portName';
  return {
    ...(v as unknown as GraphEdge),
    protocol: protocol as GraphProtocol, port: port as number | null, endPort: endPort as number | null,
    l7: l7 as L7Constraint[], enforcers: enforcers as EnforcerId[], rules: rules as RuleRef[],
  };
}

/** Accepts a TrafficGraph (version 1) or says why not; never throws. */
export function readTrafficGraph(value: unknown): GraphReadResult {
  if (!isRecord(value)) return { ok: false, error: 'graph is not an object' };
  if (value.version !== 1) return { ok: false, error: `unsupported graph version ${String(value.version)}` };
  if (!Array.isArray(value.nodes) || !Array.isArray(value.edges)) return { ok: false, error: 'graph needs nodes[] and edges[]' };
  const nodes: GraphNode[] = [];
  const ids = new Set<string>();
  for (const [i, raw] of value.nodes.entries()) {
    const node = readNode(raw);
    if (!node) return { ok: false, error: `nodes[${i}] is not a graph node` };
    if (ids.has(node.id)) return { ok: false, error: `nodes[${i}] repeats id ${node.id}` };
    ids.add(node.id);
    nodes.push(node);
  }
  const edges: GraphEdge[] = [];
  for (const [i, raw] of value.edges.entries()) {
    const edge = readEdge(raw, ids);
    if (typeof edge === 'string') return { ok: false, error: `edges[${i}]: ${edge}` };
    edges.push(edge);
  }
  if (value.truncated === undefined) return { ok: true, graph: { version: 1, nodes, edges } };
  const truncated = value.truncated;
  if (!isRecord(truncated) || !isNatural(truncated.shownEdges) || !isNatural(truncated.totalEdges) || truncated.shownEdges > truncated.totalEdges) {
    return { ok: false, error: 'truncated needs shownEdges ≤ totalEdges (natural numbers)' };
  }
  return { ok: true, graph: { version: 1, nodes, edges, truncated: { shownEdges: truncated.shownEdges, totalEdges: truncated.totalEdges } } };
}

/** Accepts an ExplainResult (`meshlens explain --format json`, the `explanation` of `meshlens/explainFlow`) or returns undefined. */
export function readExplainResult(value: unknown): ExplainResult | undefined {
  if (!isRecord(value) || !verdicts.includes(value.verdict as EdgeVerdict) || !Array.isArray(value.steps)) return undefined;
  const steps: ExplainStep[] = [];
  for (const raw of value.steps) {
    if (!isRecord(raw) || !isString(raw.enforcer) || !isString(raw.reason) || !verdicts.includes(raw.verdict as EdgeVerdict)) return undefined;
    if (raw.direction !== 'egress' && raw.direction !== 'ingress' && raw.direction !== 'authz') return undefined;
    if (!Array.isArray(raw.rules) || !raw.rules.every((r) => readRule(r) !== undefined)) return undefined;
    if (raw.l7 !== undefined && !(Array.isArray(raw.l7) && raw.l7.every((c) => readL7(c) !== undefined))) return undefined;
    steps.push(raw as unknown as ExplainStep);
  }
  return { verdict: value.verdict as EdgeVerdict, steps };
}

const dataplaneModes: readonly DataplaneMode[] = ['auto', 'sidecar', 'ambient'];

/** Reads a `meshlens/explainFlow` answer: the explanation with the settings it used, or the server's reason why not. */
export function readExplainFlowAnswer(value: unknown): { explanation: ExplainResult; basis: ExplainBasis } | { error: string } {
  if (isRecord(value) && isString(value.error)) return { error: value.error };
  const explanation = isRecord(value) ? readExplainResult(value.explanation) : undefined;
  const basis = isRecord(value) && isRecord(value.basis) ? value.basis : undefined;
  if (!explanation || !basis || !dataplaneModes.includes(basis.dataplaneMode as DataplaneMode) || !isString(basis.defaultNamespace)) {
    return { error: 'the language server sent something else than an explanation' };
  }
  return { explanation, basis: { dataplaneMode: basis.dataplaneMode as DataplaneMode, defaultNamespace: basis.defaultNamespace } };
}

/** Reads a `meshlens/exportTrafficGraph` answer: the text, or the reason there is none. */
export function readExportAnswer(raw: unknown, format: GraphTextFormat): { text: string; truncated: boolean } | { error: string } {
  const answer = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  if (typeof answer.error === 'string') return { error: answer.error };
  if (answer.format !== format || typeof answer.text !== 'string') return { error: 'the language server sent an unreadable export' };
  return { text: answer.text, truncated: answer.truncated === true };
}
