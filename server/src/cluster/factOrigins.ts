// Says, per graph node and per rule, whether the fact came from the workspace (a file in the editor or on disk)
// or from the live cluster: the file a workload, Namespace or rule was read from carries the
// `meshlens-cluster://` scheme when the cluster source rendered it (clusterFiles.ts). Entities, CIDRs and FQDNs are
// named by rules and carry no origin of their own.
import type { GraphEdge, GraphNode, RuleRef, TrafficGraph } from '../analysis/graph/trafficGraphModel';
import type { Inventory } from '../analysis/inventory/inventoryModel';
import { originOf, type FactOrigin } from './clusterFiles';

export type SourcedRule = RuleRef & { readonly source: FactOrigin };
export type SourcedNode = GraphNode & { readonly source?: FactOrigin };
export type SourcedEdge = Omit<GraphEdge, 'rules'> & { readonly rules: readonly SourcedRule[] };

export interface SourcedTrafficGraph extends Omit<TrafficGraph, 'nodes' | 'edges'> {
  readonly nodes: readonly SourcedNode[];
  readonly edges: readonly SourcedEdge[];
}

export function withFactOrigins(graph: TrafficGraph, inventory: Inventory): SourcedTrafficGraph {
  const nodeFiles = new Map<string, string>();
  for (const w of inventory.workloads) if (w.source) nodeFiles.set(w.id, w.source.file);
  for (const n of inventory.namespaces.values()) if (n.source) nodeFiles.set(`namespace:${n.name}`, n.source.file);
  const sourced = (rule: RuleRef): SourcedRule => ({ ...rule, source: originOf(rule.file) });
  return {
    ...graph,
    nodes: graph.nodes.map((node) => {
      const file = nodeFiles.get(node.id);
      return file === undefined ? node : { ...node, source: originOf(file) };
    }),
    edges: graph.edges.map((edge) => ({ ...edge, rules: edge.rules.map(sourced) })),
  };
}
