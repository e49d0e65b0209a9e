// Rule annotations over real LSP (the built server on stdio): hover on an L7 http rule, hover on an
// ambient AuthorizationPolicy with `methods` under a selector (the ztunnel warning), inlay hints over a
// multi-document file, ML4xxx diagnostics, and meshlens.annotations.enabled switching hints off.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { positionOf, repoRoot, startLspTestClient, type LspTestClient } from './lspTestClient';
import { webL7Policy } from '../fixtures/webL7Policy';
import { ambientMethodsPolicy } from '../fixtures/ambientMethodsPolicy';

const text = `${webL7Policy}---\n${ambientMethodsPolicy}`;

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

describe('rule annotations over LSP', () => {
  let client: LspTestClient;
  const uri = 'file:///work/annotated.yaml';
  beforeAll(async () => {
    client = await startLspTestClient({ settings: { annotations: { enabled: true } } });
    await client.open(uri, text);
  });
  afterAll(async () => {
    await client.stop();
  });

  it('declares inlay hints', () => {
    expect(client.initializeResult.capabilities.inlayHintProvider).toBe(true);
  });

  it('hover on an L7 http rule names the node Envoy', async () => {
    const hover = await client.hover(uri, positionOf(text, 'method: GET', 2));
    const markdown = JSON.stringify(hover?.contents);
    expect(markdown).toContain('L7 · Envoy (node)');
    expect(markdown).toContain('only for HTTP GET /public');
  });

  it('hover on methods of an ambient selector policy warns that ztunnel drops the rule', async () => {
    const hover = await client.hover(uri, positionOf(text, 'methods', 2));
    const markdown = JSON.stringify(hover?.contents);
    expect(markdown).toContain('L7 · needs a waypoint — dropped by ztunnel');
    expect(markdown).toContain('ML4001');
  });

  it('hover uses the Namespace of another open file to decide ambient', async () => {
    const other = 'file:///work/ap-only.yaml';
    const apOnly = text.slice(text.lastIndexOf('apiVersion: security.istio.io/v1'));
    await client.open(other, apOnly);
    const hover = await client.hover(other, positionOf(apOnly, 'methods', 2));
    const markdown = JSON.stringify(hover?.contents);
    expect(markdown).toContain('L7 · needs a waypoint — dropped by ztunnel');
    expect(markdown).not.toContain('mode?');
    await client.close(other);
  });

  it('inlay hints cover every document of the file', async () => {
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    const lines = text.split('\n');
    expect(hints.map((h) => `${lines[h.position.line].trim()} ⟶ ${String(h.label)}`)).toEqual([
      '- fromEndpoints: ⟶ L7 · Envoy (node)',
      '- to: ⟶ L7 · needs a waypoint — dropped by ztunnel',
    ]);
    for (const hint of hints) expect(hint.position.character).toBe(lines[hint.position.line].length);
  });

  it('diagnostics carry the ztunnel pitfall at the methods key', async () => {
    const { diagnostics } = await client.pushedDiagnostics(uri);
    const pitfall = diagnostics.find((d) => d.code === 'ML4001');
    expect(pitfall?.severity).toBe(2);
    expect(pitfall?.range.start).toEqual(positionOf(text, 'methods'));
  });

  it('meshlens.annotations.enabled=false switches them off', async () => {
    await client.changeSettings({ annotations: { enabled: false } });
    const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 200, character: 0 } } });
    expect(hints).toEqual([]);
  });
});
