// Renders a traffic graph as a Mermaid flowchart: namespaces as subgraphs, allowed edges `-->`, denied
// `-.->` marked "deny", unknown `-.->` marked "unknown". Node ids are sanitised; labels keep the real names.
import type { TrafficGraph } from '../trafficGraphModel';
import { edgeLabel } from './graphDot';

export function graphToMermaid(graph: TrafficGraph): string {
  const ids = new Map<string, string>();
  const idOf = (id: string): string => {
    let short = ids.get(id);
    if (!short) {
      short = `n${ids.size}`;
      ids.set(id, short);
    }
    return short;
  };
  const lines = ['flowchart LR'];
  const namespaces = [...new Set(graph.nodes.filter((n) => n.kind === 'workload').map((n) => n.namespace ?? ''))].sort();
  for (const namespace of namespaces) {
    lines.push(`  subgraph ${idOf(`namespace:${namespace}`)}["${escape(namespace)}"]`);
    for (const n of graph.nodes.filter((n) => n.kind === 'workload' && (n.namespace ?? '') === namespace)) lines.push(`    ${idOf(n.id)}["${escape(n.name)}"]`);
    lines.push('  end');
  }
  for (const n of graph.nodes.filter((n) => n.kind !== 'workload' && n.kind !== 'namespace')) {
    const label = n.kind === 'cidr' && n.except?.length ? `${n.name} except ${n.except.join(', ')}` : n.name;
    lines.push(n.kind === 'entity' ? `  ${idOf(n.id)}(["${escape(label)}"])` : `  ${idOf(n.id)}{{"${escape(label)}"}}`);
  }
  for (const e of graph.edges) {
    const arrow = e.verdict === 'allow' ? '-->' : '-.->';
    lines.push(`  ${idOf(e.from)} ${arrow}|"${escape(edgeLabel(e))}"| ${idOf(e.to)}`);
  }
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\|/g, '#124;');
}
