// Exports are data, never code: DOT and Mermaid renderings of a graph whose names, namespaces and L7 paths
// are hostile (quotes, backslashes, newlines, `%%{init}%%` directives, pipes, brackets, entities, HTML) keep every
// statement on its own line, every label inside its quotes, and read back as the original text. JSON round-trips.
// DOT string syntax: graphviz.org/doc/info/lang.html ("In quoted strings in DOT, the only escaped character is
// double-quote"; backslash escapes like \n, \l are label escapes: graphviz.org/docs/attr-types/escString).
// Mermaid: entity codes `#NN;` in labels (mermaid.js.org/syntax/flowchart.html#entity-codes-to-escape-characters),
// `%%` comments and `%%{ }%%` directives (mermaid.js.org/config/directives.html).
import { describe, expect, it } from 'vitest';
import { graphToDot } from '../../../server/src/analysis/graph/output/graphDot';
import { graphToMermaid } from '../../../server/src/analysis/graph/output/graphMermaid';
import { renderGraphText } from '../../../server/src/analysis/graph/output/graphText';
import type { TrafficGraph } from '../../../server/src/protocol/trafficGraph';

const hostile = [
  'a"b', 'back\\slash\\', 'line1\nline2', 'cr\r\nlf', '%%{init: {"theme":"dark"}}%%', '%% comment', 'pipe|label|',
  '[bracket]', '{{brace}}', '(paren)', '#quot; #35;', '<img src=x onerror=alert(1)>', '&amp;', '`md`', 'u2028\u2028x',
  'end', 'ctl\u0001\u001fz', '\\l\\N\\"', 'click n0 callback',
];

function hostileGraph(): TrafficGraph {
  const nodes: TrafficGraph['nodes'][number][] = hostile.map((name, i) => ({ id: `ns${i}/${name}`, kind: 'workload', namespace: `ns-${name}`, name, labels: {} }));
  nodes.push({ id: 'fqdn:x', kind: 'fqdn', name: 'evil"\n%%{init}%%|]', labels: {} });
  const edges: TrafficGraph['edges'][number][] = hostile.map((name, i) => ({
    from: nodes[i]!.id, to: nodes[(i + 1) % hostile.length]!.id, verdict: i % 2 ? 'allow' : 'deny', protocol: 'TCP', port: 80, endPort: null,
    l7: [{ kind: 'http', method: 'GET', path: `/${name}` }], enforcers: ['cilium-envoy'], layer: 'L7', rules: [],
  }));
  edges.push({ from: nodes[0]!.id, to: 'fqdn:x', verdict: 'allow', protocol: 'TCP', port: 443, endPort: null, l7: [{ kind: 'dns', pattern: 'x"\n%%' }], enforcers: ['cilium-dns-proxy'], layer: 'L7', rules: [] });
  return { version: 1, nodes, edges };
}

/** What a label may legitimately become: line breaks are one break, control characters are dropped. */
const normalised = (s: string, lineBreak: string): string => s.replace(/\r\n|[\r\n\u2028\u2029]/g, lineBreak).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

/** Reads every DOT quoted string of one line; fails on a string left open at the end of the line. */
function dotStrings(line: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '"') continue;
    let text = '';
    let j = i + 1;
    for (; j < line.length && line[j] !== '"'; j++) {
      if (line[j] === '\\') { j++; text += line[j] === 'n' ? '\n' : line[j] === '"' ? '"' : line[j] === '\\' ? '\\' : `\\${line[j]}`; } else text += line[j];
    }
    if (j >= line.length) throw new Error(`unterminated DOT string in: ${line}`);
    out.push(text);
    i = j;
  }
  return out;
}

describe('DOT export of hostile names', () => {
  const dot = graphToDot(hostileGraph());
  const lines = dot.trimEnd().split('\n');

  it('keeps every statement on one line with every string closed', () => {
    expect(lines[0]).toBe('digraph meshlens {');
    expect(lines.at(-1)).toBe('}');
    for (const line of lines.slice(1, -1)) {
      expect(line).toMatch(/^\s*(rankdir=LR;|node \[.*\];|edge \[.*\];|subgraph cluster_\d+ \{|label=".*";|style=dashed;|\}|".*" \[label=".*"(, shape=\w+)?\];|".*" -> ".*" \[label=".*", style=\w+, color=\w+\];)$/);
      expect(() => dotStrings(line)).not.toThrow();
    }
  });

  it('reads back every name, namespace and path as the original text', () => {
    const strings = new Set(lines.flatMap(dotStrings));
    for (const name of hostile) {
      expect(strings).toContain(normalised(name, '\n'));
      expect(strings).toContain(normalised(`ns-${name}`, '\n'));
      expect([...strings].some((s) => s.includes(normalised(`/${name}`, '\n')))).toBe(true);
    }
  });
});

describe('Mermaid export of hostile names', () => {
  const mermaid = graphToMermaid(hostileGraph());
  const lines = mermaid.trimEnd().split('\n');
  const label = '"([^"]*)"';
  const statement = new RegExp(`^(flowchart LR|  subgraph n\\d+\\[${label}\\]|    n\\d+\\[${label}\\]|  end|  n\\d+\\(\\[${label}\\]\\)|  n\\d+\\{\\{${label}\\}\\}|  n\\d+ (-->|-\\.->)\\|${label}\\| n\\d+)$`);
  const labels = lines.map((l) => statement.exec(l)).flatMap((m) => (m ? m.slice(2).filter((g) => g !== undefined && g !== '-->' && g !== '-.->') : []));

  it('writes only known statements, one per line, and no comment or directive', () => {
    for (const line of lines) expect(line).toMatch(statement);
    expect(mermaid).not.toContain('%%');
    for (const text of labels) expect(text).not.toMatch(/["|%<>&`[\]{}()\r\n\u2028\u2029]/);
  });

  it('reads back every name, namespace and path through the entity codes', () => {
    const decoded = new Set(labels.map((t) => t.replace(/#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)))));
    for (const name of hostile) {
      expect(decoded).toContain(normalised(name, ' '));
      expect(decoded).toContain(normalised(`ns-${name}`, ' '));
      expect([...decoded].some((s) => s.includes(normalised(`/${name}`, ' ')))).toBe(true);
    }
  });
});

describe('JSON export of hostile names', () => {
  it('round-trips every string, lone surrogates included, with no raw line break inside a string', () => {
    const graph = hostileGraph();
    (graph.nodes as TrafficGraph['nodes'][number][]).push({ id: 'x', kind: 'entity', name: 'lone\ud800surrogate\u2028', labels: { '"k': '\n' } });
    const text = renderGraphText(graph, 'json');
    expect(JSON.parse(text)).toEqual(graph);
    expect(text).not.toMatch(/[\u0000-\u001f\u2028\u2029\ud800](?<!\n)/);
    expect(text).toContain('\\ud800');
  });
});
