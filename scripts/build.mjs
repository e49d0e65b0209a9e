// Bundles every entry point with esbuild: the extension client, the language server, the CLI,
// the conformance runner and the webview. One build step so `npm start` and `npm test` share it.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const nodeEntries = {
  extension: 'client/src/extension.ts',
  server: 'server/src/server.ts',
  // The language server's analysis runs in this worker thread, so the editor never waits on it.
  analysisWorker: 'server/src/lsp/worker/analysisWorker.ts',
  cli: 'server/src/cli/main.ts',
  conformance: 'server/src/conformance/main.ts',
};
const present = Object.fromEntries(Object.entries(nodeEntries).filter(([, file]) => existsSync(file)));

await esbuild.build({
  entryPoints: present,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
});

if (existsSync('client/webview/main.ts')) {
  await esbuild.build({
    entryPoints: { webview: 'client/webview/main.ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outdir: 'dist/webview',
    minify: true,
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
}
