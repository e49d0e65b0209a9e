// "Allow this flow" as a code action on the policy (or rule) that denies it: the flows the graph draws as denied
// and attributes to this policy (a deny rule, or a policy whose default deny isolates an end) get an action whose
// edit is the flow-change planner's (flowChange.ts: the smallest change in the dialect that decides). Bounded to
// `maxFlowActions`, chosen in this order: flows whose denying rule is under the cursor, then flows between two
// workloads before flows to entities, CIDRs or FQDNs, then the graph's order (stable: by pair, then port).
// A flow the planner cannot change (an explicit deny rule) is offered disabled, with the planner's reason.
// Pure: the file's analysis, the model and its graph in, edits out. Never throws on user input.
import type { FileAnalysis } from '../analyzeFile';
import { resolveEndpoint } from '../graph/explainFlow';
import type { TrafficModel } from '../graph/trafficModel';
import type { GraphEdge, GraphNode, RuleRef, TrafficGraph } from '../graph/trafficGraphModel';
import type { SourceSpan } from '../model/sourceSpan';
import { LineIndex } from '../yaml/lineIndex';
import { planFlowChange, type NewPolicyFile } from './flowChange';
import { policyOfDocument } from './navigation';
import type { SpanEdit } from './yamlEdits';

/** At most this many flow actions per request: a lightbulb menu, not a report (the graph panel lists them all). */
export const maxFlowActions = 3;

/**
 * Above this many workloads no flow action is offered: drawing the whole graph after each edit costs about a second
 * there (`npm run bench:authoring`), past a code-action request's budget, which would lose the quick fixes too. The
 * panel's Explain → "Allow this flow" works at any size.
 */
export const flowActionWorkloadLimit = 2000;

export interface FlowActionFlow {
  readonly from: string;
  readonly to: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly port: number;
}

export interface FlowAction {
  readonly title: string;
  readonly flow: FlowActionFlow;
  readonly edits: readonly SpanEdit[];
  readonly newFiles: readonly NewPolicyFile[];
  /** Set when no edit can allow the flow (an explicit deny rule): why, for a disabled action. */
  readonly disabledReason?: string;
}

export interface FlowActionInput {
  readonly file: string;
  readonly text: string;
  readonly range: SourceSpan;
  readonly analysis: FileAnalysis;
  readonly model: TrafficModel;
  readonly graph: TrafficGraph;
  readonly defaultNamespace: string;
}

/** "Allow <from> → <to> <proto>/<port>" for the denied flows the policy at `range` decides. */
export function allowFlowActionsAt(input: FlowActionInput): FlowAction[] {
  try {
    return flowActions(input);
  } catch {
    // A shape the planner did not foresee: no action rather than a failed request.
    return [];
  }
}

function flowActions({ file, text, range, analysis, model, graph, defaultNamespace }: FlowActionInput): FlowAction[] {
  const document = analysis.documents.find((d) => range.start >= d.yaml.start && range.start <= d.yaml.end);
  if (!document?.policy) return [];
  const policy = policyOfDocument(model, file, document.yaml.index);
  if (!policy) return [];
  const policyName = policy.namespace ? `${policy.namespace}/${policy.name}` : policy.name;
  const lines = new LineIndex(text);
  const from = lines.positionAt(range.start).line;
  const to = lines.positionAt(range.end).line;
  const ofPolicy = (rule: RuleRef) => rule.file === file && rule.kind === policy.kind && rule.policy === policyName;
  const underCursor = (rule: RuleRef) => ofPolicy(rule) && rule.range.start.line <= to && rule.range.end.line >= from && rule.path !== 'spec';
  const nodes = new Map<string, GraphNode>(graph.nodes.map((n) => [n.id, n]));
  const candidates = graph.edges
    .map((edge, order) => ({ edge, order }))
    .filter(({ edge }) => edge.verdict === 'deny' && edge.port !== null && isChangeable(edge.protocol) && edge.rules.some(ofPolicy))
    .map(({ edge, order }) => ({
      edge,
      order,
      rank: (edge.rules.some(underCursor) ? 0 : 2) + (nodes.get(edge.from)?.kind === 'workload' && nodes.get(edge.to)?.kind === 'workload' ? 0 : 1),
    }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order);
  const out: FlowAction[] = [];
  const seen = new Set<string>();
  for (const { edge } of candidates) {
    if (out.length >= maxFlowActions) break;
    const flow = flowOf(edge, nodes);
    if (!flow) continue;
    const key = `${flow.from}|${flow.to}|${flow.protocol}/${flow.port}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const fromEnd = resolveEndpoint(model, flow.from, defaultNamespace);
    const toEnd = resolveEndpoint(model, flow.to, defaultNamespace);
    if ('error' in fromEnd || 'error' in toEnd) continue;
    const change = planFlowChange(model, { from: fromEnd.endpoint, to: toEnd.endpoint, protocol: flow.protocol, port: flow.port, intent: 'allow' });
    if (change.before !== 'deny') continue;
    const empty = change.edits.length === 0 && change.newFiles.length === 0;
    out.push({
      title: change.title,
      flow,
      edits: change.edits,
      newFiles: change.newFiles,
      ...(empty || change.notes.length > 0 ? { disabledReason: change.notes.join(' ') || 'meshlens found no policy change that allows this flow.' } : {}),
    });
  }
  return out;
}

function isChangeable(protocol: GraphEdge['protocol']): protocol is FlowActionFlow['protocol'] {
  return protocol === 'TCP' || protocol === 'UDP' || protocol === 'SCTP';
}

/** The flow as `meshlens explain` names its ends (a port range by its first port); undefined when an end has no such name (a namespace, a CIDR with exceptions). */
function flowOf(edge: GraphEdge, nodes: ReadonlyMap<string, GraphNode>): FlowActionFlow | undefined {
  const name = (node: GraphNode | undefined): string | undefined => {
    if (!node) return undefined;
    if (node.kind === 'workload') return node.namespace === undefined ? undefined : `${node.namespace}/${node.name}`;
    if (node.kind === 'cidr') return node.except && node.except.length > 0 ? undefined : node.name;
    if (node.kind === 'entity') return `entity:${node.name}`;
    if (node.kind === 'fqdn') return `fqdn:${node.name}`;
    return undefined;
  };
  const from = name(nodes.get(edge.from));
  const to = name(nodes.get(edge.to));
  if (!from || !to || edge.port === null || !isChangeable(edge.protocol)) return undefined;
  return { from, to, protocol: edge.protocol, port: edge.port };
}
