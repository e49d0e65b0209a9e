// The cluster's own CRD versions (issue 12 item 3) against the loopback API server: the CRDs it serves (real shapes
// from the pinned upstream CRDs, crdFixtures.ts) validate the policies instead of the bundled ones, only the groups
// meshlens validates are kept, a CRD changed during a watch is seen, and a 403 on CRDs leaves the bundled schemas
// with one clear line. Only GET (list/watch) is ever sent.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../server/src/cli/main';
import { memoryIo } from '../../server/src/cli/cliIo';
import { ClusterSource } from '../../server/src/cluster/clusterSource';
import { ClusterCrds } from '../../server/src/cluster/clusterCrds';
import { userCrdSchemas } from '../../server/src/analysis/schema/userCrds';
import { FakeApiServer, makeCertificate, type Certificate } from './fakeApiServer';
import { namespace } from './clusterFixtures';
import { cilium114CnpCrd, cnpUsingDefaultDeny, otherGroupCrd, servedCrd } from './crdFixtures';
import { clusterToken, eventually, opensslAvailable, writeKubeconfig } from './clusterTestSupport';

const fast = { requestTimeoutMs: 15_000, watchSeconds: 30, pageSize: 2, backoffInitialMs: 20, backoffMaxMs: 200 };

describe.skipIf(!opensslAvailable())("the cluster's CRD versions", () => {
  let certificate: Certificate;
  let server: FakeApiServer;
  let kubeconfig: string;
  let policyPath: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(() => {
    certificate = makeCertificate();
  });

  afterEach(async () => {
    await Promise.all(stops.splice(0).map((stop) => stop()));
    await server.close();
  });

  async function start(): Promise<void> {
    server = await new FakeApiServer({ certificate, token: clusterToken }).start();
    server.seed([
      namespace('shop'),
      cilium114CnpCrd(),
      servedCrd('istio/authorizationpolicies.security.istio.io.yaml', { 'app.kubernetes.io/version': '1.24.2' }),
      otherGroupCrd(),
    ]);
    kubeconfig = writeKubeconfig(server.url, certificate.certPem, { token: clusterToken }, 'staging');
    const dir = mkdtempSync(join(tmpdir(), 'meshlens-cluster-crd-'));
    policyPath = join(dir, 'web.yaml');
    writeFileSync(policyPath, cnpUsingDefaultDeny);
  }

  it("check --cluster validates against the served CRD: the field the cluster's release lacks drifts, naming both versions", async () => {
    await start();
    const io = memoryIo();
    const code = await runCli(['check', '--format', 'json', '--cluster', '--kubeconfig', kubeconfig, policyPath], io);
    expect(code).toBe(1);
    const diagnostics = (JSON.parse(io.out) as { files: { diagnostics: { code: string; message: string; range: { start: { line: number } } }[] }[] }).files[0].diagnostics;
    const drift = diagnostics.find((d) => d.code === 'ML1015');
    expect(drift?.range.start.line).toBe(9);
    expect(drift?.message).toContain('is in the bundled Cilium 1.19.0-dev CRD but not in the CRD from the cluster staging (1.14.5, from label app.kubernetes.io/version), cilium.io/v2');
    expect(diagnostics.some((d) => d.code === 'ML1001')).toBe(true);
    expect(io.err).toContain('CiliumNetworkPolicy cilium.io/v2 is validated against the CRD from the cluster staging (1.14.5, from label app.kubernetes.io/version).');
    expect(io.err).toContain('AuthorizationPolicy security.istio.io/v1 is validated against the CRD from the cluster staging (1.24.2, from label app.kubernetes.io/version).');
    // Read with GET (list only, from a CLI run) on the CRD collection, in pages of the configured size at most.
    const crdRequests = server.requests.filter((r) => r.path === '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    expect(crdRequests.length).toBeGreaterThan(0);
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(io.out + io.err).not.toContain(clusterToken);
  });

  it('a 403 on CRDs: one clear line, the bundled schemas validate, the rest of the cluster is still read', async () => {
    await start();
    server.forbid('customresourcedefinitions');
    const io = memoryIo();
    const code = await runCli(['check', '--cluster', '--kubeconfig', kubeconfig, policyPath], io);
    expect(io.err).toContain("meshlens check: cluster staging: the cluster's CRDs (customresourcedefinitions.apiextensions.k8s.io) are not readable with the kubeconfig's credentials (403 Forbidden); policies are validated against the bundled CRDs.\n");
    expect(io.err).toMatch(/cluster staging: read \d+ objects from https:\/\/127\.0\.0\.1:\d+/);
    expect(io.out).not.toContain('ML1015');
    expect(io.out).not.toContain('ML1001');
    expect(code).toBe(0);
  });

  it('keeps only the CRDs of the groups meshlens validates, in pages, and sees a CRD upgraded during the watch', async () => {
    await start();
    const source = ClusterSource.open({ kubeconfigPath: kubeconfig, timing: fast });
    if ('error' in source) throw new Error(source.error);
    let changes = 0;
    const crds = new ClusterCrds(source.access, fast, () => changes++);
    stops.push(() => crds.stop());
    const status = await crds.load();
    expect(status).toEqual({ schemas: 'read', crds: 2 });
    const firstList = server.requests.filter((r) => r.path.endsWith('/customresourcedefinitions') && r.query.watch === undefined);
    expect(firstList.map((r) => r.query.limit)).toEqual(['2', '2']);
    expect(crds.inputs().map((i) => (i.object as { metadata: { name: string } }).metadata.name)).toEqual(['ciliumnetworkpolicies.cilium.io', 'authorizationpolicies.security.istio.io'].sort());
    const before = userCrdSchemas(crds.inputs()).entries.find((e) => e.kind === 'CiliumNetworkPolicy');
    expect(before?.origin).toEqual({ kind: 'cluster', context: 'staging', release: { version: '1.14.5', from: 'label app.kubernetes.io/version' } });
    await eventually(() => server.openWatchCount() > 0, 'the CRD watch');
    // The cluster is upgraded: the CRD now has the field and a newer label.
    server.apply(servedCrd('cilium/ciliumnetworkpolicies.yaml', { 'app.kubernetes.io/version': '1.19.0' }));
    server.apply({ ...otherGroupCrd(), metadata: { name: 'podmonitors.monitoring.coreos.com' } });
    await eventually(() => changes > 0, 'the CRD change');
    const after = userCrdSchemas(crds.inputs()).entries.find((e) => e.kind === 'CiliumNetworkPolicy');
    expect(after?.origin).toMatchObject({ release: { version: '1.19.0' } });
    expect(after?.hash).not.toBe(before?.hash);
    expect(crds.inputs()).toHaveLength(2);
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
  });
});
