// Proves the lint's boundary zones (eslint.config.mjs) fire: the same import text is linted as if it sat in
// different folders, through ESLint's Node API with the repository's own config. `npm run lint` in .ci/run is what
// stops a real violation; this test stops the config from silently losing a zone.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(__dirname, '../../..');
const eslint = new ESLint({ cwd: repoRoot });

/** The restricted-import messages ESLint reports for `source` placed at `relativePath`. */
async function restrictedImports(relativePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(repoRoot, relativePath) });
  expect(result?.messages.filter((m) => m.fatal)).toEqual([]);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the analysis core imports no adapter, editor or side effect', () => {
  const languageServer = "import { TextDocuments } from 'vscode-languageserver';\nexport const documents = TextDocuments;\n";

  it('rejects vscode-languageserver in server/src/analysis and allows it in server/src/lsp', async () => {
    const inCore = await restrictedImports('server/src/analysis/x.ts', languageServer);
    expect(inCore).toHaveLength(1);
    expect(inCore[0]).toContain("'vscode-languageserver'");
    expect(inCore[0]).toContain('analysis core knows nothing of VS Code or LSP');
    expect(await restrictedImports('server/src/lsp/x.ts', languageServer)).toEqual([]);
  });

  it.each([
    ["import * as vscode from 'vscode';", 'server/src/analysis/x.ts'],
    ["import type { Range } from 'vscode-languageserver-types';", 'server/src/analysis/features/x.ts'],
    ["import { readFileSync } from 'node:fs';", 'server/src/analysis/x.ts'],
    ["import { readFile } from 'fs/promises';", 'server/src/analysis/yaml/x.ts'],
    ["import { spawn } from 'node:child_process';", 'server/src/analysis/x.ts'],
    ["import { Worker } from 'node:worker_threads';", 'server/src/analysis/host/x.ts'],
    ["import { startServer } from '../lsp/startServer';", 'server/src/analysis/x.ts'],
    ["import { main } from '../../cli/main';", 'server/src/analysis/graph/x.ts'],
    ["import type { TrafficGraphParams } from '../../protocol/trafficGraph';", 'server/src/analysis/graph/x.ts'],
    ["export { runConformance } from '../conformance/runConformance';", 'server/src/analysis/x.ts'],
    ["import { ClusterSource } from '../../cluster/clusterSource';", 'server/src/analysis/host/x.ts'],
    ["import { KubeConfig } from '@kubernetes/client-node';", 'server/src/analysis/x.ts'],
    ["import { request } from 'node:https';", 'server/src/analysis/x.ts'],
    ["import { startServer } from '../lsp/startServer';", 'server/src/cluster/x.ts'],
    ["import { runCli } from '../cli/main';", 'server/src/cluster/x.ts'],
  ])('rejects %s in %s', async (source, at) => {
    expect(await restrictedImports(at, `${source}\n`)).toHaveLength(1);
  });

  it('rejects dynamic import() and require(), which would walk around the zones', async () => {
    const [result] = await eslint.lintText("export const load = () => import('vscode-languageserver');\nexport const fs = require('node:fs');\n", { filePath: path.join(repoRoot, 'server/src/analysis/x.ts') });
    expect(result?.messages.filter((m) => m.ruleId === 'no-restricted-syntax').map((m) => m.line)).toEqual([1, 2]);
  });

  it('allows the core its own folders and pure libraries', async () => {
    const source = "import { parseDocument } from 'yaml';\nimport { policyKinds } from '../policyKinds';\nimport { x } from './protocolish';\nexport { parseDocument, policyKinds, x };\n";
    expect(await restrictedImports('server/src/analysis/features/x.ts', source)).toEqual([]);
  });
});

describe('the protocol is the contract, not an adapter', () => {
  it('rejects lsp/ and cli/ imports and allows the analysis types it re-exports', async () => {
    expect(await restrictedImports('server/src/protocol/x.ts', "import { toLsp } from '../lsp/toLsp';\n")).toHaveLength(1);
    expect(await restrictedImports('server/src/protocol/x.ts', "import { main } from '../cli/main';\n")).toHaveLength(1);
    expect(await restrictedImports('server/src/protocol/x.ts', "export type { TrafficGraph } from '../analysis/graph/trafficGraphModel';\n")).toEqual([]);
  });
});

describe('the client and the webview speak only server/src/protocol', () => {
  const analysisImport = "import { policyKinds } from '../../../server/src/analysis/policyKinds';\nexport { policyKinds };\n";
  const protocolImport = "import { containsPolicyKind } from '../../../server/src/protocol/policyKinds';\nexport { containsPolicyKind };\n";

  it('rejects server internals in client/src and allows the protocol', async () => {
    const messages = await restrictedImports('client/src/trafficGraph/x.ts', analysisImport);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('shared contract in server/src/protocol');
    expect(await restrictedImports('client/src/trafficGraph/x.ts', "import { startServer } from '../../../server/src/lsp/startServer';\n")).toHaveLength(1);
    expect(await restrictedImports('client/src/trafficGraph/x.ts', protocolImport)).toEqual([]);
  });

  it('rejects server internals, host files and vscode in client/webview and allows the protocol', async () => {
    expect(await restrictedImports('client/webview/x.ts', "import type { TrafficGraph } from '../../server/src/analysis/graph/trafficGraphModel';\n")).toHaveLength(1);
    expect(await restrictedImports('client/webview/x.ts', "import { webviewHtml } from '../src/trafficGraph/trafficGraphHtml';\n")).toHaveLength(1);
    expect(await restrictedImports('client/webview/x.ts', "import * as vscode from 'vscode';\n")).toHaveLength(1);
    expect(await restrictedImports('client/webview/x.ts', "import type { GraphScope } from '../../server/src/protocol/webviewMessages';\n")).toEqual([]);
  });

  it('finds no violation in the real client and webview sources', async () => {
    const results = await eslint.lintFiles(['client/src', 'client/webview']);
    const violations = results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line} ${m.message}`));
    expect(results.length).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });
});
