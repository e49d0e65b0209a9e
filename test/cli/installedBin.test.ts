// The `meshlens` command as users get it: the project is packed with `npm pack`, the tarball installed
// with `npm install -g` into a temporary prefix, and the linked bin run as a program (no `node` in front),
// so a missing interpreter line, a file left out of the package or a runtime dependency that is not
// installed fails here.
//
// The tarball is packed from a private staging copy built by `scripts/build.mjs --outdir`, not from the
// repository's dist/: other test files rebuild dist/ while this one runs, and `npm pack` must not read a
// bundle mid-write. The staging copy holds exactly the files the repository's .npmignore lets through.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'meshlens-installed-'));
const staging = join(work, 'package');
const prefix = join(work, 'prefix');
const installedBin = join(prefix, 'bin', 'meshlens');
const systemNode = '/usr/bin/node';

// The package is the CLI plus the language server for other editors (and the page its diagnostics link to).
const packagedFiles = ['LICENSE', 'README.md', 'dist/analysisWorker.cjs', 'dist/cli.cjs', 'dist/cluster.cjs', 'dist/server.cjs', 'docs/diagnostics.md', 'package.json'];

interface PackResult {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string }[];
}

// npm run exports npm_* variables (local prefix, user agent…) that would steer the nested npm calls
// towards the repository; the test's own Node comes first on PATH, as under `npm test`.
function childEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')));
  return { ...env, PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(delimiter) };
}

function run(command: string, args: readonly string[], options: { cwd?: string; input?: string } = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: options.cwd ?? repoRoot, env: childEnv(), encoding: 'utf8', input: options.input, maxBuffer: 64 * 1024 * 1024 });
}

function npm(args: readonly string[], cwd: string): string {
  const result = run('npm', args, { cwd });
  if (result.status !== 0) throw new Error(`npm ${args.join(' ')} (in ${cwd}) exited ${result.status}:\n${result.stderr}${result.error ?? ''}`);
  return result.stdout;
}

function packList(cwd: string, extra: readonly string[]): PackResult {
  const [result] = JSON.parse(npm(['pack', '--json', ...extra], cwd)) as PackResult[];
  return result;
}

let repoPack: PackResult;
let stagedPack: PackResult;

beforeAll(() => {
  // What the repository would ship; the bundles in dist/ are rebuilt into the staging copy below.
  repoPack = packList(repoRoot, ['--dry-run']);
  for (const file of [...repoPack.files.map((f) => f.path).filter((path) => !path.startsWith('dist/')), '.npmignore']) {
    mkdirSync(dirname(join(staging, file)), { recursive: true });
    copyFileSync(join(repoRoot, file), join(staging, file));
  }
  const build = run(process.execPath, ['scripts/build.mjs', '--outdir', join(staging, 'dist')]);
  if (build.status !== 0) throw new Error(`scripts/build.mjs --outdir failed:\n${build.stderr}`);
  stagedPack = packList(staging, ['--pack-destination', work]);
  // The bundles are self-contained and the package declares no runtime dependency, so this installs offline.
  npm(['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--offline', join(work, stagedPack.filename)], work);
}, 600_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('ships the CLI, the language server and the diagnostics page, nothing else', () => {
    expect(stagedPack.files.map((f) => f.path).sort()).toEqual(packagedFiles);
    // The repository's own packing agrees (its dist/ may not be built when this file runs alone).
    expect(packagedFiles).toEqual(expect.arrayContaining(repoPack.files.map((f) => f.path)));
    expect(repoPack.files.map((f) => f.path)).toEqual(expect.arrayContaining(packagedFiles.filter((path) => !path.startsWith('dist/'))));
  });

  it('packs the CLI with an interpreter line, and npm links it as an executable', () => {
    expect(readFileSync(join(staging, 'dist/cli.cjs'), 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env node');
    expect(statSync(installedBin).mode & 0o111).not.toBe(0);
  });

  it('installs nothing but itself: every library is inside the bundles (no runtime dependency, no node@22)', () => {
    const installed = join(prefix, 'lib', 'node_modules', 'meshlens');
    expect(existsSync(join(installed, 'dist', 'cli.cjs'))).toBe(true);
    expect(existsSync(join(installed, 'node_modules'))).toBe(false);
  });
});

describe('the installed meshlens bin', () => {
  // The reviewed report of `meshlens check examples` (kept current by test/golden/cliCheck.test.ts).
  const golden = readFileSync(join(repoRoot, 'test/golden/examples.check.golden.txt'), 'utf8');

  it('prints the commands with --help', () => {
    const result = run(installedBin, ['--help']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: meshlens <command>/);
    for (const command of ['check', 'graph', 'explain', 'explain-rules']) expect(result.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
  });

  it('checks examples/ and exits 1 on its deliberate mistakes', () => {
    const result = run(installedBin, ['check', 'examples']);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(golden);
    expect(result.stdout).toContain('examples/policies/istio/payments.yaml:95:11 error ML1003 ');
    expect(result.status).toBe(1);
  });

  it('reads standard input with `-`, as in `cat file | meshlens check -`', () => {
    const result = run('sh', ['-c', 'cat examples/policies/istio/payments.yaml | "$0" check -', installedBin]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('-:95:11 error ML1003 `spec.action` must be one of ALLOW, DENY, AUDIT, CUSTOM; got `allow`');
    expect(result.stdout).toMatch(/^meshlens: 1 file \(\d+ documents\) checked: 1 error,/m);
    expect(result.status).toBe(1);
  });

  // Debian's Node (20 on bookworm) is what `#!/usr/bin/env node` finds on many machines.
  const noSystemNode = !existsSync(systemNode);
  it.skipIf(noSystemNode && process.env.CI !== 'true')(`runs on the system Node (${systemNode})`, () => {
    expect(existsSync(systemNode), `${systemNode} is missing; CI expects the system Node the installed bin must run on`).toBe(true);
    const version = run(systemNode, ['--version']);
    const result = run(systemNode, [installedBin, 'check', 'examples']);
    expect(result.stderr, `on ${version.stdout.trim()}`).toBe('');
    expect(result.stdout).toBe(golden);
    expect(result.status).toBe(1);
  });
});
