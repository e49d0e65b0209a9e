// Writes the examples' traffic graph as one self-contained HTML file (the webview bundle and the graph
// inlined, same CSP with a nonce) and prints its path, so the graph can be seen without VS Code.
// Usage: node scripts/writeGraphHtml.mjs [folder=examples] [out=dist/traffic-graph.html]
//        node scripts/writeGraphHtml.mjs --graph saved.json [out]   (a saved `meshlens graph --format json`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const savedGraph = args[0] === '--graph' ? resolve(process.cwd(), args[1] ?? '') : undefined;
const positional = savedGraph ? args.slice(2) : args;
const folder = savedGraph ? relative(root, savedGraph) : (positional[0] ?? 'examples');
const out = resolve(process.cwd(), positional[savedGraph ? 0 : 1] ?? resolve(root, 'dist/traffic-graph.html'));

for (const file of ['dist/cli.cjs', 'dist/webview/webview.js', 'dist/webview/webview.css']) {
  if (!existsSync(resolve(root, file))) {
    console.log(`writeGraphHtml: ${file} is missing; run \`node scripts/build.mjs\` first. No HTML written.`);
    process.exit(0);
  }
}

const cli = savedGraph
  ? { status: 0, stdout: readFileSync(savedGraph, 'utf8'), stderr: '' }
  : spawnSync(process.execPath, ['dist/cli.cjs', 'graph', '--format', 'json', folder], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
// 1 = findings reported (examples/ has deliberate mistakes); the graph on stdout is still complete.
if (cli.status !== 0 && cli.status !== 1) {
  console.log(`writeGraphHtml: \`meshlens graph --format json ${folder}\` is not available yet (exit ${cli.status}): ${(cli.stderr || '').trim().split('\n')[0]}`);
  console.log('writeGraphHtml: skipped; no HTML written.');
  process.exit(0);
}

// The page builder and graph reader are TypeScript shared with the extension: bundle them for this script.
const bundled = await esbuild.build({
  stdin: {
    contents: "export { makeNonce, standaloneHtml } from './client/src/trafficGraph/trafficGraphHtml';\nexport { readTrafficGraph } from './server/src/protocol/readTrafficGraph';\n",
    resolveDir: root, loader: 'ts',
  },
  bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning',
});
const { makeNonce, standaloneHtml, readTrafficGraph } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

let parsed;
try {
  parsed = JSON.parse(cli.stdout);
} catch {
  console.error('writeGraphHtml: the CLI did not print JSON.');
  process.exit(1);
}
const read = readTrafficGraph(parsed);
if (!read.ok) {
  console.error(`writeGraphHtml: the CLI printed an unreadable graph: ${read.error}`);
  process.exit(1);
}

const title = `meshlens traffic graph — ${folder}`;
const html = standaloneHtml({
  nonce: makeNonce(),
  title,
  script: readFileSync(resolve(root, 'dist/webview/webview.js'), 'utf8'),
  css: readFileSync(resolve(root, 'dist/webview/webview.css'), 'utf8'),
  data: { type: 'graph', graph: read.graph, scope: 'workspace', title },
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, html);
console.log(`writeGraphHtml: ${read.graph.nodes.length} nodes, ${read.graph.edges.length} edges → ${relative(process.cwd(), out) || out}`);
console.log(`Open it in a browser: file://${out}`);
