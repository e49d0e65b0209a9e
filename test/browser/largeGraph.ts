// Generates a synthetic but shaped-like-real traffic graph (namespaces of chained tiers, cross-namespace
// calls, a few denies and L7 edges) for the browser layout-time test.
import type { GraphEdge, GraphNode, TrafficGraph } from '../../server/src/protocol/trafficGraph';

export function largeGraph(namespaces: number, perNamespace: number): TrafficGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const rule = (ns: string, i: number): GraphEdge['rules'][number] => ({
    file: `file:///ws/${ns}.yaml`, range: { start: { line: i * 10, character: 2 }, end: { line: i * 10 + 8, character: 0 } },
    policy: `${ns}/p${i}`, kind: 'CiliumNetworkPolicy', path: `spec.ingress[${i}]`,
  });
  for (let n = 0; n < namespaces; n++) {
    const ns = `team-${String(n).padStart(2, '0')}`;
    for (let w = 0; w < perNamespace; w++) {
      nodes.push({ id: `${ns}/svc-${w}`, kind: 'workload', namespace: ns, name: `svc-${w}`, labels: { app: `svc-${w}` } });
      if (w > 0) {
        edges.push({
          from: `${ns}/svc-${w - 1}`, to: `${ns}/svc-${w}`, verdict: w % 7 === 0 ? 'deny' : 'allow', protocol: 'TCP', port: 8000 + w, endPort: null,
          l7: w % 3 === 0 ? [{ kind: 'http', method: 'GET', path: `/v1/${w}` }] : [], enforcers: w % 3 === 0 ? ['cilium-bpf', 'cilium-envoy'] : ['cilium-bpf'], layer: w % 3 === 0 ? 'L7' : 'L4',
          rules: [rule(ns, w)],
        });
      }
    }
    const next = `team-${String((n + 1) % namespaces).padStart(2, '0')}`;
    edges.push({ from: `${ns}/svc-${perNamespace - 1}`, to: `${next}/svc-0`, verdict: 'allow', protocol: 'TCP', port: 443, endPort: null, l7: [], enforcers: ['istio-ztunnel'], layer: 'L4', rules: [rule(next, 0)] });
    edges.push({ from: `${ns}/svc-0`, to: 'entity:world', verdict: n % 4 === 0 ? 'deny' : 'allow', protocol: 'ANY', port: null, endPort: null, l7: [], enforcers: ['cilium-bpf'], layer: 'L3', rules: [rule(ns, 99)] });
  }
  nodes.push({ id: 'entity:world', kind: 'entity', name: 'world', labels: {} });
  return { version: 1, nodes, edges };
}
