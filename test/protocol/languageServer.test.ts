// The built language server over real LSP (stdio JSON-RPC): handshake in push and pull mode, diagnostics
// at the right ranges in a multi-document file, incremental edits, completion, hover and settings.
import { execFileSync } from 'node:child_process';
import { afterAll, assert, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { positionOf, repoRoot, startLspTestClient, type LspTestClient } from './lspTestClient';

const multiDocument = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes: [Ingress]
---
apiVersion: cilium.io/v1
kind: CiliumNetworkPolicy
metadata:
  name: old-api
spec:
  endpointSelector: {}
  ingress:
    - fromEntities: [cluster]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: dup
  name: dup2
spec:
  action: DENY
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  name: web2
`;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

describe('language server, push diagnostics', () => {
  let client: LspTestClient;
  const uri = 'file:///work/policies.yaml';
  beforeAll(async () => {
    client = await startLspTestClient();
  });
  afterAll(async () => {
    await client.stop();
  });

  it('declares incremental sync, completion and hover but no pull diagnostics', () => {
    const caps = client.initializeResult.capabilities;
    expect(caps.textDocumentSync).toMatchObject({ change: 2, openClose: true });
    expect(caps.completionProvider).toBeDefined();
    expect(caps.hoverProvider).toBe(true);
    expect(caps.diagnosticProvider).toBeUndefined();
  });

  it('publishes findings of policy documents only, at the right ranges, with source, code and docs link', async () => {
    await client.open(uri, multiDocument, 1);
    const { diagnostics } = await client.pushedDiagnostics(uri, 1);
    const apiVersion = diagnostics.find((d) => d.code === 'ML0007');
    expect(apiVersion?.range).toEqual({ start: positionOf(multiDocument, 'cilium.io/v1'), end: positionOf(multiDocument, 'cilium.io/v1', 'cilium.io/v1'.length) });
    expect(apiVersion).toMatchObject({ source: 'meshlens', severity: 1 });
    expect(apiVersion?.codeDescription?.href).toMatch(/docs\/diagnostics\.md#ml0007$/);
    const duplicates = diagnostics.filter((d) => d.code === 'ML0003');
    // The AuthorizationPolicy's duplicate key is reported; the Deployment's is not meshlens' business.
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0].range.start.line).toBe(positionOf(multiDocument, '  name: dup2').line);
  });

  it('an incremental edit updates the diagnostics of the edited document', async () => {
    const at = positionOf(multiDocument, 'cilium.io/v1', 'cilium.io/'.length);
    await client.change(uri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: 'v2' }]);
    const { diagnostics } = await client.pushedDiagnostics(uri, 2);
    expect(diagnostics.map((d) => d.code)).not.toContain('ML0007');
    expect(diagnostics.map((d) => d.code)).toContain('ML0003');
    // Break the first document: a tab indentation is a syntax error, and later documents keep their findings.
    await client.change(uri, 3, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 2 } }, text: '\t' }]);
    const third = await client.pushedDiagnostics(uri, 3);
    const syntax = third.diagnostics.find((d) => d.code === 'ML0001');
    expect(syntax?.range.start.line).toBe(5);
    expect(third.diagnostics.map((d) => d.code)).toContain('ML0003');
  });

  it('related spans become relatedInformation in the same document', async () => {
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\nspec:\n  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports: [{port: "443", protocol: TCP}]\n      serverNames: [a.example.com, a.example.com]\n';
    const uri2 = 'file:///work/related.yaml';
    await client.open(uri2, text, 1);
    const duplicate = (await client.pushedDiagnostics(uri2, 1)).diagnostics.find((d) => d.code === 'ML1010');
    const second = text.lastIndexOf('a.example.com');
    expect(duplicate?.range.start).toEqual({ line: 9, character: second - (text.lastIndexOf('\n', second) + 1) });
    expect(duplicate?.relatedInformation).toEqual([
      { location: { uri: uri2, range: { start: positionOf(text, 'a.example.com'), end: positionOf(text, 'a.example.com', 'a.example.com'.length) } }, message: 'first occurrence' },
    ]);
  });

  it('closing a document clears its diagnostics', async () => {
    const closedUri = 'file:///work/closed.yaml';
    await client.open(closedUri, 'apiVersion: cilium.io/v9\nkind: CiliumNetworkPolicy\n', 1);
    expect((await client.pushedDiagnostics(closedUri, 1)).diagnostics).toHaveLength(1);
    const next = client.nextPushedDiagnostics(closedUri);
    await client.close(closedUri);
    expect((await next).diagnostics).toEqual([]);
  });

  it('a YAML file without policies gets no diagnostics, even with syntax errors', async () => {
    const other = 'file:///work/deploy.yaml';
    await client.open(other, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n\tname: x\n  a: [\n', 1);
    expect((await client.pushedDiagnostics(other, 1)).diagnostics).toEqual([]);
  });

  it('completes keys and enum values over LSP', async () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: a\nspec:\n  act\n';
    const doc = 'file:///work/complete.yaml';
    await client.open(doc, text, 1);
    const keys = await client.completion(doc, positionOf(text, '  act', 5));
    const action = keys.find((k) => k.label === 'action');
    expect(action?.insertTextFormat).toBe(2);
    expect(action?.textEdit).toMatchObject({ newText: 'action: ${1|ALLOW,DENY,AUDIT,CUSTOM|}', range: { start: { line: 5, character: 2 }, end: { line: 5, character: 5 } } });
    expect(keys.map((k) => k.label)).toEqual(expect.arrayContaining(['selector', 'rules', 'targetRefs']));

    // A space typed in indentation does not pop up keys; the same spot asked for explicitly does.
    const indent = text.replace('  act\n', '  \n');
    await client.change(doc, 2, [{ text: indent }]);
    expect(await client.completion(doc, { line: 5, character: 2 }, ' ')).toEqual([]);
    expect((await client.completion(doc, { line: 5, character: 2 })).map((k) => k.label)).toContain('action');

    const valueText = text.replace('  act\n', '  action: \n');
    await client.change(doc, 3, [{ text: valueText }]);
    const values = await client.completion(doc, positionOf(valueText, 'action: ', 8), ' ');
    expect(values.map((v) => v.label)).toEqual(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
  });

  it('completes Cilium entities from the generated schema inside a multi-document file', async () => {
    const text = `kind: ConfigMap\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nspec:\n  egress:\n  - toEntities:\n    - \n`;
    const doc = 'file:///work/entities.yaml';
    await client.open(doc, text, 1);
    const items = await client.completion(doc, positionOf(text, '    - \n', 6));
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['world', 'cluster', 'kube-apiserver', 'remote-node']));
  });

  it('hovers with the schema description and the upstream reference', async () => {
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nspec:\n  endpointSelector: {}\n  ingress:\n  - toPorts: []\n';
    const doc = 'file:///work/hover.yaml';
    await client.open(doc, text, 1);
    const hover = await client.hover(doc, positionOf(text, 'toPorts', 2));
    const value = (hover?.contents as { value: string }).value;
    expect(value).toContain('spec.ingress[0].toPorts');
    expect(value.toLowerCase()).toContain('port');
    expect(value).toContain('docs.cilium.io');
    expect(hover?.range).toEqual({ start: positionOf(text, 'toPorts'), end: positionOf(text, 'toPorts', 7) });
  });

  it('logged no handler failures', () => {
    expect(client.logs.filter((l) => l.includes('failed'))).toEqual([]);
    expect(client.isAlive()).toBe(true);
  });
});

describe('language server, pull diagnostics and settings', () => {
  let client: LspTestClient;
  beforeAll(async () => {
    client = await startLspTestClient({ pullDiagnostics: true, settings: { maxFileSizeMB: 5 } });
  });
  afterAll(async () => {
    await client.stop();
  });

  it('declares a diagnostic provider and answers textDocument/diagnostic', async () => {
    // ML4xxx findings depend on other open documents.
    expect(client.initializeResult.capabilities.diagnosticProvider).toMatchObject({ interFileDependencies: true });
    const uri = 'file:///work/pull.yaml';
    await client.open(uri, multiDocument, 1);
    const items = await client.pullDiagnostics(uri);
    expect(items.map((d) => d.code).sort()).toEqual(['ML0003', 'ML0007']);
    const at = positionOf(multiDocument, 'cilium.io/v1', 'cilium.io/'.length);
    await client.change(uri, 2, [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: 'v2' }]);
    expect((await client.pullDiagnostics(uri)).map((d) => d.code)).toEqual(['ML0003']);
  });

  it('answers `unchanged` to the resultId of equal diagnostics, and the full report when they differ', async () => {
    const uri = 'file:///work/pull-unchanged.yaml';
    await client.open(uri, multiDocument, 1);
    const pull = (previousResultId?: string) => client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId ? { previousResultId } : {}) });
    const first = await pull();
    assert(first.kind === 'full' && first.resultId !== undefined);
    expect(first.items.map((d) => d.code).sort()).toEqual(['ML0003', 'ML0007']);
    // A comment typed at the end of the file moves no diagnostic.
    const lines = multiDocument.split('\n');
    const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
    await client.change(uri, 2, [{ range: { start: end, end }, text: '# note' }]);
    expect(await pull(first.resultId)).toEqual({ kind: 'unchanged', resultId: first.resultId });
    // Without the previous resultId (or with another one) the client gets the items again.
    expect(await pull()).toEqual(first);
    expect(await pull('no-such-result')).toEqual(first);
    // A line added at the top moves every diagnostic: a full report with a new resultId.
    await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n' }]);
    const moved = await pull(first.resultId);
    assert(moved.kind === 'full');
    expect(moved.resultId).not.toBe(first.resultId);
    expect(moved.items.map((d) => d.range.start.line)).toEqual(first.items.map((d) => d.range.start.line + 1));
  });

  it('a smaller meshlens.maxFileSizeMB turns a file into a single ML0006 finding', async () => {
    const uri = 'file:///work/big.yaml';
    const text = `${multiDocument}# ${'x'.repeat(200_000)}\n`;
    await client.open(uri, text, 1);
    expect((await client.pullDiagnostics(uri)).map((d) => d.code).sort()).toEqual(['ML0003', 'ML0007']);
    await client.changeSettings({ maxFileSizeMB: 0.1 });
    const items = await client.pullDiagnostics(uri);
    expect(items.map((d) => d.code)).toEqual(['ML0006']);
    expect(items[0].message).toContain('meshlens.maxFileSizeMB');
  });
});
