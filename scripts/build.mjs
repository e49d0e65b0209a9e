// Bundles every entry point with esbuild: the extension client, the language server, the CLI,
// the conformance runner and the webview. One build step so `npm start` and `npm test` share it.
// `--outdir <dir>` writes the bundles elsewhere than dist/ (the packed-install test builds a private
// copy so that other tests rebuilding dist/ concurrently cannot hand `npm pack` a half-written file).
import * as esbuild from 'esbuild';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asciiBundle } from './asciiBundle.mjs';
import { precompiledValidatorsPlugin } from './precompiledValidators.mjs';

const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' } } });
const outdir = values.outdir;

const nodeEntries = {
  extension: 'client/src/extension.ts',
  server: 'server/src/server.ts',
  // The language server's analysis runs in this worker thread, so the editor never waits on it.
  analysisWorker: 'server/src/lsp/worker/analysisWorker.ts',
  conformance: 'server/src/conformance/main.ts',
  // The live-cluster reader with the Kubernetes client, loaded by the CLI and the server only when asked for.
  cluster: 'server/src/cluster/clusterSource.ts',
};
const present = Object.fromEntries(Object.entries(nodeEntries).filter(([, file]) => existsSync(file)));

const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  outdir,
  outExtension: { '.js': '.cjs' },
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'warning',
  define: { 'process.env.MESHLENS_BUNDLED': '"true"' },
  // The bundled schemas' validators as generated code, so the server and the CLI start without compiling them.
  plugins: [precompiledValidatorsPlugin()],
};

await Promise.all([
  esbuild.build({ ...nodeBundle, entryPoints: present }),
  // The CLI is the package's `bin`: npm links it as an executable, so it needs an interpreter line.
  esbuild.build({ ...nodeBundle, entryPoints: { cli: 'server/src/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } }),
]);

// ASCII-only Node bundles: V8 then holds their source as one-byte strings (scripts/asciiBundle.mjs).
for (const name of [...Object.keys(present), 'cli']) {
  const file = join(outdir, `${name}.cjs`);
  const source = readFileSync(file, 'utf8');
  const ascii = asciiBundle(source, file);
  if (ascii !== source) writeFileSync(file, ascii);
}

if (existsSync('client/webview/main.ts')) {
  await esbuild.build({
    entryPoints: { webview: 'client/webview/main.ts' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    outdir: join(outdir, 'webview'),
    minify: true,
    loader: { '.css': 'css' },
    logLevel: 'warning',
  });
}
