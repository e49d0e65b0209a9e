// `meshlens/explainFlow`, `meshlens/exportTrafficGraph` and `meshlens/ping` through the real server, on the
// examples workspace: Explain follows an unsaved edit (didOpen with edited text, nothing written to disk) and
// the data-plane setting; the export is the text `meshlens graph` prints; bad params get an answer, not a crash.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli as runMeshlens } from '../../server/src/cli/main';
import { explainFlowMethod, type ExplainFlowParams, type ExplainFlowResult } from '../../server/src/protocol/explainFlow';
import { exportTrafficGraphMethod, type ExportTrafficGraphResult } from '../../server/src/protocol/exportTrafficGraph';
import { pingMethod, type PingResult } from '../../server/src/protocol/ping';
import type { ExplainResult } from '../../server/src/protocol/trafficGraph';
import { repoRoot, serverIsBuilt, startLspTestClient, type LspTestClient } from './lspTestClient';

const examples = path.join(repoRoot, 'examples');
const examplesUri = pathToFileURL(examples).href;
const paymentsPath = path.join(examples, 'policies', 'istio', 'payments.yaml');
const paymentsUri = pathToFileURL(paymentsPath).href;
const savedPayments = readFileSync(paymentsPath, 'utf8');
/** The unsaved edit: a second ALLOW rule in payments-api-allow for any caller in the storefront namespace. */
const storefrontRule = '    - from:\n        - source:\n            namespaces: [storefront]\n';
const anchor = '          values: [https://auth.example.com]\n';
const editedPayments = savedPayments.replace(anchor, `${anchor}${storefrontRule}`);

const flow: ExplainFlowParams = { from: 'storefront/frontend', to: 'payments/payments-api', port: 8443, folderUri: examplesUri };
const settings = (dataplaneMode: string) => ({ istio: { dataplaneMode }, defaultNamespace: 'default' });

function explanationOf(result: ExplainFlowResult): ExplainResult {
  if ('error' in result) throw new Error(`explainFlow answered an error: ${result.error}`);
  return result.explanation;
}

/** The CLI names files by path, the server by URI; the rest is the same explanation. */
const asUri = (e: ExplainResult): ExplainResult => ({ ...e, steps: e.steps.map((s) => ({ ...s, rules: s.rules.map((r) => ({ ...r, file: pathToFileURL(path.resolve(repoRoot, r.file)).href })) })) });

const authz = (explanation: ExplainResult) => explanation.steps.filter((s) => s.direction === 'authz');

describe.skipIf(!serverIsBuilt() && process.env.CI !== 'true')('meshlens/explainFlow request', () => {
  let client: LspTestClient;

  beforeAll(async () => {
    expect(editedPayments).not.toBe(savedPayments);
    client = await startLspTestClient({ settings: settings('auto') });
  });

  afterAll(async () => {
    await client?.stop();
  });

  it('answers ping', async () => {
    expect(await client.request<PingResult>(pingMethod, null)).toEqual({ alive: true });
  });

  it('explains a flow as `meshlens explain --format json` does on the same saved files', async () => {
    const result = await client.request<ExplainFlowResult>(explainFlowMethod, flow);
    const cli = JSON.parse(await runCli(['explain', '--format', 'json', '--from', flow.from, '--to', flow.to, '--port', String(flow.port), examples], [0, 1])) as ExplainResult;
    const lsp = explanationOf(result);
    expect(lsp).toEqual(asUri(cli));
    expect(lsp.verdict).toBe('deny');
    expect(authz(lsp).map((s) => [s.enforcer, s.verdict])).toEqual([['istio-sidecar', 'deny']]);
    expect(result).toMatchObject({ basis: { dataplaneMode: 'auto', defaultNamespace: 'default' } });
  });

  it('reflects an unsaved edit of an open document, and the saved text again once it is closed', async () => {
    await client.open(paymentsUri, editedPayments);
    const edited = explanationOf(await client.request<ExplainFlowResult>(explainFlowMethod, flow));
    expect(edited.verdict).toBe('allow');
    const [step] = authz(edited);
    expect(step).toMatchObject({ enforcer: 'istio-sidecar', verdict: 'allow' });
    // The rule that allowed it is the one only the unsaved text has, with its range in that text.
    const ruleLine = editedPayments.slice(0, editedPayments.indexOf(storefrontRule)).split('\n').length - 1;
    expect(step!.rules).toEqual([expect.objectContaining({ file: paymentsUri, policy: 'payments/payments-api-allow', path: 'spec.rules[1]' })]);
    expect(step!.rules[0]!.range.start.line).toBe(ruleLine);

    await client.close(paymentsUri);
    expect(explanationOf(await client.request<ExplainFlowResult>(explainFlowMethod, flow)).verdict).toBe('deny');
  });

  it('follows meshlens.istio.dataplaneMode: forcing ambient moves Istio authorization from the sidecar to ztunnel', async () => {
    await client.open(paymentsUri, editedPayments);
    try {
      await client.changeSettings(settings('ambient'));
      const ambient = await client.request<ExplainFlowResult>(explainFlowMethod, flow);
      expect(ambient).toMatchObject({ basis: { dataplaneMode: 'ambient' } });
      const steps = authz(explanationOf(ambient));
      expect(steps.map((s) => s.enforcer)).not.toContain('istio-sidecar');
      expect(steps.map((s) => s.enforcer)).toContain('istio-ztunnel');

      await client.changeSettings(settings('sidecar'));
      const sidecar = explanationOf(await client.request<ExplainFlowResult>(explainFlowMethod, flow));
      expect(authz(sidecar).map((s) => [s.enforcer, s.verdict])).toEqual([['istio-sidecar', 'allow']]);
    } finally {
      await client.changeSettings(settings('auto'));
      await client.close(paymentsUri);
    }
  });

  it('agrees with `meshlens explain --dataplane-mode <m>` under each data-plane setting', async () => {
    const flows: ExplainFlowParams[] = [
      flow,
      { from: 'storefront/frontend', to: 'storefront/cart', port: 8080, folderUri: examplesUri },
      { from: 'monitoring/prometheus', to: 'payments/payments-api', port: 9090, folderUri: examplesUri },
    ];
    try {
      for (const mode of ['auto', 'sidecar', 'ambient']) {
        await client.changeSettings(settings(mode));
        for (const f of flows) {
          const lsp = explanationOf(await client.request<ExplainFlowResult>(explainFlowMethod, f));
          const cli = JSON.parse(await runCli(['explain', '--format', 'json', '--dataplane-mode', mode, '--from', f.from, '--to', f.to, '--port', String(f.port), examples], [0, 1])) as ExplainResult;
          expect(lsp, `${mode}: ${f.from} -> ${f.to}`).toEqual(asUri(cli));
        }
      }
    } finally {
      await client.changeSettings(settings('auto'));
    }
  });

  it('says what is missing when an endpoint names no workload', async () => {
    const result = await client.request<ExplainFlowResult>(explainFlowMethod, { ...flow, from: 'curl' });
    expect(result).toEqual({ error: expect.stringContaining('no workload "default/curl"') });
    expect((result as { error: string }).error).toContain('payments/payments-api');
    // A request's folder joins the server's one workspace (it does not narrow it): a server that only ever saw
    // the policies folder has no workload manifests to explain with.
    const policiesOnly = await startLspTestClient({ settings: settings('auto') });
    try {
      const empty = await policiesOnly.request<ExplainFlowResult>(explainFlowMethod, { ...flow, folderUri: pathToFileURL(path.join(examples, 'policies')).href });
      expect((empty as { error: string }).error).toMatch(/no workload manifests \(Deployment, .*Pod\).*Open the folder that holds the workload manifests/);
    } finally {
      await policiesOnly.stop();
    }
  });

  it('answers malformed params with an error message, and keeps serving', async () => {
    for (const bad of [null, {}, { ...flow, port: 70000 }, { ...flow, protocol: 'HTTP' }, { ...flow, from: 7 }, { ...flow, request: { headers: { a: 1 } } }]) {
      expect(await client.request<ExplainFlowResult>(explainFlowMethod, bad)).toEqual({ error: expect.any(String) });
    }
    expect(client.isAlive()).toBe(true);
  });

  it('exports the graph as the text `meshlens graph --format <f>` prints, and follows unsaved edits', async () => {
    for (const format of ['dot', 'mermaid', 'json'] as const) {
      const result = await client.request<ExportTrafficGraphResult>(exportTrafficGraphMethod, { format, folderUri: examplesUri });
      if ('error' in result) throw new Error(result.error);
      const cli = await runCli(['graph', '--format', format, '--quiet', examples], [0]);
      // Rule files: paths in the CLI's output, URIs in the server's.
      expect(result.text).toBe(cli.split(`${examples}/`).join(`${examplesUri}/`));
      expect(result).toMatchObject({ format, truncated: false });
    }
    const before = await client.request<ExportTrafficGraphResult>(exportTrafficGraphMethod, { format: 'json', folderUri: examplesUri });
    await client.open(paymentsUri, editedPayments);
    const after = await client.request<ExportTrafficGraphResult>(exportTrafficGraphMethod, { format: 'json', folderUri: examplesUri });
    await client.close(paymentsUri);
    expect((after as { text: string }).text).not.toBe((before as { text: string }).text);
    expect((after as { text: string }).text).toContain('spec.rules[1]');
    expect(await client.request<ExportTrafficGraphResult>(exportTrafficGraphMethod, { format: 'svg' })).toEqual({ error: expect.any(String) });
  });
});

/** The CLI's command on the same files, in-process (the same code as dist/cli.cjs); `codes` are its success statuses. */
async function runCli(args: readonly string[], codes: readonly number[]): Promise<string> {
  const io = memoryIo();
  const code = await runMeshlens(args, io);
  if (!codes.includes(code)) throw new Error(`meshlens ${args.join(' ')} exited ${code}: ${io.err}`);
  return io.out;
}
