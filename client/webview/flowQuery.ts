// Turns a graph edge into the flow `meshlens explain` takes (--from/--to/--port/--protocol), when the
// CLI can name both ends: workloads as ns/name, entities, CIDRs and FQDNs by name; not whole namespaces.
import type { GraphEdge, GraphNode, TrafficGraph } from '../../server/src/protocol/trafficGraph';
import type { FlowQuery } from '../../server/src/protocol/webviewMessages';

function endpoint(node: GraphNode | undefined): string | undefined {
  if (!node) return undefined;
  switch (node.kind) {
    case 'workload': return node.namespace !== undefined ? `${node.namespace}/${node.name}` : undefined;
    case 'entity':
    case 'cidr':
    case 'fqdn': return node.name;
    default: return undefined;
  }
}

export function flowQuery(graph: TrafficGraph, edge: GraphEdge): FlowQuery | undefined {
  const from = endpoint(graph.nodes.find((n) => n.id === edge.from));
  const to = endpoint(graph.nodes.find((n) => n.id === edge.to));
  if (!from || !to || edge.port === null || edge.protocol === 'ANY') return undefined;
  return { from, to, port: edge.port, protocol: edge.protocol };
}
