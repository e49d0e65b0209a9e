// The graph JSON: nodes per workload/namespace/external peer, edges per flow a rule speaks about, with
// ports, verdicts, enforcers and rule references; DOT and Mermaid renderings of the same graph.
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { graphToDot } from '../../../server/src/analysis/graph/output/graphDot';
import { graphToMermaid } from '../../../server/src/analysis/graph/output/graphMermaid';
import { cnp, deployment, modelOf, namespace, netpol } from './trafficFixture';

const objects = [
  namespace('shop'),
  deployment('shop', 'api', { app: 'api' }),
  deployment('shop', 'db', { app: 'db' }),
  deployment('shop', 'batch', { app: 'batch' }),
  cnp('shop', 'db-ingress', {
    endpointSelector: { matchLabels: { app: 'db' } },
    ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }, { matchLabels: { app: 'batch' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }],
    ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: 'batch' } }], toPorts: [{ ports: [{ port: '5432', protocol: 'TCP' }] }] }],
  }),
  cnp('shop', 'api-egress', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toEndpoints: [{ matchLabels: { app: 'db' } }] }, { toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['10.96.0.0/12'] }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }, { toFQDNs: [{ matchName: 'api.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }, { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }], rules: { dns: [{ matchName: 'api.example.com' }] } }] }] }),
];

describe('buildTrafficGraph', () => {
  const { graph, truncated } = buildTrafficGraph(modelOf(objects));

  it('draws workloads, their namespace and the external peers rules name', () => {
    expect(truncated).toBe(false);
    expect(graph.version).toBe(1);
    expect(graph.nodes.map((n) => `${n.kind}:${n.id}`).sort()).toEqual([
      'cidr:cidr:10.0.0.0/8 except 10.96.0.0/12',
      'fqdn:fqdn:api.example.com',
      'namespace:namespace:shop',
      'workload:shop/api',
      'workload:shop/batch',
      'workload:shop/db',
    ]);
    expect(graph.nodes.find((n) => n.id === 'shop/db')).toMatchObject({ namespace: 'shop', name: 'db', workloadKind: 'Deployment', labels: { app: 'db' }, ingressIsolated: true, egressIsolated: false });
    expect(graph.nodes.find((n) => n.kind === 'cidr')).toMatchObject({ name: '10.0.0.0/8', except: ['10.96.0.0/12'] });
  });

  it('draws allowed and explicitly denied flows with ports, enforcers and rules', () => {
    const edge = (from: string, to: string) => graph.edges.filter((e) => e.from === from && e.to === to);
    expect(edge('shop/api', 'shop/db')).toEqual([
      expect.objectContaining({
        verdict: 'allow',
        protocol: 'TCP',
        port: 5432,
        endPort: null,
        enforcers: ['cilium-bpf'],
        rules: [
          expect.objectContaining({ policy: 'shop/api-egress', path: 'spec.egress[0]' }),
          expect.objectContaining({ policy: 'shop/db-ingress', kind: 'CiliumNetworkPolicy', path: 'spec.ingress[0].toPorts[0]', file: 'workspace.yaml' }),
        ],
      }),
    ]);
    // The sender's egress isolation denies what its rules do not list, even where the receiver is open.
    expect(edge('shop/db', 'shop/api')).toEqual([]);
    expect(edge('shop/batch', 'shop/db')).toEqual([expect.objectContaining({ verdict: 'deny', port: 5432, reason: expect.stringContaining('explicit deny rule'), rules: [expect.objectContaining({ path: 'spec.ingressDeny[0].toPorts[0]' })] })]);
    expect(edge('shop/api', 'cidr:10.0.0.0/8 except 10.96.0.0/12')).toEqual([expect.objectContaining({ verdict: 'allow', port: 443 })]);
    expect(edge('shop/api', 'fqdn:api.example.com')).toEqual([expect.objectContaining({ verdict: 'allow', port: 443 })]);
  });

  it('gives rule references a line/character range inside the file', () => {
    const ref = graph.edges.find((e) => e.from === 'shop/api' && e.to === 'shop/db')!.rules[0];
    expect(ref.range.start.line).toBeGreaterThan(0);
    expect(ref.range.end.line).toBeGreaterThanOrEqual(ref.range.start.line);
  });

  it('marks unknown flows when namespace labels are not known', () => {
    const model = modelOf([namespace('a'), deployment('a', 'db', { app: 'db' }), deployment('c', 'client', { app: 'client' }), netpol('a', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'y' } } }] }] })]);
    const edges = buildTrafficGraph(model).graph.edges.filter((e) => e.from === 'c/client');
    expect(edges).toEqual([expect.objectContaining({ to: 'a/db', verdict: 'unknown', protocol: 'ANY', port: null })]);
  });

  it('keeps only flows touching the focus workloads', () => {
    const focused = buildTrafficGraph(modelOf(objects), { focus: new Set(['shop/db']) }).graph;
    expect(focused.edges.every((e) => e.from === 'shop/db' || e.to === 'shop/db')).toBe(true);
    expect(focused.edges.length).toBe(2);
  });

  it('stops at maxEdges and says so', () => {
    const limited = buildTrafficGraph(modelOf(objects), { maxEdges: 1 });
    expect(limited.truncated).toBe(true);
    expect(limited.graph.edges).toHaveLength(1);
    // The answer itself carries shown and total, so a client can say "showing 1 of N edges".
    const total = buildTrafficGraph(modelOf(objects)).graph;
    expect(total.truncated).toBeUndefined();
    expect(limited.graph.truncated).toEqual({ shownEdges: 1, totalEdges: total.edges.length });
  });
});

describe('graph renderings', () => {
  const { graph } = buildTrafficGraph(modelOf(objects));

  it('renders DOT with a cluster per namespace and dashed red denied edges', () => {
    const dot = graphToDot(graph);
    expect(dot).toMatch(/^digraph meshlens \{/);
    expect(dot).toContain('label="shop";');
    expect(dot).toContain('"shop/api" -> "shop/db" [label="TCP 5432", style=solid, color=darkgreen];');
    expect(dot).toContain('"shop/batch" -> "shop/db" [label="TCP 5432 (deny)", style=dashed, color=red];');
  });

  it('renders Mermaid with subgraphs and dotted denied edges', () => {
    const mermaid = graphToMermaid(graph);
    expect(mermaid.split('\n')[0]).toBe('flowchart LR');
    expect(mermaid).toMatch(/subgraph n\d+\["shop"\]/);
    expect(mermaid).toMatch(/n\d+ -\.->\|"TCP 5432 #40;deny#41;"\| n\d+/);
    expect(mermaid).toContain('{{"10.0.0.0/8 except 10.96.0.0/12"}}');
  });
});
