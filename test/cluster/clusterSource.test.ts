// The cluster source against a loopback HTTPS API server that speaks the real list/watch protocol (fakeApiServer.ts),
// with the real @kubernetes/client-node reading the kubeconfig: paginated first load with progress, watch events
// changing the graph, 410 Gone → relist, bookmarks, a 403 on one resource, a dead server, a wrong CA, credentials
// that never leak, and a request log that proves only GET was sent.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClusterSource, type ClusterProgress, type ClusterStatus } from '../../server/src/cluster/clusterSource';
import { AnalysisHost } from '../../server/src/analysis/host/analysisHost';
import { renderClusterFiles } from '../../server/src/cluster/clusterFiles';
import { FakeApiServer, makeCertificate, type Certificate } from './fakeApiServer';
import { ciliumPolicy, deploymentPod, namespace, networkPolicy, service } from './clusterFixtures';
import { clusterToken, eventually, opensslAvailable, writeExecPlugin, writeKubeconfig } from './clusterTestSupport';

const fast = { requestTimeoutMs: 15_000, watchSeconds: 30, pageSize: 10, backoffInitialMs: 20, backoffMaxMs: 200 };

describe.skipIf(!opensslAvailable())('cluster source over a loopback API server', () => {
  let certificate: Certificate;
  let otherCa: Certificate;
  const servers: FakeApiServer[] = [];
  const sources: ClusterSource[] = [];

  beforeAll(() => {
    certificate = makeCertificate();
    otherCa = makeCertificate('some-other-ca');
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((s) => s.stop()));
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  async function startServer(): Promise<FakeApiServer> {
    const server = await new FakeApiServer({ certificate, token: clusterToken }).start();
    servers.push(server);
    return server;
  }

  function open(kubeconfigPath: string, timing: Partial<typeof fast> = fast): ClusterSource {
    const source = ClusterSource.open({ kubeconfigPath, timing });
    if ('error' in source) throw new Error(source.error);
    sources.push(source);
    return source;
  }

  function shopCluster(server: FakeApiServer, pods = 25): void {
    server.seed([
      namespace('shop', { team: 'shop' }),
      ...Array.from({ length: pods }, (_, i) => deploymentPod('shop', i % 2 === 0 ? 'web' : 'api', i)),
      service('shop', 'api', { app: 'api' }),
      networkPolicy('shop', 'api-from-web', 'api', 'web'),
    ]);
  }

  it('lists every resource in pages (limit/continue), reports progress, and renders pods as their Deployment', async () => {
    const server = await startServer();
    shopCluster(server);
    const source = open(writeKubeconfig(server.url, certificate.certPem));
    const progress: ClusterProgress[] = [];
    const status = await source.load({ progress: (p) => progress.push(p) });

    expect(status.state).toBe('ready');
    expect(status.problems).toEqual([]);
    const podRequests = server.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === undefined);
    // 25 pods in pages of 10: three pages, the later two carrying the continue token of the one before.
    expect(podRequests.map((r) => r.query.limit)).toEqual(['10', '10', '10']);
    expect(podRequests[0]!.query.continue).toBeUndefined();
    expect(podRequests.slice(1).every((r) => typeof r.query.continue === 'string' && r.query.continue !== '')).toBe(true);
    expect(progress.some((p) => /pods: 10 of ~25/.test(p.message))).toBe(true);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);

    const files = source.files();
    const pods = files.find((f) => f.uri === 'meshlens-cluster://fake/Pod/shop')!;
    // One pod per workload and label set; the ReplicaSet's pods are named by their Deployment.
    const docs = pods.text.split('\n---\n').map((d) => JSON.parse(d.replace(/^#.*\n/, '')) as { metadata: { ownerReferences: { kind: string; name: string }[]; annotations?: Record<string, string> }; status: { podIPs: unknown[] } });
    expect(docs.map((d) => d.metadata.ownerReferences[0]!.name).sort()).toEqual(['api', 'web']);
    expect(docs.every((d) => d.metadata.ownerReferences[0]!.kind === 'Deployment')).toBe(true);
    expect(docs.find((d) => d.metadata.ownerReferences[0]!.name === 'web')!.status.podIPs).toHaveLength(13);
    expect(pods.text).not.toContain('last-applied-configuration');
    expect(pods.text).not.toContain('managedFields');
  });

  it('a pod relabelled during the watch changes the graph', async () => {
    const server = await startServer();
    shopCluster(server, 4);
    const source = open(writeKubeconfig(server.url, certificate.certPem));
    let changes = 0;
    await source.load({ changed: () => changes++ });
    await eventually(() => server.openWatchCount() === 11, 'a watch per resource');
    const host = new AnalysisHost();
    const allowedEdges = (): string[] => {
      host.setWorkspaceFiles(source.files());
      return host.snapshot().trafficGraph({ maxEdges: 1000 }).graph.edges.filter((e) => e.verdict === 'allow' && e.to === 'shop/api').map((e) => `${e.from}->${e.to}:${e.port}`);
    };
    expect(allowedEdges()).toEqual(['shop/web->shop/api:8080']);
    const before = source.files();

    // Every web pod gets a new label: the NetworkPolicy's `app: web` peer selects nothing any more.
    for (let i = 0; i < 4; i += 2) server.apply(deploymentPod('shop', 'web', i, { app: 'frontend' }));
    await eventually(() => changes >= 2, 'the MODIFIED events');
    expect(allowedEdges()).toEqual([]);
    // Only the pods' file of that namespace was rendered again, and it equals a full render.
    const after = source.files();
    const podFile = 'meshlens-cluster://fake/Pod/shop';
    expect(after.filter((f) => !before.includes(f)).map((f) => f.uri)).toEqual([podFile]);
    expect(after).toEqual(renderClusterFiles('fake', source.objects(), new Set()));
    // Only GET: the initial lists and the watches.
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(server.requests.filter((r) => r.query.watch === '1').every((r) => r.query.allowWatchBookmarks === 'true' && r.query.resourceVersion !== undefined)).toBe(true);
  });

  it('resumes a watch the server ended from the last version, follows bookmarks, and lists again after 410 Gone', async () => {
    const server = await startServer();
    shopCluster(server, 2);
    const source = open(writeKubeconfig(server.url, certificate.certPem));
    await source.load({});
    await eventually(() => server.openWatchCount() === 11, 'a watch per resource');

    server.apply(namespace('billing'));
    server.bookmark();
    server.endWatches();
    await eventually(() => server.openWatchCount() === 11, 'the watches resumed');
    const resumed = server.requests.filter((r) => r.path === '/api/v1/namespaces' && r.query.watch === '1');
    // The second watch starts where the first ended (the bookmark's version), not from the list's version.
    expect(Number(resumed.at(-1)!.query.resourceVersion)).toBeGreaterThan(Number(resumed[0]!.query.resourceVersion));
    expect(source.objects().some((o) => o.kind === 'Namespace' && o.metadata.name === 'billing')).toBe(true);

    // Compaction: the version we hold is gone; the next watch gets an ERROR 410 and the source lists again.
    const listsBefore = server.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === undefined).length;
    server.compact();
    server.seed([deploymentPod('shop', 'cache', 7, { app: 'cache' })]);
    server.endWatches();
    await eventually(() => source.objects().some((o) => o.kind === 'Pod' && o.metadata.labels?.app === 'cache'), 'the relist after 410');
    expect(server.requests.filter((r) => r.path === '/api/v1/pods' && r.query.watch === undefined).length).toBeGreaterThan(listsBefore);
  });

  it('a 403 on CiliumNetworkPolicies leaves the rest working and says what is missing', async () => {
    const server = await startServer();
    shopCluster(server, 2);
    server.seed([ciliumPolicy('shop', 'cnp', 'api', 'web')]);
    server.forbid('ciliumnetworkpolicies');
    const source = open(writeKubeconfig(server.url, certificate.certPem));
    const status = await source.load({});
    expect(status.state).toBe('partial');
    expect(status.problems).toHaveLength(1);
    expect(status.problems[0]).toMatch(/^ciliumnetworkpolicies\.cilium\.io is not readable .*403 Forbidden.*left out of the analysis/);
    const kinds = new Set(source.objects().map((o) => o.kind));
    expect(kinds).toEqual(new Set(['Namespace', 'Pod', 'Service', 'NetworkPolicy']));
    // A forbidden resource is not asked again and again.
    await eventually(() => server.openWatchCount() === 10, 'the watches of the readable resources');
    expect(server.requests.filter((r) => r.path.endsWith('/ciliumnetworkpolicies'))).toHaveLength(1);
  });

  it('a server that does not answer gives a timeout message, and the analysis goes on with the workspace alone', async () => {
    const server = await startServer();
    shopCluster(server, 2);
    server.delay('', 60_000);
    const source = open(writeKubeconfig(server.url, certificate.certPem), { ...fast, requestTimeoutMs: 300 });
    const status = await source.load({}, { once: true });
    expect(status.state).toBe('failed');
    expect(status.problems.length).toBe(11);
    expect(status.problems[0]).toMatch(/did not answer within 0\.3 s/);
    expect(source.files()).toEqual([]);
    const host = new AnalysisHost();
    host.setWorkspaceFiles(source.files());
    host.applyChange('file:///policy.yaml', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec: {podSelector: {}}\n');
    expect(host.snapshot().traffic().model.inventory.policies.map((p) => p.name)).toEqual(['p']);
  });

  it('refuses a server whose certificate the kubeconfig CA did not sign, before sending anything', async () => {
    const server = await startServer();
    shopCluster(server, 2);
    const source = open(writeKubeconfig(server.url, otherCa.certPem));
    const status: ClusterStatus = await source.load({}, { once: true });
    expect(status.state).toBe('failed');
    expect(status.problems[0]).toMatch(/TLS verification of 127\.0\.0\.1:\d+ failed/);
    expect(server.requests).toEqual([]);
  });

  for (const [what, user] of [
    ['a token user', () => ({ token: clusterToken })],
    ['an exec plugin user', () => ({ exec: { apiVersion: 'client.authentication.k8s.io/v1', ...writeExecPlugin(clusterToken), interactiveMode: 'Never' } })],
  ] as const) {
    it(`with ${what}, the token reaches the server and nothing else: not a message, a status, a file`, async () => {
      const server = await startServer();
      shopCluster(server, 2);
      server.forbid('authorizationpolicies');
      server.delay('peerauthentications', 60_000);
      const source = open(writeKubeconfig(server.url, certificate.certPem, user()), { ...fast, requestTimeoutMs: 8_000 });
      const said: string[] = [];
      const status = await source.load({ progress: (p) => said.push(p.message), status: (s) => said.push(JSON.stringify(s)) }, { once: true });
      said.push(JSON.stringify(status), ...source.files().map((f) => f.text + f.uri));
      // The server accepted the token (objects were read), so it was sent.
      expect(source.objects().length, status.problems.join("\n")).toBeGreaterThan(0);
      expect(status.problems.join('\n')).toMatch(/authorizationpolicies.*403/);
      expect(status.problems.join('\n')).toMatch(/peerauthentications.*did not answer/);
      const everything = said.join('\n');
      expect(everything).not.toContain(clusterToken);
      expect(everything).not.toContain(clusterToken.slice(8, 30));
    });
  }

  it('a wrong token is a clear 401 message without the token', async () => {
    const server = await startServer();
    const source = open(writeKubeconfig(server.url, certificate.certPem, { token: 'wrong-token-value-123456' }));
    const status = await source.load({}, { once: true });
    expect(status.state).toBe('failed');
    expect(status.problems[0]).toMatch(/401 Unauthorized/);
    expect(status.problems.join('\n')).not.toContain('wrong-token-value-123456');
  });
});
