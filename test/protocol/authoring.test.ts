// Authoring features through the real server over LSP, on the examples workspace: workspace value completion,
// quick fixes (the exact edit), document symbols, go to definition, find references, code lenses and
// `meshlens/flowChange` (allow/deny this flow, with the preview verdict).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CodeLens, DocumentSymbol, Location } from 'vscode-languageserver-protocol';
import { flowChangeMethod, type FlowChangeResult } from '../../server/src/protocol/flowChange';
import { positionOf, repoRoot, serverIsBuilt, startLspTestClient, type LspTestClient } from './lspTestClient';

const examples = path.join(repoRoot, 'examples');
const examplesUri = pathToFileURL(examples).href;
const uriOf = (relative: string) => pathToFileURL(path.join(examples, relative)).href;
const textOf = (relative: string) => readFileSync(path.join(examples, relative), 'utf8');
const netpol = 'policies/kubernetes/data.yaml';
const workloads = 'workloads/data.yaml';

describe.skipIf(!serverIsBuilt() && process.env.CI !== 'true')('authoring over LSP', () => {
  let client: LspTestClient;

  beforeAll(async () => {
    client = await startLspTestClient({ settings: { defaultNamespace: 'default' }, timeoutMs: 60_000 });
    // A flow change reads the folder (as explain does): the workspace model has the examples from here on.
    const first = await client.request<FlowChangeResult>(flowChangeMethod, { from: 'storefront/frontend', to: 'data/redis', port: 6379, intent: 'allow', folderUri: examplesUri });
    expect(first).not.toHaveProperty('error');
  }, 120_000);

  afterAll(async () => {
    await client?.stop();
  });

  it('advertises the authoring capabilities', () => {
    const capabilities = client.initializeResult.capabilities;
    expect(capabilities.codeActionProvider).toBeTruthy();
    expect(capabilities.documentSymbolProvider).toBe(true);
    expect(capabilities.definitionProvider).toBe(true);
    expect(capabilities.referencesProvider).toBe(true);
    expect(capabilities.codeLensProvider).toBeTruthy();
  });

  it('plans "allow this flow" as an edit of the Cilium policy selecting the destination, verified by evaluation', async () => {
    const result = await client.request<FlowChangeResult>(flowChangeMethod, { from: 'storefront/frontend', to: 'data/redis', port: 6379, intent: 'allow', folderUri: examplesUri });
    if ('error' in result) throw new Error(result.error);
    expect([result.before, result.after]).toEqual(['deny', 'allow']);
    expect(result.edits.map((e) => e.uri)).toEqual([uriOf('policies/cilium/data.yaml')]);
    expect(result.edits[0].newText).toContain('"k8s:io.kubernetes.pod.namespace": storefront');
    expect(result.newFiles).toEqual([]);
    // The preview's graph difference: the flow itself, now allowed on its port.
    expect(result.graphChanges).toContainEqual(expect.objectContaining({ from: 'storefront/frontend', to: 'data/redis', head: expect.stringContaining('6379') }));
  });

  it('offers "Allow <from> → <to>" on the policy whose default deny denies a flow, with the exact edit', async () => {
    const file = 'policies/istio/payments.yaml';
    const text = textOf(file);
    await client.open(uriOf(file), text);
    const at = positionOf(text, 'name: payments-api-allow');
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: { start: at, end: at }, context: { diagnostics: [] } });
    const flows = actions.filter((a) => a.title.startsWith('Allow '));
    expect(flows.map((a) => a.title)).toEqual(['Allow monitoring/prometheus → payments/payments-api TCP/9090', 'Allow storefront/cart → payments/payments-api TCP/9090']);
    // Prometheus is outside the mesh: no principal can name it, so that action is disabled with the reason.
    expect(flows[0].disabled?.reason).toMatch(/outside the mesh/);
    const end = positionOf(text, 'values: [https://auth.example.com]', 'values: [https://auth.example.com]'.length);
    expect(flows[1]).toMatchObject({ kind: 'refactor.rewrite', data: { flow: { from: 'storefront/cart', to: 'payments/payments-api', protocol: 'TCP', port: 9090 } } });
    expect(flows[1].edit?.changes?.[uriOf(file)]).toEqual([{
      range: { start: end, end },
      newText: '\n    - from:\n        - source:\n            principals: ["cluster.local/ns/storefront/sa/cart"]\n      to:\n        - operation:\n            ports: ["9090"]',
    }]);
  });

  it('answers a bad flowChange with an error naming the field', async () => {
    expect(await client.request<FlowChangeResult>(flowChangeMethod, { from: 'a/b', to: 'c/d', port: 80, intent: 'maybe' })).toEqual({ error: 'intent must be allow or deny' });
  });

  it('outlines a policy file with rules, layer and enforcer', async () => {
    await client.open(uriOf(netpol), textOf(netpol));
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uriOf(netpol) } });
    expect(symbols.map((s) => s.name)).toEqual(['NetworkPolicy data/default-deny-ingress', 'NetworkPolicy data/redis-from-cart']);
    expect(symbols[1].children?.map((c) => `${c.name} ${c.detail}`)).toEqual(['ingress[0] L4 · CNI (NetworkPolicy) · allow']);
  });

  it('goes from a selector to the workload it selects', async () => {
    const locations = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uriOf(netpol) }, position: positionOf(textOf(netpol), 'app: redis', 6) });
    expect(locations).toHaveLength(1);
    expect(locations[0].uri).toBe(uriOf(workloads));
    expect(locations[0].range.start).toEqual(positionOf(textOf(workloads), 'name: redis'));
  });

  it('finds the policies that select a workload', async () => {
    await client.open(uriOf(workloads), textOf(workloads));
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: uriOf(workloads) }, position: positionOf(textOf(workloads), 'name: redis'), context: { includeDeclaration: false } });
    const at = refs.map((r) => `${r.uri.slice(examplesUri.length + 1)}:${r.range.start.line}`);
    expect(at).toContain(`${netpol}:${positionOf(textOf(netpol), 'name: redis-from-cart').line}`);
    expect(at).toContain(`${netpol}:${positionOf(textOf(netpol), 'name: default-deny-ingress').line}`);
  });

  it('shows a lens above each policy with a command that opens its graph', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uriOf(netpol) } });
    expect(lenses.map((l) => l.command?.title)).toEqual(['selects 2 workloads · allows 0 flows · 0 denied', 'selects 1 workload · allows 1 flow · 0 denied']);
    expect(lenses[1].command).toMatchObject({ command: 'meshlens.showPolicyGraph', arguments: [uriOf(netpol), positionOf(textOf(netpol), 'kind: NetworkPolicy\nmetadata:\n  name: redis').line] });
  });

  it('offers label values from the workspace with the workloads they select', async () => {
    const uri = uriOf('policies/cilium/new-draft.yaml');
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: draft\n  namespace: data\nspec:\n  endpointSelector:\n    matchLabels:\n      app: \n';
    await client.open(uri, text);
    await client.pushedDiagnostics(uri);
    const items = await client.completion(uri, positionOf(text, 'app: ', 5));
    const labels = items.map((i) => `${i.label} ${i.detail}`);
    expect(labels).toContain('redis selects 1 workload in data');
    expect(labels).toContain('postgres selects 1 workload in data');
  });

  it('builds a quick fix from the facts its diagnostic carries (ML4017 data: the pod port), sent back by the client', async () => {
    const serviceUri = uriOf('workloads/port-draft-service.yaml');
    await client.open(serviceUri, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: data\nspec:\n  selector:\n    app: redis\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n');
    const uri = uriOf('policies/cilium/port-draft.yaml');
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: port-draft\n  namespace: data\nspec:\n  endpointSelector:\n    matchLabels:\n      app: redis\n  ingress:\n    - toPorts:\n        - ports:\n            - port: "80" # the web port\n              protocol: TCP\n';
    await client.open(uri, text);
    // Workspace findings (ML4xxx) may follow a first, provisional publication: read a bounded number of them.
    const diagnostic = await (async () => {
      let published = await client.pushedDiagnostics(uri);
      for (let attempt = 0; attempt < 5; attempt++) {
        const found = published.diagnostics.find((d) => d.code === 'ML4017');
        if (found) return found;
        published = await client.nextPushedDiagnostics(uri);
      }
      return undefined;
    })();
    expect(diagnostic?.data).toEqual({ replaceWith: '"8080"' });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic] } });
    const at = positionOf(text, '"80"');
    expect(actions.find((a) => a.diagnostics?.[0]?.code === 'ML4017')?.edit?.changes?.[uri]).toEqual([{ range: { start: at, end: { line: at.line, character: at.character + 4 } }, newText: '"8080"' }]);
  });

  it('returns a quick fix with the exact edit for a diagnostic the server published', async () => {
    const uri = uriOf('policies/cilium/typo-draft.yaml');
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: typo\n  namespace: data\nspec:\n  endpointSelector: {}\n  ingress:\n    - toPorts:\n        - ports:\n            - port: "80"\n              protocol: tcp # lower case\n';
    await client.open(uri, text);
    const published = await client.pushedDiagnostics(uri);
    const diagnostic = published.diagnostics.find((d) => d.code === 'ML1003');
    expect(diagnostic).toBeDefined();
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic!.range, context: { diagnostics: [diagnostic] } });
    const fix = actions.find((a) => a.title === "Change to 'TCP'");
    const at = positionOf(text, 'tcp #');
    expect(fix?.edit?.changes?.[uri]).toEqual([{ range: { start: at, end: { line: at.line, character: at.character + 3 } }, newText: 'TCP' }]);
    expect(fix?.diagnostics).toEqual([diagnostic]);
    expect(fix?.isPreferred).toBe(true);
  });
});
