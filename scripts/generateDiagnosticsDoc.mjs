// `npm run docs`: regenerates docs/diagnostics.md from the finding-code registry. The registry is
// TypeScript, so it is bundled in memory with esbuild and loaded as a module.
import * as esbuild from 'esbuild';
import { writeFileSync } from 'node:fs';

const entry = `
import { allFindingCodes } from './server/src/analysis/findings/findingCodes';
import { renderDiagnosticsDoc } from './scripts/renderDiagnosticsDoc';
export const markdown = renderDiagnosticsDoc(allFindingCodes);
`;
const result = await esbuild.build({
  stdin: { contents: entry, resolveDir: process.cwd(), loader: 'ts' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  write: false,
  logLevel: 'warning',
});
const { markdown } = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].text).toString('base64')}`);
writeFileSync('docs/diagnostics.md', markdown);
console.log(`docs/diagnostics.md: ${markdown.split('\n### ').length - 1} codes`);
