// Unit tests of the pure graph → Cytoscape elements translation (filters, collapse, labels, layers).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildElements, edgeLabel, noFilters } from '../../../client/webview/graphElements';
import type { GraphEdge, TrafficGraph } from '../../../server/src/protocol/trafficGraph';

const graph = JSON.parse(readFileSync(path.resolve(__dirname, '../../browser/fixtures/shopGraph.json'), 'utf8')) as TrafficGraph;
const edge = (patch: Partial<GraphEdge>): GraphEdge => ({ from: 'a', to: 'b', verdict: 'allow', protocol: 'ANY', port: null, endPort: null, l7: [], enforcers: [], layer: 'L3', rules: [], ...patch });

describe('edge layer and label', () => {
  it('shows the layer the server classified, without deriving its own', () => {
    const one = (e: GraphEdge) => buildElements({ version: 1, nodes: [{ id: 'a', kind: 'entity', name: 'a', labels: {} }, { id: 'b', kind: 'entity', name: 'b', labels: {} }], edges: [e] }, noFilters, new Set()).edges[0]?.data.layer;
    // A port edge whose rule hover calls L7 (a Cilium toPorts entry with rules) is L7, not "L4 because it has a port".
    expect(one(edge({ protocol: 'TCP', port: 80, layer: 'L7' }))).toBe('L7');
    expect(one(edge({ protocol: 'TCP', port: 80, layer: 'L4' }))).toBe('L4');
  });
  it('labels port ranges, named ports and L7 rules, truncating long L7 lists', () => {
    expect(edgeLabel(edge({}))).toBe('any port');
    expect(edgeLabel(edge({ protocol: 'TCP', port: 8000, endPort: 8100 }))).toBe('TCP/8000-8100');
    expect(edgeLabel(edge({ protocol: 'TCP', port: 9090, portName: 'metrics' }))).toBe('TCP/9090 (metrics)');
    const l7 = [1, 2, 3, 4].map((i) => ({ kind: 'http' as const, method: 'GET', path: `/p${i}` }));
    expect(edgeLabel(edge({ protocol: 'TCP', port: 80, l7 }))).toBe('TCP/80 · GET /p1 | GET /p2 +2');
  });
});

describe('buildElements', () => {
  it('groups workloads by namespace and draws external peers as their own kinds', () => {
    const { nodes, edges } = buildElements(graph, noFilters, new Set());
    expect(nodes.filter((n) => n.data.kind === 'group').map((n) => n.data.id)).toEqual(['group:monitoring', 'group:payments', 'group:shop']);
    expect(nodes.find((n) => n.data.id === 'shop/cart')?.data.parent).toBe('group:shop');
    expect(nodes.find((n) => n.data.id === 'fqdn:api.stripe.com')?.classes).toBe('fqdn');
    expect(nodes.find((n) => n.data.id === 'entity:world')?.data.parent).toBeUndefined();
    expect(edges).toHaveLength(graph.edges.length);
    expect(edges.find((e) => e.data.verdict === 'deny')?.classes).toContain('deny');
    expect(edges.find((e) => e.data.source === 'shop/frontend' && e.data.target === 'shop/cart')?.classes).toBe('allow l7 enf-cilium-envoy');
  });

  it('gives edges ids that depend on content, not order', () => {
    const ids = buildElements(graph, noFilters, new Set()).edges.map((e) => e.data.id);
    const reversed = buildElements({ ...graph, edges: [...graph.edges].reverse() }, noFilters, new Set()).edges.map((e) => e.data.id);
    expect(new Set(reversed)).toEqual(new Set(ids));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('hides filtered verdicts, layers, enforcers and namespaces, and the peers left without edges', () => {
    expect(buildElements(graph, { ...noFilters, hiddenVerdicts: ['deny'] }, new Set()).edges.every((e) => e.data.verdict !== 'deny')).toBe(true);
    expect(buildElements(graph, { ...noFilters, hiddenLayers: ['L7'] }, new Set()).edges.every((e) => e.data.layer !== 'L7')).toBe(true);
    const noPayments = buildElements(graph, { ...noFilters, hiddenNamespaces: ['payments'] }, new Set());
    expect(noPayments.nodes.map((n) => n.data.id)).not.toContain('fqdn:api.stripe.com');
    expect(noPayments.nodes.map((n) => n.data.id)).not.toContain('payments/checkout');
    // An edge enforced by eBPF and Envoy stays while one of them is shown.
    const noBpf = buildElements(graph, { ...noFilters, hiddenEnforcers: ['cilium-bpf'] }, new Set());
    expect(noBpf.edges.map((e) => `${e.data.source}->${e.data.target}`)).toContain('shop/frontend->shop/cart');
    expect(noBpf.edges.map((e) => `${e.data.source}->${e.data.target}`)).not.toContain('shop/cart->shop/redis');
  });

  it('collapses a namespace into one node that carries its members\' edges', () => {
    const { nodes, edges } = buildElements(graph, noFilters, new Set(['shop']));
    expect(nodes.filter((n) => n.data.namespace === 'shop').map((n) => n.data.id)).toEqual(['group:shop']);
    expect(nodes.find((n) => n.data.id === 'group:shop')?.data.collapsed).toBe(true);
    const shopToPayments = edges.filter((e) => e.data.source === 'group:shop' && e.data.target.startsWith('payments/'));
    expect(shopToPayments.map((e) => e.data.target).sort()).toEqual(['payments/checkout', 'payments/ledger-db']);
    // Intra-namespace allowed flows (frontend→cart, cart→redis) merge into one loop.
    const loop = edges.find((e) => e.data.source === 'group:shop' && e.data.target === 'group:shop' && e.data.verdict === 'allow');
    expect(loop?.data.edgeIndexes).toHaveLength(2);
    expect(loop?.data.label).toBe('2 flows');
  });

  it('draws a namespace node (every pod of a namespace) inside its group, and only when an edge uses it', () => {
    const withNs: TrafficGraph = {
      ...graph,
      nodes: [...graph.nodes, { id: 'namespace:shop', kind: 'namespace', name: 'shop', labels: {} }, { id: 'namespace:idle', kind: 'namespace', name: 'idle', labels: {} }],
      edges: [...graph.edges, edge({ from: 'monitoring/prometheus', to: 'namespace:shop', protocol: 'TCP', port: 9100 })],
    };
    const { nodes } = buildElements(withNs, noFilters, new Set());
    expect(nodes.find((n) => n.data.id === 'namespace:shop')?.data).toMatchObject({ parent: 'group:shop', label: 'all of shop' });
    expect(nodes.map((n) => n.data.id)).not.toContain('namespace:idle');
    expect(nodes.map((n) => n.data.id)).not.toContain('group:idle');
    const collapsed = buildElements(withNs, noFilters, new Set(['shop']));
    expect(collapsed.edges.some((e) => e.data.source === 'monitoring/prometheus' && e.data.target === 'group:shop')).toBe(true);
  });
});

describe('edge captions', () => {
  const nodes: TrafficGraph['nodes'] = [{ id: 'a', kind: 'entity', name: 'a', labels: {} }, { id: 'b', kind: 'entity', name: 'b', labels: {} }];
  const captions = (edges: GraphEdge[]) => buildElements({ version: 1, nodes, edges }, noFilters, new Set()).edges.map((e) => e.data.caption);

  it('writes one short caption per set of parallel edges, either direction, and keeps the full label', () => {
    const http = [{ kind: 'http' as const, method: 'GET', path: '/x' }];
    const drawn = buildElements({ version: 1, nodes, edges: [edge({ protocol: 'TCP', port: 80, l7: http, layer: 'L7' }), edge({ protocol: 'TCP', port: 443 }), edge({ from: 'b', to: 'a', protocol: 'UDP', port: 53 })] }, noFilters, new Set()).edges;
    expect(drawn.map((e) => e.data.caption)).toEqual(['TCP/80 L7, TCP/443 +1', '', '']);
    expect(drawn.map((e) => e.data.label)).toEqual(['TCP/80 · GET /x', 'TCP/443', 'UDP/53']);
  });

  it('abbreviates ports: ranges, any port, and no duplicates in a set', () => {
    expect(captions([edge({})])).toEqual(['any']);
    expect(captions([edge({ protocol: 'TCP', port: 8000, endPort: 8100 })])).toEqual(['TCP/8000-8100']);
    expect(captions([edge({ protocol: 'TCP', port: 80 }), edge({ protocol: 'TCP', port: 80, verdict: 'deny' })])).toEqual(['TCP/80', '']);
  });
});
