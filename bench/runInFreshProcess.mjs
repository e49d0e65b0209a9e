// Shared by the bench scripts: bundles the core modules a bench measures (TypeScript, via esbuild) and
// re-runs the calling script in a fresh Node process with `--measure`, so its peak memory is its own.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Bundles `exportsSource` (TypeScript re-exports, resolved from the repo root) to dist/<name>.cjs; returns its path. */
export async function bundleBenchModule(name, exportsSource) {
  const outfile = path.join(repoRoot, 'dist', `${name}.cjs`);
  await esbuild.build({
    stdin: { contents: exportsSource, resolveDir: repoRoot, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs `script --measure ...args` in a new process; throws when it fails. */
export function measureInFreshProcess(scriptUrl, args, label, nodeOptions = []) {
  const child = spawnSync(process.execPath, [...nodeOptions, fileURLToPath(scriptUrl), '--measure', ...args], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`${label} bench failed (exit ${child.status})`);
}
