// Unit tests of the host↔webview contract readers: valid messages pass, malformed ones are dropped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTrafficGraph } from '../../../server/src/protocol/readTrafficGraph';
import { readFromWebviewMessage, readToWebviewMessage } from '../../../server/src/protocol/webviewMessages';

const graph = JSON.parse(readFileSync(path.resolve(__dirname, '../../browser/fixtures/shopGraph.json'), 'utf8'));
const range = { start: { line: 3, character: 2 }, end: { line: 9, character: 0 } };

describe('messages from the webview', () => {
  it('accepts the four message types', () => {
    expect(readFromWebviewMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(readFromWebviewMessage({ type: 'revealRule', file: 'file:///a.yaml', range, extra: 1 })).toEqual({ type: 'revealRule', file: 'file:///a.yaml', range });
    expect(readFromWebviewMessage({ type: 'setScope', scope: 'workspace' })).toEqual({ type: 'setScope', scope: 'workspace' });
    expect(readFromWebviewMessage({ type: 'saveImage', format: 'png', data: 'data:image/png;base64,AAAA' })?.type).toBe('saveImage');
    const flow = { from: 'shop/cart', to: 'world', port: 443, protocol: 'TCP' };
    expect(readFromWebviewMessage({ type: 'explain', requestId: 7, flow })).toEqual({ type: 'explain', requestId: 7, flow });
  });
  it.each([
    null, 'ready', { type: 'nope' }, { type: 'revealRule', file: '', range },
    { type: 'revealRule', file: 'x', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } },
    { type: 'setScope', scope: 'cluster' }, { type: 'saveImage', format: 'png', data: '<svg/>' },
    { type: 'saveImage', format: 'svg', data: '<script>alert(1)</script>' }, { type: 'saveImage', format: 'gif', data: 'x' },
    // A flow whose endpoint looks like a CLI option, or an impossible port, is never passed to `meshlens explain`.
    { type: 'explain', requestId: 1, flow: { from: '--help', to: 'a/b', port: 80, protocol: 'TCP' } },
    { type: 'explain', requestId: 1, flow: { from: 'a/b', to: 'c/d', port: 70000, protocol: 'TCP' } },
    { type: 'explain', requestId: 1, flow: { from: 'a/b', to: 'c/d', port: 80, protocol: 'ANY' } },
  ])('drops %j', (raw) => {
    expect(readFromWebviewMessage(raw)).toBeUndefined();
  });
});

describe('messages to the webview', () => {
  it('accepts a graph message and validates the graph inside', () => {
    const message = readToWebviewMessage({ type: 'graph', graph, scope: 'file', title: 't', focusFile: 'file:///a.yaml' });
    expect(message?.type).toBe('graph');
    const broken = { ...graph, edges: [{ ...graph.edges[0], to: 'nowhere' }] };
    expect(readToWebviewMessage({ type: 'graph', graph: broken, scope: 'file', title: 't' })).toBeUndefined();
    expect(readToWebviewMessage({ type: 'highlightRule', file: 'f', line: 1.5 })).toBeUndefined();
    expect(readToWebviewMessage({ type: 'requestImage', format: 'svg' })).toEqual({ type: 'requestImage', format: 'svg' });
    const step = { enforcer: 'cilium-bpf', direction: 'egress', verdict: 'deny', reason: 'default deny', rules: [] };
    expect(readToWebviewMessage({ type: 'explanation', requestId: 2, result: { verdict: 'deny', steps: [step] } })).toEqual({ type: 'explanation', requestId: 2, result: { verdict: 'deny', steps: [step] } });
    expect(readToWebviewMessage({ type: 'explanation', requestId: 2, result: { verdict: 'deny', steps: [{ ...step, direction: 'sideways' }] } })).toBeUndefined();
    expect(readToWebviewMessage({ type: 'explanation', requestId: 2, error: 'no such workload' })).toEqual({ type: 'explanation', requestId: 2, error: 'no such workload' });
    expect(readToWebviewMessage({ type: 'explanation', requestId: 3, result: { verdict: 'allow', steps: [] }, note: 'saved files' })).toMatchObject({ note: 'saved files' });
  });
});

describe('readTrafficGraph', () => {
  it('accepts the fixture and fills defaults for omitted optional arrays', () => {
    const minimal = { version: 1, nodes: [{ id: 'a', kind: 'entity', name: 'a' }, { id: 'b', kind: 'cidr', name: 'b' }], edges: [{ from: 'a', to: 'b', verdict: 'allow' }] };
    const read = readTrafficGraph(minimal);
    expect(read.ok && read.graph.edges[0]).toMatchObject({ protocol: 'ANY', port: null, endPort: null, l7: [], enforcers: [], rules: [] });
    expect(readTrafficGraph(graph).ok).toBe(true);
  });
  it('says why a value is not a graph', () => {
    expect(readTrafficGraph({ version: 2, nodes: [], edges: [] })).toEqual({ ok: false, error: 'unsupported graph version 2' });
    expect(readTrafficGraph({ version: 1, nodes: [{ id: 'a', kind: 'pod', name: 'a' }], edges: [] })).toEqual({ ok: false, error: 'nodes[0] is not a graph node' });
    expect(readTrafficGraph({ version: 1, nodes: [{ id: 'a', kind: 'entity', name: 'a' }, { id: 'a', kind: 'entity', name: 'a' }], edges: [] }).ok).toBe(false);
    const badRule = { ...graph, edges: [{ ...graph.edges[0], rules: [{ file: 'f', policy: 'p', path: 'x', range: { start: {}, end: {} } }] }] };
    expect(readTrafficGraph(badRule)).toEqual({ ok: false, error: 'edges[0]: bad rules' });
    expect(readTrafficGraph({ ...graph, truncated: { shownEdges: 3, totalEdges: 2 } }).ok).toBe(false);
    expect(readTrafficGraph({ ...graph, truncated: 'yes' }).ok).toBe(false);
  });
  it('keeps how many edges a cut graph shows of how many', () => {
    const read = readTrafficGraph({ ...graph, truncated: { shownEdges: 2, totalEdges: 9 } });
    expect(read.ok && read.graph.truncated).toEqual({ shownEdges: 2, totalEdges: 9 });
  });
});

describe('graph truncation', () => {
  const graph = { version: 1, nodes: [], edges: [] };
  it('passes a well-formed truncated field to the panel and drops anything else', () => {
    const message = (truncated: unknown) => readToWebviewMessage({ type: 'graph', graph, scope: 'workspace', title: 't', truncated });
    expect(message({ shownEdges: 2000, totalEdges: 5123 })).toMatchObject({ truncated: { shownEdges: 2000, totalEdges: 5123 } });
    for (const bad of [undefined, true, { shownEdges: -1, totalEdges: 3 }, { shownEdges: 3, totalEdges: 3 }, { shownEdges: '1', totalEdges: 3 }]) {
      expect(message(bad)).not.toHaveProperty('truncated');
      expect(message(bad)).toMatchObject({ type: 'graph' });
    }
  });
});
