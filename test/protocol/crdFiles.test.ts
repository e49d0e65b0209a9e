// `meshlens.schemas.crdFiles` through the real language server (dist/server.cjs and its worker): the CRD files of
// the user's release (a glob) validate instead of the bundled CRDs, the drift finding (ML1015) appears, hover on
// `kind` says which schema validated the policy, and clearing the setting brings the bundled CRD back. The older
// release is the pinned upstream CNP CRD (cilium/cilium 2c59ba7d, 1.19.0-dev; ../shared/upstream/crds) without
// `spec.enableDefaultDeny` (added in Cilium 1.15), labelled as the 1.14.5 Helm chart does.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { positionOf, serverIsBuilt, startLspTestClient, type LspTestClient } from './lspTestClient';
import { eventually } from '../cluster/clusterTestSupport';
import { chartCilium114CnpCrd } from '../fixtures/olderCiliumCrd';
import { requireResource } from '../support/requirement';

const upstream = path.resolve(__dirname, '../../../shared/upstream/crds');
const present = requireResource(`the upstream CRDs ${upstream}`, existsSync(upstream), 'they come with ../shared beside the repository');

const policy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: web
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: web
  enableDefaultDeny:
    ingress: true
`;

describe.skipIf(!present || !serverIsBuilt())('meshlens.schemas.crdFiles in the language server', () => {
  let client: LspTestClient | undefined;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  it('validates against the CRD files of the glob, reports the drift, says so in hover, and goes back to the bundled CRD', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'meshlens-crdfiles-'));
    mkdirSync(path.join(dir, 'chart', 'crds'), { recursive: true });
    const crd = chartCilium114CnpCrd(upstream);
    const crdPath = path.join(dir, 'chart', 'crds', 'ciliumnetworkpolicies.yaml');
    writeFileSync(crdPath, stringify(crd));

    const settings = { schemas: { crdFiles: [`${dir}/chart/**/*.yaml`] } };
    const c = (client = await startLspTestClient({ pullDiagnostics: true, settings, timeoutMs: 60_000 }));
    const uri = 'file:///work/web.yaml';
    await c.open(uri, policy);

    const codes = async () => (await c.pullDiagnostics(uri)).map((d) => d.code);
    const diagnostics = await eventually(async () => {
      const items = await c.pullDiagnostics(uri);
      return items.some((d) => d.code === 'ML1015') ? items : undefined;
    }, 'the drift finding from the CRD file', 60_000, 100);
    const drift = diagnostics.find((d) => d.code === 'ML1015')!;
    expect(drift.range.start).toEqual(positionOf(policy, 'enableDefaultDeny'));
    expect(drift.message).toContain(`but not in the CRD file ${crdPath} (1.14.5, from label helm.sh/chart), cilium.io/v2`);
    expect(diagnostics.some((d) => d.code === 'ML1001')).toBe(true);

    const hover = await c.hover(uri, positionOf(policy, 'kind', 1));
    expect(JSON.stringify(hover?.contents)).toContain(`Validated against the CRD file ${crdPath} (1.14.5, from label helm.sh/chart), cilium.io/v2`);

    await c.changeSettings({ schemas: { crdFiles: [] } });
    await eventually(async () => ((await codes()).includes('ML1015') ? undefined : true), 'the bundled CRD back in force', 60_000, 100);
    expect(await codes()).not.toContain('ML1001');
    const bundled = await c.hover(uri, positionOf(policy, 'kind', 1));
    expect(JSON.stringify(bundled?.contents)).toContain('Validated against the bundled Cilium 1.19.0-dev CRD, cilium.io/v2');
  });
});
