// The lint is the build's check of the architecture's boundaries (ARCHITECTURE.md, "Invariants"):
// which folder may import what. Style rules are left to review; only a few cheap correctness rules are on.
// test/unit/architecture/importBoundaries.test.ts proves each zone fires.
import tseslint from 'typescript-eslint';

const vscodeModules = {
  group: ['vscode', 'vscode/*', 'vscode-*', 'vscode-*/**'],
  message: 'The analysis core knows nothing of VS Code or LSP: put this in server/src/lsp (an adapter) instead.',
};
// Relative imports that leave server/src/analysis for an adapter or the wire contract. Matched textually
// (`../lsp/x`, `../../cli`); the analysis folder has no subfolder of these names, so nothing inside is caught.
const analysisLeavingCore = {
  regex: '^(\\.\\./)+(server/src/)?(lsp|cli|protocol|conformance|cluster)(/|$)',
  message: 'The analysis core is imported by the adapters (lsp/, cli/, conformance/) and the protocol, never the reverse.',
};
const sideEffectModules = ['fs', 'fs/promises', 'child_process', 'worker_threads', 'http', 'https', 'net', 'tls'].flatMap((m) => [m, `node:${m}`]);
// The live cluster is read by the adapter in server/src/cluster, which feeds its objects in as workspace files.
const clusterClient = { group: ['@kubernetes/client-node', '@kubernetes/client-node/**'], message: 'The analysis core never talks to a cluster: server/src/cluster reads it and passes the objects in as files.' };
const serverInternals = {
  group: ['**/server/src/**', '!**/server/src/protocol', '!**/server/src/protocol/**'],
  message: 'The client and the webview speak only the shared contract in server/src/protocol.',
};

export default tseslint.config(
  { ignores: ['dist/**', '.toolchain/**', 'test-results/**', 'tmp/**'] },
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 2023, sourceType: 'module' },
    plugins: { '@typescript-eslint': tseslint.plugin },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-debugger': 'error',
      'no-dupe-keys': 'error',
      'no-duplicate-case': 'error',
      'no-self-assign': 'error',
      'no-unsafe-finally': 'error',
      'no-unreachable': 'error',
    },
  },
  {
    files: ['server/src/analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: sideEffectModules.map((name) => ({
          name,
          message: 'The analysis core is pure: the adapters read files, spawn processes and start workers, and pass the results in.',
        })),
        patterns: [vscodeModules, analysisLeavingCore, clusterClient],
      }],
      // The zones above see static imports only; these would walk around them.
      'no-restricted-syntax': ['error',
        { selector: 'ImportExpression', message: 'No dynamic import() in the analysis core: its dependencies are static so the lint can check them.' },
        { selector: "CallExpression[callee.name='require']", message: 'No require() in the analysis core: its dependencies are static so the lint can check them.' },
      ],
    },
  },
  {
    files: ['server/src/protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(\\.\\./)+(server/src/)?(lsp|cli|conformance|cluster)(/|$)', message: 'The protocol is the contract the adapters implement; it imports none of them.' },
          { group: ['vscode', 'vscode/*'], message: 'The protocol is shared with the webview and the CLI: no `vscode`.' },
        ],
      }],
    },
  },
  {
    // The cluster adapter serves both the language server and the CLI, so it imports neither (nor VS Code).
    files: ['server/src/cluster/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          vscodeModules,
          { regex: '^(\\.\\./)+(server/src/)?(lsp|cli|conformance)(/|$)', message: 'server/src/cluster is shared by the language server and the CLI: it imports neither.' },
        ],
      }],
    },
  },
  {
    files: ['client/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [serverInternals] }] },
  },
  {
    files: ['client/webview/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview runs in a browser sandbox: it talks to the host by messages only.' }],
        patterns: [
          serverInternals,
          { group: ['**/client/src', '**/client/src/**', '../src', '../src/**'], message: 'The webview imports no extension-host file: the message contract lives in server/src/protocol.' },
        ],
      }],
    },
  },
);
