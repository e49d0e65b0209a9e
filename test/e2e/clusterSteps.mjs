// e2e steps for the live cluster (issue 12): the extension, told by its settings to read a kubeconfig the test wrote
// (the loopback API server of test/cluster/fakeApiServer.ts, with its own CA), shows a workload that exists only in
// that cluster in the graph panel, the server saw GET requests only, and turning it off restores the workspace's
// graph. Called by runE2e.mjs before its reload step, with the panel's webview frame.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as esbuild from 'esbuild';

/** Bundles the fake API server and its fixtures (TypeScript) for this Node process. */
async function loadFakeCluster(root, dir) {
  mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'fakeCluster.cjs');
  await esbuild.build({
    stdin: { contents: "export * from './test/cluster/fakeApiServer';\nexport * from './test/cluster/clusterFixtures';\n", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile, logLevel: 'warning',
  });
  return createRequire(import.meta.url)(outfile);
}

/**
 * Turns meshlens.cluster.* on through the extension host (clusterHostSteps.cjs, as the status-bar picker would),
 * waits for the panel to draw the cluster's workloads, then turns the cluster off again.
 */
export async function clusterWorkloadStep({ root, scratch, runDir, frame, waitFor, check }) {
  const m = await loadFakeCluster(root, path.join(scratch, 'cluster'));
  const certificate = m.makeCertificate();
  const token = 'e2e-cluster-token-0123456789';
  const server = await new m.FakeApiServer({ certificate, token }).start();
  try {
    server.seed([
      m.namespace('live-shop'),
      ...[0, 1].map((i) => m.deploymentPod('live-shop', 'live-web', i, { app: 'live-web' })),
      ...[2, 3].map((i) => m.deploymentPod('live-shop', 'live-api', i, { app: 'live-api' })),
      m.networkPolicy('live-shop', 'live-api-from-web', 'live-api', 'live-web'),
    ]);
    const kubeconfig = path.join(scratch, 'cluster', 'kubeconfig');
    writeFileSync(kubeconfig, m.kubeconfigText(server.url, certificate.certPem, { token }, 'e2e-cluster'));
    if ((await frame.locator('#scope').getAttribute('aria-pressed')) !== 'true') await frame.locator('#scope').click();
    const edgesBefore = (await frame.locator('#edgeList button.edgeItem').allTextContents()).join('\n');
    // The extension host polls for this file and reads it at once: written under another name and renamed whole.
    writeFileSync(path.join(runDir, 'cluster-on.partial'), kubeconfig);
    renameSync(path.join(runDir, 'cluster-on.partial'), path.join(runDir, 'cluster-on'));
    await waitFor('the cluster settings', () => existsSync(path.join(runDir, 'cluster-on-done')), 60_000);
    const labels = () => frame.evaluate(() => (globalThis.meshlensCy ? globalThis.meshlensCy.nodes().not('.group').map((n) => String(n.data('label'))) : []));
    const drawn = await waitFor('the cluster workload in the graph', async () => {
      const now = await labels();
      return now.includes('live-web') && now.includes('live-api') ? now : undefined;
    }, 120_000).catch(async () => ({ missing: await labels() }));
    const methods = [...new Set(server.requests.map((r) => r.method))];
    check(Array.isArray(drawn), 'with meshlens.cluster.enabled, the panel draws the workloads of the (loopback) cluster',
      Array.isArray(drawn) ? `live-web and live-api among ${drawn.length} nodes; ${server.requests.length} requests, methods ${methods.join(',')}` : `nodes: ${drawn.missing.join(', ')}; requests: ${server.requests.length}`);
    check(methods.length === 1 && methods[0] === 'GET', 'the extension sent the cluster GET requests only', methods.join(','));
    // Off again: the cluster's workloads leave the graph, which returns to the workspace's own (the next step needs it).
    writeFileSync(path.join(runDir, 'cluster-off'), '');
    await waitFor('the cluster settings reset', () => existsSync(path.join(runDir, 'cluster-off-done')), 60_000);
    await waitFor('the graph without the cluster', async () => (await frame.locator('#edgeList button.edgeItem').allTextContents()).join('\n') === edgesBefore
      && !(await labels()).includes('live-web'), 60_000)
      .then(() => check(true, 'turning the cluster off removes its workloads from the graph'), () => check(false, 'turning the cluster off removes its workloads from the graph'));
  } finally {
    // The extension host waits for this before its reload step, whatever happened here.
    writeFileSync(path.join(runDir, 'cluster-off'), '');
    await server.close();
  }
}
