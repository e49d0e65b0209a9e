// Incremental sessions must give exactly the graph a fresh build gives, while re-evaluating only the flows
// an edit touches.
import { describe, expect, it } from 'vitest';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { analyzeWorkspaceTraffic, type WorkspaceText } from '../../../server/src/analysis/graph/workspaceTraffic';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { authz, cnp, deployment, namespace, netpol, yamlOf } from './trafficFixture';

const workloads: WorkspaceText = {
  file: 'workloads.yaml',
  text: yamlOf([
    namespace('a', { 'istio.io/dataplane-mode': 'ambient' }),
    namespace('b'),
    ...Array.from({ length: 6 }, (_, i) => deployment('a', `svc-${i}`, { app: `svc-${i}`, tier: i % 2 ? 'web' : 'db' }, { sa: `sa-${i}` })),
    ...Array.from({ length: 4 }, (_, i) => deployment('b', `job-${i}`, { app: `job-${i}` })),
  ]),
};
const policy = (port: string): WorkspaceText => ({
  file: 'p1.yaml',
  text: yamlOf([cnp('a', 'db', { endpointSelector: { matchLabels: { tier: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { tier: 'web' } }], toPorts: [{ ports: [{ port, protocol: 'TCP' }] }] }] })]),
});
const others: WorkspaceText[] = [
  { file: 'p2.yaml', text: yamlOf([netpol('b', 'jobs', { podSelector: {}, egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { tier: 'db' } } }], ports: [{ port: 5432 }] }] })]) },
  { file: 'p3.yaml', text: yamlOf([authz('a', 'svc-1', { selector: { matchLabels: { app: 'svc-1' } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/sa-3'] } }] }] })]) },
];

const fresh = (files: WorkspaceText[]) => buildTrafficGraph(analyzeWorkspaceTraffic(files).model).graph;
// A first run (or one after the workloads changed) evaluates what a fresh build evaluates: no template carried over.
const freshlyEvaluated = (files: WorkspaceText[]) => buildTrafficGraph(analyzeWorkspaceTraffic(files).model).stats.evaluated;
const sorted = <T>(list: readonly T[]) => list.map((x) => JSON.stringify(x)).sort();

describe('trafficSession', () => {
  it('gives the same graph as a fresh build after editing a policy, re-evaluating only touched flows', () => {
    const session = createTrafficSession();
    session.update([workloads, policy('8080'), ...others]);
    const first = session.graph();
    expect(sorted(first.graph.edges)).toEqual(sorted(fresh([workloads, policy('8080'), ...others]).edges));
    expect(first.stats.evaluated).toBe(freshlyEvaluated([workloads, policy('8080'), ...others]));

    session.update([workloads, policy('9090'), ...others]);
    const second = session.graph();
    expect(sorted(second.graph.edges)).toEqual(sorted(fresh([workloads, policy('9090'), ...others]).edges));
    expect(second.graph.edges.some((e) => e.port === 9090)).toBe(true);
    // Only flows into the workloads the edited policy selects are re-evaluated.
    expect(second.stats.evaluated).toBeGreaterThan(0);
    expect(second.stats.evaluated).toBeLessThan(second.stats.pairs);
  });

  it('drops workload-dependent caches when a workload file changes', () => {
    const session = createTrafficSession();
    session.update([workloads, policy('8080'), ...others]);
    session.graph();
    const moreWorkloads = { ...workloads, text: `${workloads.text}\n---\n${JSON.stringify(deployment('a', 'svc-9', { app: 'svc-9', tier: 'web' }))}` };
    session.update([moreWorkloads, policy('8080'), ...others]);
    const after = session.graph();
    expect(after.stats.evaluated).toBe(freshlyEvaluated([moreWorkloads, policy('8080'), ...others]));
    expect(sorted(after.graph.edges)).toEqual(sorted(fresh([moreWorkloads, policy('8080'), ...others]).edges));
    expect(after.graph.edges.some((e) => e.from === 'a/svc-9')).toBe(true);
  });

  it('forgets removed files', () => {
    const session = createTrafficSession();
    session.update([workloads, policy('8080'), ...others]);
    session.graph();
    session.update([workloads, ...others]);
    expect(sorted(session.graph().graph.edges)).toEqual(sorted(fresh([workloads, ...others]).edges));
  });

  it('moves rule ranges when an edit shifts a policy inside its file', () => {
    const second = yamlOf([cnp('a', 'web', { endpointSelector: { matchLabels: { tier: 'web' } }, ingress: [{ fromEndpoints: [{ matchLabels: { tier: 'db' } }] }] })]);
    const file = (padding: string): WorkspaceText => ({ file: 'both.yaml', text: `${policy('8080').text}\n---\n${padding}${second}` });
    const session = createTrafficSession();
    const lineOf = () => session.graph().graph.edges.find((e) => e.rules.some((r) => r.policy === 'a/web'))!.rules.find((r) => r.policy === 'a/web')!.range.start.line;
    session.update([workloads, file('')]);
    const before = lineOf();
    session.update([workloads, file('# a comment\n# and another\n')]);
    expect(lineOf()).toBe(before + 2);
  });

  it('re-classifies a kept Cilium policy when another Cilium policy with its subject appears (L7 cancellation)', () => {
    // Cilium: an L4-only allow for the same peer and port voids the L7 rules of that pair ("the layer 7
    // portions … will have no effect", Documentation/security/policy/layer7.rst), so the L7 policy's edge
    // annotations depend on a policy in another file; the session's kept classifications must follow.
    const l7: WorkspaceText = {
      file: 'l7.yaml',
      text: yamlOf([cnp('a', 'l7', { endpointSelector: { matchLabels: { tier: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { tier: 'web' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }], rules: { http: [{ method: 'GET' }] } }] }] })]),
    };
    const l4: WorkspaceText = {
      file: 'l4.yaml',
      text: yamlOf([cnp('a', 'l4', { endpointSelector: { matchLabels: { tier: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { tier: 'web' } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }] })]),
    };
    const l7Refs = (edges: readonly { rules: readonly { policy: string }[] }[]) => sorted(edges.flatMap((e) => e.rules.filter((r) => r.policy === 'a/l7')));
    const session = createTrafficSession();
    session.update([workloads, l7]);
    const alone = session.graph().graph.edges;
    session.update([workloads, l7, l4]);
    const both = session.graph().graph.edges;
    expect(sorted(both)).toEqual(sorted(fresh([workloads, l7, l4]).edges));
    expect(l7Refs(both)).not.toEqual(l7Refs(alone));
    session.update([workloads, l7]);
    expect(sorted(session.graph().graph.edges)).toEqual(sorted(alone));
  });

  it('one file of workloads and policies, parsed by the host: a policy edit keeps the workloads and re-evaluates only its flows', () => {
    const text = [workloads.text, ...others.map((o) => o.text), policy('8080').text].join('\n---\n');
    const host = new AnalysisHost();
    host.applyChange('all.yaml', text);
    // The language server analyses an open file before its graph is asked: the session gets its parsed documents.
    host.snapshot().analysis('all.yaml');
    const first = host.snapshot().trafficGraph();
    expect(first.stats.evaluated).toBe(freshlyEvaluated([{ file: 'all.yaml', text }]));
    for (const [from, to] of [['8080', '9090'], ['9090', '19090']]) {
      const before = host.snapshot().text('all.yaml')!;
      const at = before.indexOf(`"${from}"`) + 1;
      const edited = before.slice(0, at) + to + before.slice(at + from.length);
      host.applyChange('all.yaml', edited, {}, { prefix: at, suffix: before.length - at - from.length });
      host.snapshot().analysis('all.yaml');
      const after = host.snapshot().trafficGraph();
      const fresh = new AnalysisHost();
      fresh.applyChange('all.yaml', edited);
      expect(sorted(after.graph.edges)).toEqual(sorted(fresh.snapshot().trafficGraph().graph.edges));
      expect(after.graph.edges.some((e) => e.port === Number(to))).toBe(true);
      expect(after.stats.evaluated).toBeGreaterThan(0);
      expect(after.stats.evaluated).toBeLessThan(after.stats.pairs);
      expect(host.snapshot().diagnostics('all.yaml')).toEqual(fresh.snapshot().diagnostics('all.yaml'));
    }
  });
});
