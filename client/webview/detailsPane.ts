// The details of the selected edge or node: rules (with "Go to rule"), enforcers in order, layer,
// verdict and reason; for nodes their labels and flows. Text only, never HTML.
import type { ExplainResult, GraphEdge, GraphNode, RuleRef, TrafficGraph } from '../../server/src/protocol/trafficGraph';
import { parseHeaderArgument, type ExplainHttpRequest } from '../../server/src/protocol/explainFlow';
import { element } from './element';
import { flowQuery } from './flowQuery';
import type { FlowQuery } from '../../server/src/protocol/webviewMessages';
import { enforcerBadge, l7Text, portText, type ElementDefinitions } from './graphElements';

export interface DetailsEvents {
  revealRule(rule: RuleRef): void;
  /** Absent in the standalone page, which has no language server behind it. */
  explain?: (edge: GraphEdge, request?: ExplainHttpRequest) => Promise<ExplainResult & { note?: string }>;
  /** "Allow this flow" / "Deny this flow" after an explanation (the host previews the change in the panel before applying it). */
  changeFlow?: (flow: FlowQuery, intent: 'allow' | 'deny') => void;
  select(id: string): void;
  toggleGroup(namespace: string): void;
}

const row = (term: string, value: string | Node): HTMLElement[] => [element('dt', {}, [term]), element('dd', {}, [value])];

function ruleList(rules: readonly RuleRef[], events: DetailsEvents): HTMLElement {
  if (rules.length === 0) return element('p', { class: 'muted' }, ['No rule: default behaviour.']);
  return element('ul', { class: 'rules' }, rules.map((rule) => {
    const go = element('button', { type: 'button', class: 'goToRule', 'data-file': rule.file, 'data-line': rule.range.start.line }, ['Go to rule']);
    go.addEventListener('click', () => events.revealRule(rule));
    const file = rule.file.split('/').pop() ?? rule.file;
    return element('li', {}, [
      element('div', {}, [element('strong', {}, [rule.policy]), ` (${rule.kind ?? 'policy'})`]),
      element('div', { class: 'muted' }, [`${rule.path} — ${file}:${rule.range.start.line + 1}`]),
      // The rule's layer and enforcer as hover and inlay hints label it (computed by the server).
      ...(rule.label ? [element('div', { class: 'ruleLabel' }, [rule.label])] : []),
      go,
    ]);
  }));
}

function edgeSection(graph: TrafficGraph, edge: GraphEdge, events: DetailsEvents): HTMLElement {
  const name = (id: string): string => {
    const node = graph.nodes.find((n) => n.id === id);
    return node ? (node.namespace ? `${node.namespace}/${node.name}` : node.name) : id;
  };
  const steps = edge.enforcers.length === 0
    ? element('p', { class: 'muted' }, ['No enforcer recorded.'])
    : element('ol', { class: 'steps' }, edge.enforcers.map((e) => element('li', {}, [`${enforcerBadge(e)} (${e})`])));
  return element('section', { class: 'edgeDetails' }, [
    element('h3', {}, [`${name(edge.from)} → ${name(edge.to)}`]),
    element('dl', {}, [
      ...row('Verdict', element('span', { class: `verdict ${edge.verdict}` }, [edge.verdict])),
      ...(edge.reason ? row('Why', edge.reason) : []),
      ...row('Layer', edge.layer),
      ...row('Port', portText(edge)),
      ...(edge.l7.length > 0 ? row('L7', l7Text(edge)) : []),
    ]),
    element('h4', {}, ['Enforced by, in order']),
    steps,
    element('h4', {}, ['Rules']),
    ruleList(edge.rules, events),
    ...explainSection(graph, edge, events),
  ]);
}

/** "Explain this flow": `meshlens/explainFlow` for the edge's first port, one row per enforcement step. */
function explainSection(graph: TrafficGraph, edge: GraphEdge, events: DetailsEvents): HTMLElement[] {
  const flow = flowQuery(graph, edge);
  const explain = events.explain;
  if (!flow || !explain) return [];
  const output = element('div', { class: 'explanation', 'aria-live': 'polite' });
  const button = element('button', { type: 'button', class: 'explainFlow' }, [`Explain ${flow.protocol}/${flow.port}, step by step`]);
  // Optional HTTP request for L7 rules (Cilium HTTP rules and headers, Istio operations), as `meshlens explain --method/--path/--header`.
  const requestLine = element('input', { type: 'text', class: 'explainRequestLine', placeholder: 'GET /path (optional)', 'aria-label': 'HTTP request: method and path' });
  const headerLines = element('textarea', { class: 'explainHeaders', rows: 2, placeholder: 'Name: value, one header per line (optional)', 'aria-label': 'HTTP request headers' });
  button.addEventListener('click', () => {
    button.disabled = true;
    output.replaceChildren(element('p', { class: 'muted' }, ['Asking the meshlens server…']));
    explain(edge, explainRequest(requestLine.value, headerLines.value)).then((result) => {
      output.replaceChildren(
        element('p', {}, ['Verdict: ', element('span', { class: `verdict ${result.verdict}` }, [result.verdict])]),
        ...changeAction(flow, result.verdict, events),
        ...(result.note ? [element('p', { class: 'muted note' }, [result.note])] : []),
        element('ol', { class: 'steps' }, result.steps.map((step) => element('li', { class: `step ${step.verdict}` }, [
          element('div', {}, [element('strong', {}, [`${enforcerBadge(step.enforcer)} · ${step.direction}`]), ': ', element('span', { class: `verdict ${step.verdict}` }, [step.verdict])]),
          element('div', { class: 'muted' }, [step.reason]),
          ruleList(step.rules, events),
        ]))),
      );
    }, (error: unknown) => {
      output.replaceChildren(element('p', { class: 'error' }, [`explain failed: ${error instanceof Error ? error.message : String(error)}`]));
    }).finally(() => { button.disabled = false; });
  });
  return [element('h4', {}, ['Explain']), requestLine, headerLines, button, output];
}

/**
 * The explained verdict's opposite as an action: "Allow this flow" on a denied flow, "Deny this flow" on an allowed
 * one (none on unknown, or for ICMP, which cannot be changed). The host previews the change before applying it.
 */
function changeAction(flow: FlowQuery, verdict: ExplainResult['verdict'], events: DetailsEvents): HTMLElement[] {
  const change = events.changeFlow;
  if (!change || flow.protocol === 'ICMP' || verdict === 'unknown') return [];
  const intent = verdict === 'deny' ? 'allow' : 'deny';
  const button = element('button', { type: 'button', class: 'changeFlow', 'data-intent': intent }, [intent === 'allow' ? 'Allow this flow…' : 'Deny this flow…']);
  button.addEventListener('click', () => change({ from: flow.from, to: flow.to, port: flow.port, protocol: flow.protocol }, intent));
  return [button];
}

/** The form's request: `METHOD /path` and `Name: value` lines; undefined when both are empty (an L4 question). */
function explainRequest(line: string, headers: string): ExplainHttpRequest | undefined {
  const [method, path] = line.trim().split(/\s+/).filter(Boolean);
  const parsed = headers.split(/\r?\n/).map((h) => h.trim()).filter(Boolean).map(parseHeaderArgument).filter((h) => h.name !== '');
  if (!method && parsed.length === 0) return undefined;
  return { method: method?.toUpperCase() ?? 'GET', path: path ?? '/', headers: Object.fromEntries(parsed.map((h) => [h.name, h.value])) };
}

/** Whether some policy puts the workload in default deny (fields added to the graph contract for workloads). */
function isolationRows(node: GraphNode): HTMLElement[] {
  if (node.kind !== 'workload') return [];
  const { ingressIsolated, egressIsolated } = node as GraphNode & { ingressIsolated?: boolean; egressIsolated?: boolean };
  if (ingressIsolated === undefined && egressIsolated === undefined) return [];
  const text = (isolated: boolean | undefined): string => (isolated ? 'default deny (only allowed flows pass)' : 'open (no policy selects it)');
  return [...row('Ingress', text(ingressIsolated)), ...row('Egress', text(egressIsolated))];
}

function nodeSection(graph: TrafficGraph, node: GraphNode, elements: ElementDefinitions, events: DetailsEvents): HTMLElement {
  const labels = Object.entries(node.labels);
  const flows = elements.edges.filter((e) => e.data.source === node.id || e.data.target === node.id);
  return element('section', { class: 'nodeDetails' }, [
    element('h3', {}, [node.namespace ? `${node.namespace}/${node.name}` : node.name]),
    element('dl', {}, [
      ...row('Kind', node.workloadKind ? `${node.kind} (${node.workloadKind})` : node.kind),
      ...(node.serviceAccount ? row('Service account', node.serviceAccount) : []),
      ...(node.meshMode ? row('Mesh', node.meshMode) : []),
      ...(node.except && node.except.length > 0 ? row('Except', node.except.join(', ')) : []),
      ...isolationRows(node),
    ]),
    element('h4', {}, ['Labels']),
    labels.length === 0 ? element('p', { class: 'muted' }, ['none']) : element('ul', { class: 'labels' }, labels.map(([k, v]) => element('li', {}, [`${k}=${v}`]))),
    element('h4', {}, [`Flows (${flows.length})`]),
    element('ul', { class: 'flows' }, flows.map((f) => {
      const b = element('button', { type: 'button', class: 'link' }, [`${f.data.source === node.id ? '→' : '←'} ${f.data.source === node.id ? f.data.target : f.data.source}: ${f.data.label} (${f.data.verdict})`]);
      b.addEventListener('click', () => events.select(f.data.id));
      return element('li', {}, [b]);
    })),
  ]);
}

export function renderDetails(
  container: HTMLElement, graph: TrafficGraph, elements: ElementDefinitions, selected: string | undefined, events: DetailsEvents,
): void {
  const drawnEdge = elements.edges.find((e) => e.data.id === selected);
  if (drawnEdge) {
    container.replaceChildren(
      element('h2', {}, [drawnEdge.data.edgeIndexes.length > 1 ? `${drawnEdge.data.edgeIndexes.length} flows` : 'Flow']),
      ...drawnEdge.data.edgeIndexes.map((i) => graph.edges[i]).filter((e): e is GraphEdge => e !== undefined).map((e) => edgeSection(graph, e, events)),
    );
    return;
  }
  const drawnNode = elements.nodes.find((n) => n.data.id === selected);
  if (drawnNode?.data.kind === 'group') {
    const ns = drawnNode.data.namespace ?? drawnNode.data.label;
    const toggle = element('button', { type: 'button' }, [drawnNode.data.collapsed ? 'Expand namespace' : 'Collapse namespace']);
    toggle.addEventListener('click', () => events.toggleGroup(ns));
    container.replaceChildren(element('h2', {}, ['Namespace']), element('h3', {}, [ns]), toggle);
    return;
  }
  const node = graph.nodes.find((n) => n.id === drawnNode?.data.graphId);
  if (node) {
    container.replaceChildren(element('h2', {}, ['Node']), nodeSection(graph, node, elements, events));
    return;
  }
  container.replaceChildren(element('p', { class: 'muted' }, ['Select an edge or a node (click, or use the edge list) to see its rules and enforcers.']));
}
