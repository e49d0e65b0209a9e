// Renders a traffic graph as Graphviz DOT: one cluster per namespace, external peers outside, allowed
// edges solid, denied dashed red, unknown dotted; edge labels carry protocol/port and L7 hints.
import type { GraphEdge, GraphNode, L7Constraint, TrafficGraph } from '../trafficGraphModel';

export function graphToDot(graph: TrafficGraph): string {
  const lines = ['digraph meshlens {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  const workloads = graph.nodes.filter((n) => n.kind === 'workload');
  const byNamespace = new Map<string, GraphNode[]>();
  for (const n of workloads) byNamespace.set(n.namespace ?? '', [...(byNamespace.get(n.namespace ?? '') ?? []), n]);
  let cluster = 0;
  for (const [namespace, nodes] of [...byNamespace].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`  subgraph cluster_${cluster++} {`, `    label=${quote(namespace)};`, '    style=dashed;');
    for (const n of nodes) lines.push(`    ${quote(n.id)} [label=${quote(`${n.name}${n.workloadKind ? `\n[${n.workloadKind}]` : ''}`)}];`);
    lines.push('  }');
  }
  for (const n of graph.nodes.filter((n) => n.kind !== 'workload' && n.kind !== 'namespace')) {
    const label = n.kind === 'cidr' && n.except?.length ? `${n.name}\nexcept ${n.except.join(', ')}` : n.name;
    lines.push(`  ${quote(n.id)} [label=${quote(label)}, shape=${n.kind === 'entity' ? 'ellipse' : n.kind === 'fqdn' ? 'note' : 'hexagon'}];`);
  }
  for (const e of graph.edges) {
    const style = e.verdict === 'allow' ? 'solid' : e.verdict === 'deny' ? 'dashed' : 'dotted';
    const color = e.verdict === 'allow' ? 'darkgreen' : e.verdict === 'deny' ? 'red' : 'orange';
    lines.push(`  ${quote(e.from)} -> ${quote(e.to)} [label=${quote(edgeLabel(e))}, style=${style}, color=${color}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** `TCP 8080`, `TCP 8000-9000`, `UDP *`, `all`, followed by L7 hints and the verdict when not allow. */
export function edgeLabel(edge: GraphEdge): string {
  const port = edge.port === null ? (edge.protocol === 'ANY' ? 'all' : `${edge.protocol} *`) : `${edge.protocol} ${edge.port}${edge.endPort !== null ? `-${edge.endPort}` : ''}`;
  const l7 = edge.l7
    .map((c) => (c.kind === 'http' ? httpLabel(c) : c.kind === 'dns' ? `dns ${c.pattern}` : c.kind === 'sni' ? `sni ${(c.serverNames ?? []).join(',')}` : c.kind))
    .filter((s) => s !== '');
  const verdict = edge.verdict === 'allow' ? '' : ` (${edge.verdict})`;
  return `${port}${l7.length ? ` [${[...new Set(l7)].join('; ')}]` : ''}${verdict}`;
}

/** `GET /api`, plus the headers a request must carry: `+x-token`, `+x-env=prod`, `+x-key=secret`, `~x-trace` (mismatch rewrites, never drops). */
function httpLabel(c: L7Constraint): string {
  const headers = [
    ...(c.headers ?? []).map((h) => `+${h.replace(/:? +/, '=')}`),
    ...(c.headerMatches ?? []).map((m) => `${m.mismatch ? '~' : '+'}${m.name}${m.secret ? '=secret' : m.value ? `=${m.value}` : ''}`),
  ];
  return [c.method, c.path, ...headers].filter(Boolean).join(' ') || 'http';
}

/**
 * A DOT quoted string that is only data: backslash first (so a label's own `\l`, `\N`, `\G` escapes are
 * literal text), then `"`; CR/LF/U+2028/U+2029 become the `\n` line break inside the label, so the statement
 * stays on one line; other control characters go. Ids and labels both pass through here.
 */
export function quoteDot(text: string): string {
  const body = text
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\r\n|[\r\n\u2028\u2029]/g, '\\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
  return `"${body}"`;
}

const quote = quoteDot;
