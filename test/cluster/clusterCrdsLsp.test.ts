// The cluster's CRD versions through the real language server (dist/server.cjs, its worker, dist/cluster.cjs) against
// the loopback API server: with the cluster on, an open policy is validated against the CRD the cluster serves (hover
// on `kind` says "CRD from the cluster <context>", the field the cluster's release lacks gets ML1015), and a 403 on
// CRDs puts one line in the cluster status while the bundled CRDs validate. CRD shapes: crdFixtures.ts.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { clusterStatusNotification, type ClusterStatusParams } from '../../server/src/protocol/clusterStatus';
import { positionOf, serverIsBuilt, startLspTestClient, type LspTestClient } from '../protocol/lspTestClient';
import { FakeApiServer, makeCertificate, type Certificate } from './fakeApiServer';
import { namespace } from './clusterFixtures';
import { cilium114CnpCrd, cnpUsingDefaultDeny } from './crdFixtures';
import { clusterToken, eventually, opensslAvailable, writeKubeconfig } from './clusterTestSupport';

describe.skipIf(!opensslAvailable() || !serverIsBuilt())("the language server with the cluster's CRDs", () => {
  let certificate: Certificate;
  let server: FakeApiServer;
  let client: LspTestClient | undefined;
  const statuses: ClusterStatusParams[] = [];

  beforeAll(() => {
    certificate = makeCertificate();
  });

  afterEach(async () => {
    await client?.stop();
    client = undefined;
    await server.close();
    statuses.length = 0;
  });

  async function start(prepare: (s: FakeApiServer) => void = () => {}): Promise<LspTestClient> {
    server = await new FakeApiServer({ certificate, token: clusterToken }).start();
    server.seed([namespace('shop'), cilium114CnpCrd()]);
    prepare(server);
    const kubeconfig = writeKubeconfig(server.url, certificate.certPem, { token: clusterToken }, 'staging');
    const started = await startLspTestClient({ pullDiagnostics: true, settings: { cluster: { enabled: true, kubeconfig } }, timeoutMs: 60_000 });
    started.connection.onNotification(clusterStatusNotification, (params: ClusterStatusParams) => {
      statuses.push(params);
    });
    client = started;
    return started;
  }

  const uri = 'file:///work/web.yaml';

  it('validates an open policy against the served CRD and says so in hover', async () => {
    const c = await start();
    await c.open(uri, cnpUsingDefaultDeny);
    const diagnostics = await eventually(async () => {
      const items = await c.pullDiagnostics(uri);
      return items.some((d) => d.code === 'ML1015') ? items : undefined;
    }, "the drift against the cluster's CRD", 60_000, 100);
    expect(diagnostics.find((d) => d.code === 'ML1015')!.message).toContain('but not in the CRD from the cluster staging (1.14.5, from label app.kubernetes.io/version), cilium.io/v2');
    const hover = await c.hover(uri, positionOf(cnpUsingDefaultDeny, 'kind', 1));
    expect(JSON.stringify(hover?.contents)).toContain('Validated against the CRD from the cluster staging (1.14.5, from label app.kubernetes.io/version), cilium.io/v2');
    expect(new Set(server.requests.map((r) => r.method))).toEqual(new Set(['GET']));
    expect(c.logs.join('\n')).not.toContain(clusterToken);
  });

  it('a 403 on CRDs: one line in the cluster status, and the bundled CRD validates', async () => {
    const c = await start((s) => s.forbid('customresourcedefinitions'));
    const status = await eventually(() => statuses.find((s) => s.problems.some((p) => p.includes('CRDs'))), 'the CRD problem in the status', 60_000, 50);
    expect(status.problems).toContain("staging: the cluster's CRDs (customresourcedefinitions.apiextensions.k8s.io) are not readable with the kubeconfig's credentials (403 Forbidden); policies are validated against the bundled CRDs");
    await c.open(uri, cnpUsingDefaultDeny);
    const hover = await eventually(async () => {
      const h = await c.hover(uri, positionOf(cnpUsingDefaultDeny, 'kind', 1));
      return JSON.stringify(h?.contents).includes('Validated against') ? h : undefined;
    }, 'the hover', 60_000, 100);
    expect(JSON.stringify(hover?.contents)).toContain('Validated against the bundled Cilium 1.19.0-dev CRD, cilium.io/v2');
    expect((await c.pullDiagnostics(uri)).map((d) => d.code)).not.toContain('ML1015');
  });
});
