// The live cluster through the real language server (dist/server.cjs, its analysis worker and dist/cluster.cjs)
// against the loopback API server: `meshlens.cluster.enabled` starts the load with a cancellable `$/progress`, the
// `meshlens/clusterStatus` notification says what was read, cluster workloads and policies appear in the graph with
// `source: 'cluster'`, an open document replaces the cluster policy of the same name, a pod relabelled in the cluster
// changes the graph, cancelling stops the reading, and no message the server sends carries the token.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { trafficGraphMethod } from '../../server/src/protocol/trafficGraph';
import { clusterStatusNotification, type ClusterStatusParams } from '../../server/src/protocol/clusterStatus';
import { serverIsBuilt, startLspTestClient, type LspTestClient } from '../protocol/lspTestClient';
import { FakeApiServer, makeCertificate, type Certificate } from './fakeApiServer';
import { authorizationPolicy, deploymentPod, namespace, networkPolicy } from './clusterFixtures';
import { clusterToken, eventually, opensslAvailable, writeKubeconfig } from './clusterTestSupport';

interface SourcedGraph {
  nodes: { id: string; source?: string }[];
  edges: { from: string; to: string; verdict: string; port: number | null; rules: { policy: string; source?: string }[] }[];
}

const replacement = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-from-web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{protocol: TCP, port: 9090}]
`;

describe.skipIf(!opensslAvailable() || !serverIsBuilt())('the language server with meshlens.cluster.enabled', () => {
  let certificate: Certificate;
  let server: FakeApiServer;
  let client: LspTestClient | undefined;
  const said: string[] = [];
  const statuses: ClusterStatusParams[] = [];
  const progress: { kind: string; message?: string; cancellable?: boolean }[] = [];

  beforeAll(() => {
    certificate = makeCertificate();
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await server.close();
    said.length = 0;
    statuses.length = 0;
    progress.length = 0;
  });

  async function start(prepare: (s: FakeApiServer) => void = () => {}): Promise<LspTestClient> {
    server = await new FakeApiServer({ certificate, token: clusterToken }).start();
    server.seed([namespace('shop'), ...[0, 1].map((i) => deploymentPod('shop', 'web', i)), ...[2, 3].map((i) => deploymentPod('shop', 'api', i)), networkPolicy('shop', 'api-from-web', 'api', 'web')]);
    prepare(server);
    const kubeconfig = writeKubeconfig(server.url, certificate.certPem);
    const started = await startLspTestClient({ settings: { cluster: { enabled: true, kubeconfig } }, workDoneProgress: true, timeoutMs: 30_000 });
    started.connection.onRequest('window/workDoneProgress/create', (params: unknown) => {
      said.push(JSON.stringify(params));
      return null;
    });
    started.connection.onNotification('$/progress', (params: { token: string | number; value: { kind: string; message?: string; cancellable?: boolean } }) => {
      said.push(JSON.stringify(params));
      progress.push({ ...params.value, token: params.token } as never);
    });
    started.connection.onNotification(clusterStatusNotification, (params: ClusterStatusParams) => {
      said.push(JSON.stringify(params));
      statuses.push(params);
    });
    client = started;
    return started;
  }

  const graph = (c: LspTestClient) => c.request<SourcedGraph>(trafficGraphMethod, {});
  const allowed = (g: SourcedGraph) => g.edges.filter((e) => e.verdict === 'allow').map((e) => `${e.from}->${e.to}:${e.port}`);

  it('loads with progress, shows cluster facts as such, lets an open policy replace the cluster one, and follows a relabel', async () => {
    const c = await start();
    await eventually(() => statuses.find((s) => s.state === 'ready'), 'a ready cluster status');
    expect(statuses.find((s) => s.state === 'ready')).toMatchObject({ context: 'fake', server: server.url, problems: [] });
    expect(progress[0]).toMatchObject({ kind: 'begin', cancellable: true });
    await eventually(() => progress.some((p) => p.kind === 'end'), 'the end of the progress');

    const first = await eventually(async () => {
      const g = await graph(c);
      return allowed(g).includes('shop/web->shop/api:8080') ? g : undefined;
    }, 'the cluster policy in the graph', 30_000, 100);
    const edge = first.edges.find((e) => e.from === 'shop/web' && e.to === 'shop/api')!;
    expect(edge.rules.map((r) => `${r.policy}:${r.source}`)).toEqual(['shop/api-from-web:cluster']);
    expect(first.nodes.find((n) => n.id === 'shop/web')?.source).toBe('cluster');

    // The open document replaces the cluster's `shop/api-from-web` (after the server's quiet period).
    await c.open('file:///work/api-from-web.yaml', replacement);
    const replaced = await eventually(async () => {
      const g = await graph(c);
      return allowed(g).includes('shop/web->shop/api:9090') && !allowed(g).includes('shop/web->shop/api:8080') ? g : undefined;
    }, 'the open policy replacing the cluster one', 30_000, 100);
    expect(replaced.edges.find((e) => e.port === 9090)!.rules.map((r) => r.source)).toEqual(['workspace']);

    // The web pods are relabelled in the cluster: the open policy's `app: web` peer selects nothing any more.
    for (const i of [0, 1]) server.apply(deploymentPod('shop', 'web', i, { app: 'frontend' }));
    await eventually(async () => (allowed(await graph(c)).length === 0 ? true : undefined), 'the relabel in the graph', 30_000, 100);

    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect([...said, ...c.logs].join('\n')).not.toContain(clusterToken);
  });

  it('an open policy shows what the control plane said about its cluster copy: ML5030 beside ML4001, and a hover section', async () => {
    const c = await start((s) => s.seed([namespace('mesh', { 'istio.io/dataplane-mode': 'ambient' }), deploymentPod('mesh', 'api', 9, { app: 'api' }), authorizationPolicy('mesh', 'api-get', [{ to: [{ operation: { methods: ['GET'] } }] }], { status: 'True', reason: 'UnsupportedValue', message: 'ztunnel does not support HTTP attributes (found: methods).' })]));
    await eventually(() => statuses.find((s) => s.state === 'ready'), 'a ready cluster status');
    const uri = 'file:///work/api-get.yaml';
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: api-get, namespace: mesh}\nspec:\n  selector: {matchLabels: {app: api}}\n  action: ALLOW\n  rules:\n  - to: [{operation: {methods: [GET]}}]\n';
    await c.open(uri, text);
    const diagnostics = await eventually(async () => {
      const items = await c.pullDiagnostics(uri);
      return items.some((d) => d.code === 'ML5030') ? items : undefined;
    }, 'ML5030 on the open policy', 30_000, 100);
    expect(diagnostics.map((d) => d.code)).toContain('ML4001');
    expect(diagnostics.find((d) => d.code === 'ML5030')?.message).toContain('meshlens agrees on ZtunnelAccepted');
    const hover = await c.hover(uri, { line: 2, character: 18 });
    expect(JSON.stringify(hover?.contents)).toContain('In cluster fake, the control plane says');
    expect([...said, ...c.logs].join('\n')).not.toContain(clusterToken);
  });

  it('cancelling the progress stops the reading, and the analysis goes on without the cluster', async () => {
    const c = await start((s) => s.delay('/pods', 60_000));
    const begin = await eventually(() => progress.find((p) => p.kind === 'begin') as { token?: string | number } | undefined, 'the progress');
    await c.connection.sendNotification('window/workDoneProgress/cancel', { token: begin.token });
    const stopped = await eventually(() => statuses.find((s) => s.state === 'stopped'), 'the stopped status');
    expect(stopped.problems[0]).toContain('cancelled');
    expect((await graph(c)).nodes).toEqual([]);
    expect(c.logs.join('\n')).not.toContain(clusterToken);
  });
});
