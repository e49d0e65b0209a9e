// `meshlens graph` and `meshlens explain` on paths without workload manifests (issue 8): they say what is missing
// (no Deployment/Pod/… manifests; which namespaces and workloads exist) and how to add it, instead of an empty
// graph or a bare "no workload default/curl". In-process, on copies of examples/ split the way users split them.
import { cpSync, mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';

const examples = path.resolve(__dirname, '../../examples');
const policies = path.join(examples, 'policies');
const workloads = path.join(examples, 'workloads');
const empty = mkdtempSync(path.join(tmpdir(), 'meshlens-empty-'));
const onlyPolicies = mkdtempSync(path.join(tmpdir(), 'meshlens-policies-'));
cpSync(path.join(policies, 'istio'), path.join(onlyPolicies, 'istio'), { recursive: true });
mkdirSync(path.join(empty, 'nested'));

async function meshlens(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, out: io.out, err: io.err };
}

describe('meshlens graph without workload manifests', () => {
  it('says that the paths hold no workload manifests, what they hold, and how to add them', async () => {
    const { code, out, err } = await meshlens('graph', '--format', 'dot', onlyPolicies);
    expect(code).toBe(0);
    expect(out).toContain('digraph meshlens');
    expect(err).toMatch(/the graph has no workloads: no workload manifests \(Deployment, StatefulSet, .*Pod\) in the paths given/);
    expect(err).toContain('(read 2 files, 10 policies, 0 Namespaces, 0 Services)');
    expect(err).toContain('`meshlens graph policies/ workloads/`');
  });

  it('says so even with --quiet (it is not a finding but the reason the output is empty)', async () => {
    const { err } = await meshlens('graph', '--quiet', onlyPolicies);
    expect(err).toContain('the graph has no workloads');
  });

  it('names an empty folder as such', async () => {
    const { code, err } = await meshlens('graph', empty);
    expect(code).toBe(0);
    expect(err).toContain(`no .yaml/.yml files in ${empty}`);
  });

  it('explains an edgeless graph of workloads without policies', async () => {
    const { err } = await meshlens('graph', workloads);
    expect(err).toMatch(/no edges: 6 workloads \(in data, monitoring, payments, storefront\) but no policy in the paths given/);
  });

  it('is silent about a graph that has workloads and edges', async () => {
    const { code, err } = await meshlens('graph', '--quiet', examples);
    expect(code).toBe(0);
    expect(err).toBe('');
  });
});

describe('meshlens explain with an endpoint that names no workload', () => {
  it('without workload manifests: says none were found and shows the command with the workloads folder added', async () => {
    const { code, out, err } = await meshlens('explain', '--from', 'curl', '--to', 'payments/payments-api', '--port', '8443', onlyPolicies);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('--from: no workload "default/curl": the files hold no workload manifests (Deployment, StatefulSet,');
    expect(err).toContain('meshlens explain --from curl --to payments/payments-api --port 8443 policies/ workloads/');
    expect(err).toContain('an IP/CIDR or fqdn:<name>');
    // A reason, not a usage dump.
    expect(err).not.toContain('Usage:');
  });

  it('with workloads elsewhere: lists the namespaces and workloads that exist and the --from syntax', async () => {
    const { code, err } = await meshlens('explain', '--from', 'curl', '--to', 'payments/payments-api', '--port', '8443', examples);
    expect(code).toBe(2);
    expect(err).toContain('no workload "default/curl" in the workspace: no workload in namespace default; workloads are in data, monitoring, payments, storefront');
    expect(err).toContain('storefront/frontend');
    expect(err).toContain('--from takes <namespace>/<workload> (a bare name is looked up in --default-namespace, here "default")');
  });

  it('with a misspelt workload: names the workloads of that namespace', async () => {
    const { code, err } = await meshlens('explain', '--from', 'storefront/frontend', '--to', 'payments/payments', '--port', '8443', examples);
    expect(code).toBe(2);
    expect(err).toContain('--to: no workload "payments/payments" in the workspace; namespace payments has payments/payments-api');
  });

  it('still explains a flow between workloads that exist', async () => {
    const { code, out } = await meshlens('explain', '--from', 'storefront/frontend', '--to', 'payments/payments-api', '--port', '8443', policies, workloads, path.join(examples, 'namespaces.yaml'));
    expect(code).toBe(1);
    expect(out).toMatch(/^DENY {2}storefront\/frontend -> payments\/payments-api TCP\/8443/);
  });
});
