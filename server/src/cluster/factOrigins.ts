// Says, per graph node and per rule, whether the fact came from the workspace (a file in the editor or on disk)
// or from the live cluster: the file a workload, Namespace or rule was read from carries the
// `meshlens-cluster://` scheme when the cluster source rendered it (clusterFiles.ts). Entities, CIDRs and FQDNs are
// named by rules and carry no origin of their own.
import type { GraphEdge, GraphNode, RuleRef, TrafficGraph } from '../analysis/graph/trafficGraphModel';
import type { Inventory } from '../analysis/inventory/inventoryModel';
import type { Finding } from '../analysis/model/finding';
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

/** The workspace findings whose "in the workspace" means the workspace's objects joined with the cluster's. */
const workspaceScopedCodes = new Set(['ML5001', 'ML5002', 'ML5003', 'ML5004', 'ML5005']);

/**
 * A finding as it reads while a cluster is connected: "no workload in the workspace" then means neither in the
 * workspace nor among the cluster's running pods, and the message says so, naming the cluster's context.
 */
export function withClusterScope(finding: Finding, context: string): Finding {
  if (!workspaceScopedCodes.has(finding.code)) return finding;
  const message = finding.message
    .replace('where the workspace defines no workload', `where neither the workspace nor cluster ${context} has a workload`)
    .replace(/\bin the workspace\b/g, `in the workspace or cluster ${context}`);
  return message === finding.message ? finding : { ...finding, message };
}
