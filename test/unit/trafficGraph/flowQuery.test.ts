// Unit tests of the edge → `meshlens explain` flow translation.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { flowQuery } from '../../../client/webview/flowQuery';
import type { TrafficGraph } from '../../../server/src/protocol/trafficGraph';

const graph = JSON.parse(readFileSync(path.resolve(__dirname, '../../browser/fixtures/shopGraph.json'), 'utf8')) as TrafficGraph;
const edgeBetween = (from: string, to: string) => graph.edges.find((e) => e.from === from && e.to === to)!;

describe('flowQuery', () => {
  it('names workloads ns/name and external peers by name', () => {
    expect(flowQuery(graph, edgeBetween('entity:world', 'shop/frontend'))).toEqual({ from: 'world', to: 'shop/frontend', port: 443, protocol: 'TCP' });
    expect(flowQuery(graph, edgeBetween('payments/checkout', 'fqdn:api.stripe.com'))).toEqual({ from: 'payments/checkout', to: 'api.stripe.com', port: 443, protocol: 'TCP' });
    expect(flowQuery(graph, edgeBetween('payments/ledger-db', 'cidr:10.20.0.0/16 except 10.20.5.0/24'))?.to).toBe('10.20.0.0/16');
  });
  it('has no flow for any-port edges or whole-namespace peers', () => {
    const anyPort = { ...graph.edges[0]!, port: null, protocol: 'ANY' as const };
    expect(flowQuery(graph, anyPort)).toBeUndefined();
    const withNs: TrafficGraph = { ...graph, nodes: [...graph.nodes, { id: 'namespace:shop', kind: 'namespace', name: 'shop', labels: {} }] };
    expect(flowQuery(withNs, { ...graph.edges[0]!, from: 'namespace:shop' })).toBeUndefined();
  });
});
