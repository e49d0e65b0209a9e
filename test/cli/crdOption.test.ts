// `meshlens check --crd FILE` (issue 12 item 3): the CRD files of the user's own release replace the bundled
// schemas. The "older release" is the pinned upstream CNP CRD (cilium/cilium 2c59ba7d, 1.19.0-dev,
// pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml; ../shared/upstream/crds) without
// `spec.enableDefaultDeny` (added in Cilium 1.15), labelled as the 1.14.5 Helm chart labels it. In-process.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';
import { chartCilium114CnpCrd } from '../fixtures/olderCiliumCrd';
import { requireResource } from '../support/requirement';

const upstream = path.resolve(__dirname, '../../../shared/upstream/crds');
const present = requireResource(`the upstream CRDs ${upstream}`, existsSync(upstream), 'they come with ../shared beside the repository');

async function meshlens(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

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
  ingress:
  - fromEndpoints:
    - matchLabels:
        app: client
`;

describe.skipIf(!present)('meshlens check --crd', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'meshlens-crd-'));
  const policyPath = path.join(work, 'web.yaml');
  writeFileSync(policyPath, policy);
  const crd = chartCilium114CnpCrd(upstream);
  const crdPath = path.join(work, 'crds.yaml');
  // A chart's crds/ file also holds other objects: skipped with a note.
  writeFileSync(crdPath, `${stringify(crd)}---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: cilium\n`);

  it('validates against the CRD file: the field the older release lacks is an error and a drift naming both versions', async () => {
    const { code, out, err } = await meshlens('check', '--format', 'json', '--crd', crdPath, policyPath);
    expect(code).toBe(1);
    const findings = (JSON.parse(out) as { files: { diagnostics: { code: string; message: string; range: { start: { line: number; character: number } } }[] }[] }).files[0].diagnostics;
    const unknown = findings.find((f) => f.code === 'ML1001');
    const drift = findings.find((f) => f.code === 'ML1015');
    expect(unknown?.range.start).toEqual({ line: 9, character: 2 });
    expect(drift?.range.start).toEqual({ line: 9, character: 2 });
    expect(drift?.message).toContain('bundled Cilium 1.19.0-dev CRD');
    expect(drift?.message).toContain(`CRD file ${crdPath} (1.14.5, from label helm.sh/chart)`);
    expect(err).toContain(`${crdPath}: document 2 is a ServiceAccount, not a CustomResourceDefinition; skipped`);
    expect(err).toContain(`CiliumNetworkPolicy cilium.io/v2 is validated against the CRD file ${crdPath} (1.14.5, from label helm.sh/chart).`);
  });

  it('without --crd the bundled CRD knows the field', async () => {
    const { code, out } = await meshlens('check', '--format', 'json', policyPath);
    expect(code).toBe(0);
    expect(out).not.toContain('ML1001');
    expect(out).not.toContain('ML1015');
  });

  it('repeats: a later file wins for the same group/kind/version', async () => {
    const current = path.join(work, 'current.yaml');
    writeFileSync(current, readFileSync(path.join(upstream, 'cilium/ciliumnetworkpolicies.yaml'), 'utf8'));
    const { code, err } = await meshlens('check', '--crd', crdPath, '--crd', current, policyPath);
    expect(code).toBe(0);
    expect(err).toContain(`is validated against the CRD file ${current}.`);
  });

  it('a CRD file that cannot be read is an I/O failure (exit 2) that names it', async () => {
    const missing = path.join(work, 'missing.yaml');
    const { code, err } = await meshlens('check', '--crd', missing, policyPath);
    expect(code).toBe(2);
    expect(err).toContain(`meshlens check: cannot read the CRD file ${missing}`);
  });
});
