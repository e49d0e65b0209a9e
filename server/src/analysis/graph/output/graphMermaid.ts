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

/**
 * A label is data inside `"…"`: every character that could end the string (`"`), the edge label (`|`), the line
 * (CR, LF, U+2028/U+2029: a label stays on its statement's line, so they become spaces), open a comment or
 * directive (`%%`, `%%{`), a shape (brackets), an entity (`#`), HTML (`<`, `>`, `&`) or a Markdown string (backtick)
 * becomes Mermaid's numeric entity code `#NN;`, which Mermaid renders as the character. Other control characters go.
 */
export function escapeMermaidLabel(text: string): string {
  return text
    .replace(/\r\n|[\r\n\u2028\u2029]/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .replace(/["|%#<>&`[\]{}()]/g, (ch) => `#${ch.charCodeAt(0)};`);
}

const escape = escapeMermaidLabel;
