// Smoke test of the bundled CLI as users run it: `node dist/cli.cjs` in a child process. Exit codes,
// parseable JSON/SARIF, I/O failures, non-UTF-8 input and folder walking.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompiledValidatorsPlugin } from '../../scripts/precompiledValidators.mjs';

const repoRoot = resolve(__dirname, '../..');
const cli = join(repoRoot, 'dist/cli.cjs');
const work = mkdtempSync(join(tmpdir(), 'meshlens-cli-'));

// Bundle the CLI entry exactly as scripts/build.mjs does, so the test never runs a stale dist/cli.cjs.
beforeAll(async () => {
  await esbuild.build({
    entryPoints: { cli: join(repoRoot, 'server/src/cli/main.ts') },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outdir: join(repoRoot, 'dist'),
    outExtension: { '.js': '.cjs' },
    external: ['vscode'],
    sourcemap: true,
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
    plugins: [precompiledValidatorsPlugin()],
  });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function meshlens(...args: string[]) {
  return meshlensWithInput('', ...args);
}

function meshlensWithInput(input: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: work, encoding: 'utf8', input });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function write(rel: string, content: string | Uint8Array): string {
  const file = join(work, rel);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, content);
  return rel;
}

const clean = write('ok/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
const broken = write('bad/duplicate.yaml', 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\n');

describe('node dist/cli.cjs', () => {
  it('exits 0 on clean input and 1 when there are errors', () => {
    expect(meshlens('check', clean).code).toBe(0);
    const result = meshlens('check', broken);
    expect(result.code).toBe(1);
    expect(result.out).toContain('bad/duplicate.yaml:3:1 error ML0003 ');
  });

  it('prints JSON and SARIF that parse', () => {
    const json = JSON.parse(meshlens('check', '--format', 'json', clean, broken).out);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual([clean, broken]);
    const sarif = JSON.parse(meshlens('check', '--format', 'sarif', broken).out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('bad/duplicate.yaml');
  });

  it('writes the report to -o', () => {
    expect(meshlens('check', '-f', 'json', '-o', 'out/report.json', clean).code).toBe(0);
    const again = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("fs").readFileSync("out/report.json","utf8"))'], { cwd: work, encoding: 'utf8' });
    expect(JSON.parse(again.stdout).version).toBe(1);
  });

  it('exits 2 with a message for usage errors and unreadable paths', () => {
    expect(meshlens().code).toBe(2);
    expect(meshlens('check').code).toBe(2);
    const missing = meshlens('check', 'no/such/folder');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read no/such/folder: no such file or directory');
    expect(missing.err).not.toMatch(/\n\s+at /); // a message, not a stack trace
    const help = meshlens('--help');
    expect([help.code, help.out.includes('check')]).toEqual([0, true]);
  });

  it('reports ML0005 for a file that is not UTF-8 and still checks the rest', () => {
    const latin1 = write('enc/latin1.yaml', Uint8Array.from([...Buffer.from('apiVersion: v1\nkind: ConfigMap\ndata:\n  city: M'), 0xfc, ...Buffer.from('nchen\n')]));
    const result = meshlens('check', latin1);
    expect(result.code).toBe(1);
    expect(result.out).toContain('enc/latin1.yaml:4:10 error ML0005 File is not valid UTF-8: byte 0xFC');
  });

  it('reads standard input for `-` and JSON files named explicitly', () => {
    const fromStdin = meshlensWithInput('apiVersion: v1\nkind: ConfigMap\nkind: Secret\n', 'check', clean, '-');
    expect(fromStdin.code).toBe(1);
    expect(fromStdin.out).toContain('-:3:1 error ML0003 ');
    // A NetworkPolicy as JSON: the unknown field is found at its exact line and column.
    const json = write('json/policy.json', '{\n  "apiVersion": "networking.k8s.io/v1",\n  "kind": "NetworkPolicy",\n  "metadata": {"name": "x"},\n  "spec": {"podSelector": {}, "polcyTypes": ["Ingress"]}\n}\n');
    const result = meshlens('check', json);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/^json\/policy\.json:5:31 error ML\d{4} .*polcyTypes/m);
  });

  it('walks folders for .yaml/.yml, skipping node_modules and dot-folders', () => {
    write('tree/a.yaml', 'a: 1\n');
    write('tree/sub/b.yml', 'b: 1\n');
    write('tree/notes.txt', 'not yaml\n');
    write('tree/node_modules/dep/c.yaml', 'kind: ConfigMap\nkind: Secret\n');
    write('tree/.git/d.yaml', 'kind: ConfigMap\nkind: Secret\n');
    const result = meshlens('check', '--format', 'json', 'tree');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out).files.map((f: { path: string }) => f.path)).toEqual(['tree/a.yaml', 'tree/sub/b.yml']);
  });
});
