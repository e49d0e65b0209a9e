// `meshlens check|graph|explain --cluster` against the loopback API server: a file given replaces the cluster's
// object of the same kind/namespace/name while every other cluster policy still counts, nodes and rules say where
// they came from, a dead server leaves a workspace-only answer with a timeout message, and no output carries the token.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/main';
import { memoryIo } from '../../server/src/cli/cliIo';
import { FakeApiServer, makeCertificate, type Certificate } from './fakeApiServer';
import { authorizationPolicy, deploymentPod, namespace, networkPolicy } from './clusterFixtures';
import { clusterToken, opensslAvailable, writeKubeconfig } from './clusterTestSupport';

interface JsonGraph {
  nodes: { id: string; source?: string }[];
  edges: { from: string; to: string; verdict: string; port: number | null; rules: { policy: string; source: string; file: string }[] }[];
}

/** The workspace's version of `shop/api-from-web`: it admits `web` on 9090 instead of 8080. */
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

describe.skipIf(!opensslAvailable())('meshlens --cluster', () => {
  let certificate: Certificate;
  let server: FakeApiServer;
  let kubeconfig: string;
  let dir: string;

  beforeAll(() => {
    certificate = makeCertificate();
  });

  afterEach(async () => {
    await server.close();
  });

  async function start(): Promise<void> {
    server = await new FakeApiServer({ certificate, token: clusterToken }).start();
    server.seed([
      namespace('shop'),
      ...[0, 1].map((i) => deploymentPod('shop', 'web', i)),
      ...[2, 3].map((i) => deploymentPod('shop', 'api', i)),
      ...[4].map((i) => deploymentPod('shop', 'db', i, { app: 'db' }, [{ name: 'pg', containerPort: 5432 }])),
      networkPolicy('shop', 'api-from-web', 'api', 'web'),
      networkPolicy('shop', 'db-from-api', 'db', 'api', 5432),
    ]);
    kubeconfig = writeKubeconfig(server.url, certificate.certPem, { token: clusterToken }, 'staging');
    dir = mkdtempSync(join(tmpdir(), 'meshlens-cluster-cli-'));
    writeFileSync(join(dir, 'api-from-web.yaml'), replacement);
  }

  it('graph: the file replaces the cluster policy of the same name, the other cluster policy still counts, and each fact says its source', async () => {
    await start();
    const io = memoryIo();
    const code = await runCli(['graph', '--cluster', '--kubeconfig', kubeconfig, '--context', 'staging', join(dir, 'api-from-web.yaml')], io);
    expect(io.err).toMatch(/cluster staging: read \d+ objects from https:\/\/127\.0\.0\.1:\d+; the files given replace the cluster objects they name/);
    expect(code).toBe(0);
    const graph = JSON.parse(io.out) as JsonGraph;
    const allowed = graph.edges.filter((e) => e.verdict === 'allow').map((e) => `${e.from}->${e.to}:${e.port}`);
    expect(allowed).toContain('shop/api->shop/db:5432');
    expect(allowed).toContain('shop/web->shop/api:9090');
    expect(allowed).not.toContain('shop/web->shop/api:8080');
    const rulesOf = (to: string) => graph.edges.filter((e) => e.to === to).flatMap((e) => e.rules.map((r) => `${r.policy}:${r.source}`));
    expect(new Set(rulesOf('shop/db'))).toEqual(new Set(['shop/db-from-api:cluster']));
    expect(new Set(rulesOf('shop/api'))).toEqual(new Set(['shop/api-from-web:workspace']));
    expect(graph.nodes.find((n) => n.id === 'shop/web')?.source).toBe('cluster');
    expect(graph.nodes.find((n) => n.id === 'namespace:shop')?.source ?? 'cluster').toBe('cluster');
    expect(io.out + io.err).not.toContain(clusterToken);
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    // `--cluster` lists once: no watch from a CLI run.
    expect(server.requests.some((r) => r.query.watch !== undefined)).toBe(false);
  });

  it('explain: a flow between cluster workloads, decided by the workspace file', async () => {
    await start();
    const io = memoryIo();
    const code = await runCli(['explain', '--cluster', '--kubeconfig', kubeconfig, '--from', 'shop/web', '--to', 'shop/api', '--port', '8080', join(dir, 'api-from-web.yaml')], io);
    expect(code).toBe(1);
    expect(io.out).toMatch(/^DENY/);
    expect(io.out).not.toContain('meshlens-cluster://staging/NetworkPolicy/shop');
    expect(io.out).toContain(join(dir, 'api-from-web.yaml'));
    const fromCluster = memoryIo();
    expect(await runCli(['explain', '--cluster', '--kubeconfig', kubeconfig, '--from', 'shop/api', '--to', 'shop/db', '--port', '5432'], fromCluster)).toBe(0);
    expect(fromCluster.out).toMatch(/^ALLOW/);
    expect(fromCluster.out).toContain('meshlens-cluster://staging/NetworkPolicy/shop');
  });

  it('check: a finding about workloads says the cluster was looked in, and the control plane status of a file shows beside meshlens', async () => {
    await start();
    server.seed([
      namespace('mesh', { 'istio.io/dataplane-mode': 'ambient' }),
      deploymentPod('mesh', 'api', 8, { app: 'api' }),
      authorizationPolicy('mesh', 'api-get', [{ to: [{ operation: { methods: ['GET'] } }] }], { status: 'True', reason: 'UnsupportedValue', message: 'ztunnel does not support HTTP attributes (found: methods).' }),
    ]);
    writeFileSync(join(dir, 'api-get.yaml'), 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: api-get, namespace: mesh}\nspec:\n  selector: {matchLabels: {app: api}}\n  action: ALLOW\n  rules:\n  - to: [{operation: {methods: [GET]}}]\n');
    writeFileSync(join(dir, 'ghost.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ghost, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: ghost}}\n  policyTypes: [Ingress]\n');
    const io = memoryIo();
    await runCli(['check', '--cluster', '--kubeconfig', kubeconfig, join(dir, 'api-get.yaml'), join(dir, 'ghost.yaml')], io);
    expect(io.out).toContain('ML5030');
    expect(io.out).toContain('The control plane of cluster staging says: ZtunnelAccepted=True (UnsupportedValue)');
    expect(io.out).toContain('meshlens agrees on ZtunnelAccepted');
    expect(io.out).toContain('selector matches no workload in the workspace or cluster staging');
    // Without --cluster, neither: the status is the cluster's, and the workspace alone is what was looked in.
    const alone = memoryIo();
    await runCli(['check', join(dir, 'api-get.yaml'), join(dir, 'ghost.yaml')], alone);
    expect(alone.out).not.toContain('ML5030');
    expect(alone.out).not.toContain('or cluster');
  });

  it('a server that does not answer: a timeout message, and the files given alone are analysed', async () => {
    await start();
    server.delay('', 60_000);
    const io = memoryIo();
    const code = await runCli(['check', '--cluster', '--kubeconfig', kubeconfig, '--cluster-timeout', '0.3', join(dir, 'api-from-web.yaml')], io);
    expect(io.err).toMatch(/pods: 127\.0\.0\.1:\d+ did not answer within 0\.3 s/);
    expect(io.err).toMatch(/nothing could be read from https:\/\/127\.0\.0\.1:\d+; the analysis below uses the files given only/);
    expect(io.out).toContain('1 file (1 document) checked: 0 errors');
    expect(code).toBe(0);
    expect(io.out + io.err).not.toContain(clusterToken);
  });

  it('the bundled CLI loads the Kubernetes client from its own file (dist/cluster.cjs) and reads the cluster', async () => {
    await start();
    const outdir = mkdtempSync(join(tmpdir(), 'meshlens-cluster-build-'));
    const repoRoot = resolve(__dirname, '../..');
    execFileSync(process.execPath, [join(repoRoot, 'scripts/build.mjs'), '--outdir', outdir], { cwd: repoRoot, stdio: 'inherit' });
    expect(existsSync(join(outdir, 'cluster.cjs'))).toBe(true);
    // Asynchronously: the fake API server runs in this process and must keep answering.
    const run = await promisify(execFile)(process.execPath, [join(outdir, 'cli.cjs'), 'graph', '--cluster', '--kubeconfig', kubeconfig, '--format', 'mermaid', '-q'], { encoding: 'utf8' });
    expect(run.stderr).toMatch(/cluster staging: read \d+ objects/);
    expect(run.stdout).toContain('n2 -->|"TCP 5432"| n3');
    expect(run.stdout + run.stderr).not.toContain(clusterToken);
  });

  it('rejects --context without --cluster, and an unknown context by name without credentials', async () => {
    await start();
    const io = memoryIo();
    expect(await runCli(['graph', '--context', 'staging', dir], io)).toBe(2);
    expect(io.err).toContain('--context and --kubeconfig need --cluster.');
    const unknown = memoryIo();
    expect(await runCli(['graph', '--cluster', '--kubeconfig', kubeconfig, '--context', 'prod', dir], unknown)).toBe(0);
    expect(unknown.err).toContain('the kubeconfig has no context "prod" (it has: staging)');
    expect(unknown.err + unknown.out).not.toContain(clusterToken);
    expect(server.requests).toEqual([]);
  });
});
