// Pure translation of a TrafficGraph plus the panel's view state (filters, collapsed namespaces) into
// Cytoscape element definitions: namespaces become compound groups, collapsed ones a single node that
// carries their edges. No DOM here, so it is unit-testable.
import { enforcerShortLabels, type GraphEdge, type GraphNode, type Layer, type TrafficGraph } from '../../server/src/protocol/trafficGraph';

export type { Layer };

/** What the user has switched off; empty = everything shown. */
export interface GraphFilters {
  readonly hiddenNamespaces: readonly string[];
  readonly hiddenEnforcers: readonly string[];
  readonly hiddenLayers: readonly Layer[];
  readonly hiddenVerdicts: readonly string[];
}

export const noFilters: GraphFilters = { hiddenNamespaces: [], hiddenEnforcers: [], hiddenLayers: [], hiddenVerdicts: [] };

/** The enforcer's label in the shared vocabulary (the one hover and inlay hints use); unknown ids as they are. */
export const enforcerBadge = (id: string): string => (enforcerShortLabels as Readonly<Record<string, string>>)[id] ?? id;

export function portText(edge: GraphEdge): string {
  if (edge.port === null) return edge.protocol === 'ANY' ? 'any port' : `${edge.protocol}/any`;
  const range = edge.endPort !== null && edge.endPort !== edge.port ? `${edge.port}-${edge.endPort}` : String(edge.port);
  const name = edge.portName ? ` (${edge.portName})` : '';
  return `${edge.protocol}/${range}${name}`;
}

export function l7Text(edge: GraphEdge): string {
  const parts = edge.l7.map((c) => {
    switch (c.kind) {
      case 'http': return [c.method ?? '*', c.path ?? '/*', c.host ? `@${c.host}` : ''].join(' ').trim();
      case 'dns': return `dns ${c.pattern ?? '*'}`;
      case 'sni': return `sni ${(c.serverNames ?? []).join(',')}`;
      case 'kafka': return 'kafka';
      default: return c.kind;
    }
  });
  if (parts.length <= 2) return parts.join(' | ');
  return `${parts.slice(0, 2).join(' | ')} +${parts.length - 2}`;
}

/** The one-line label drawn on an edge and read out in the edge list. */
export function edgeLabel(edge: GraphEdge): string {
  const l7 = l7Text(edge);
  return l7 ? `${portText(edge)} · ${l7}` : portText(edge);
}

/** The short text drawn on an edge at rest: protocol/port, and `L7` when it carries an L7 constraint. */
export function shortEdgeText(edge: GraphEdge): string {
  const port = edge.port === null ? (edge.protocol === 'ANY' ? 'any' : `${edge.protocol}/any`)
    : `${edge.protocol}/${edge.endPort !== null && edge.endPort !== edge.port ? `${edge.port}-${edge.endPort}` : edge.port}`;
  return edge.l7.length > 0 ? `${port} L7` : port;
}

/** At most two captions of a parallel set, then `+n`: the rest is one hover away. */
function joinCaptions(texts: readonly string[]): string {
  const unique = [...new Set(texts)];
  return unique.length <= 2 ? unique.join(', ') : `${unique.slice(0, 2).join(', ')} +${unique.length - 2}`;
}

export const groupId = (namespace: string): string => `group:${namespace}`;

/** The namespace a node belongs to for grouping: a workload's own, or the namespace a namespace-node stands for. */
export const nodeNamespace = (n: GraphNode): string | undefined => (n.kind === 'namespace' ? (n.namespace ?? n.name) : n.namespace);

export interface NodeData {
  readonly id: string;
  readonly label: string;
  readonly kind: GraphNode['kind'] | 'group';
  readonly parent?: string;
  readonly namespace?: string;
  readonly collapsed?: boolean;
  /** Graph node id, for nodes that stand for one. */
  readonly graphId?: string;
}

export interface EdgeData {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** The full one-line text: the edge list, the details pane and the label shown on hover or selection. */
  readonly label: string;
  /** What is drawn on the canvas at rest: a short text on one edge of each set of parallel edges, '' on the others. */
  readonly caption: string;
  readonly verdict: string;
  readonly layer: Layer;
  readonly enforcer: string;
  /** Indexes into graph.edges that this drawn edge stands for (several when a namespace is collapsed). */
  readonly edgeIndexes: readonly number[];
}

export interface ElementDefinitions {
  readonly nodes: { data: NodeData; classes: string }[];
  readonly edges: { data: EdgeData; classes: string }[];
}

/** Whether one graph edge passes the filters (namespace filters are applied to its endpoints separately). */
export function edgePasses(edge: GraphEdge, filters: GraphFilters): boolean {
  if (filters.hiddenVerdicts.includes(edge.verdict)) return false;
  if (filters.hiddenLayers.includes(edge.layer)) return false;
  if (edge.enforcers.length > 0 && edge.enforcers.every((e) => filters.hiddenEnforcers.includes(e))) return false;
  return true;
}

const cssToken = (s: string): string => s.replace(/[^a-zA-Z0-9_-]/g, '_');

/** Builds the drawable elements; `collapsed` lists namespaces drawn as one node. */
/** An edge id without its verdict and duplicate suffix: the same flow, whatever an edit made of its verdict. */
function flowKeyOf(id: string): string | undefined {
  const base = id.replace(/#\d+$/, '');
  if (base.startsWith('edge:')) return base.slice(0, base.lastIndexOf('|'));
  if (base.startsWith('agg:')) return base.slice(0, base.lastIndexOf(':'));
  return undefined;
}

/**
 * The selection after an update: kept while drawn; a selected flow whose verdict changed (its id names the
 * verdict) moves to the same flow's new edge, so an edit that fixes a flow keeps it and its details in view.
 */
export function selectionAfterUpdate(selected: string | undefined, elements: ElementDefinitions): string | undefined {
  if (selected === undefined || elements.nodes.some((n) => n.data.id === selected) || elements.edges.some((e) => e.data.id === selected)) return selected;
  const flow = flowKeyOf(selected);
  return (flow === undefined ? undefined : elements.edges.find((e) => flowKeyOf(e.data.id) === flow)?.data.id) ?? selected;
}

export function buildElements(graph: TrafficGraph, filters: GraphFilters, collapsed: ReadonlySet<string>): ElementDefinitions {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const hiddenNs = new Set(filters.hiddenNamespaces);
  const nodeHidden = (n: GraphNode | undefined): boolean => { const ns = n && nodeNamespace(n); return !n || (ns !== undefined && hiddenNs.has(ns)); };
  const drawnId = (n: GraphNode): string => { const ns = nodeNamespace(n); return ns !== undefined && collapsed.has(ns) ? groupId(ns) : n.id; };

  // Edges first: external nodes (entities, CIDRs, FQDNs) only appear when one of their edges does.
  const merged = new Map<string, { data: Omit<EdgeData, 'edgeIndexes' | 'caption'>; indexes: number[] }>();
  graph.edges.forEach((edge, index) => {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to || nodeHidden(from) || nodeHidden(to) || !edgePasses(edge, filters)) return;
    const source = drawnId(from);
    const target = drawnId(to);
    const aggregated = source !== edge.from || target !== edge.to;
    // Ids are built from content, not position, so a selection survives edits that reorder the graph.
    let key = aggregated ? `agg:${source}->${target}:${edge.verdict}` : `edge:${source}->${target}|${edge.protocol}|${edge.port}|${edge.endPort}|${edge.verdict}`;
    const existing = merged.get(key);
    if (existing && aggregated) { existing.indexes.push(index); return; }
    for (let n = 2; merged.has(key); n++) key = `${key.replace(/#\d+$/, '')}#${n}`;
    merged.set(key, {
      data: {
        id: key, source, target, label: edgeLabel(edge), verdict: edge.verdict, layer: edge.layer,
        enforcer: edge.enforcers[edge.enforcers.length - 1] ?? 'none',
      },
      indexes: [index],
    });
  });
  const drawnEdges = [...merged.values()].map(({ data, indexes }) => ({
    ...data, label: indexes.length > 1 ? `${indexes.length} flows` : data.label, edgeIndexes: indexes,
    short: indexes.length > 1 ? `${indexes.length} flows` : shortEdgeText(graph.edges[indexes[0]!]!),
  }));
  // Parallel edges (same two nodes, either direction) get one caption between them, on the first one.
  const parallel = new Map<string, typeof drawnEdges>();
  for (const e of drawnEdges) {
    const pair = [e.source, e.target].sort().join('\u0000');
    parallel.set(pair, [...(parallel.get(pair) ?? []), e]);
  }
  const captions = new Map<string, string>();
  for (const set of parallel.values()) captions.set(set[0]!.id, joinCaptions(set.map((e) => e.short)));
  const edges = drawnEdges.map(({ short: _short, ...data }) => ({
    data: { ...data, caption: captions.get(data.id) ?? '' },
    classes: [data.verdict, data.layer.toLowerCase(), `enf-${cssToken(data.enforcer)}`].join(' '),
  }));

  const usedIds = new Set(edges.flatMap((e) => [e.data.source, e.data.target]));
  const nodes: { data: NodeData; classes: string }[] = [];
  // Namespace nodes ("every pod of namespace X") only appear when an edge uses them, like external peers.
  const shown = (n: GraphNode): boolean => n.kind === 'workload' || usedIds.has(n.id) || usedIds.has(groupId(nodeNamespace(n) ?? ''));
  const namespaces = [...new Set(graph.nodes.filter((n) => (n.kind === 'workload' || n.kind === 'namespace') && shown(n)).map(nodeNamespace).filter((ns): ns is string => ns !== undefined))].sort();
  for (const ns of namespaces) {
    if (hiddenNs.has(ns)) continue;
    const isCollapsed = collapsed.has(ns);
    nodes.push({ data: { id: groupId(ns), label: ns, kind: 'group', namespace: ns, collapsed: isCollapsed }, classes: isCollapsed ? 'group collapsed' : 'group' });
  }
  for (const n of graph.nodes) {
    if (nodeHidden(n)) continue;
    const ns = nodeNamespace(n);
    const grouped = n.kind === 'workload' || n.kind === 'namespace';
    if (grouped && ns !== undefined && collapsed.has(ns)) continue;
    if (n.kind !== 'workload' && !usedIds.has(n.id)) continue;
    const parent = grouped && ns !== undefined ? groupId(ns) : undefined;
    const label = n.kind === 'namespace' ? `all of ${n.name}` : n.name;
    nodes.push({
      data: { id: n.id, label, kind: n.kind, graphId: n.id, ...(parent ? { parent } : {}), ...(ns !== undefined ? { namespace: ns } : {}) },
      classes: n.kind,
    });
  }
  return { nodes, edges };
}
