// `meshlens diff` as CI runs it: the bundled CLI in a child process, inside a real git repository made here with
// two commits, reading revisions through git (no checkout), the working tree, and two folders.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireResource } from '../support/requirement';

const repoRoot = resolve(__dirname, '../..');
const work = mkdtempSync(join(tmpdir(), 'meshlens-diff-'));
const repo = join(work, 'repo');
// A private bundle, so tests rebuilding dist/ at the same time cannot hand this one a half-written file.
const cli = join(work, 'bin', 'cli.cjs');
const hasGit = requireResource('the git binary', spawnSync('git', ['--version']).status === 0, 'install git (apt-get install git)');

const workloads = ['a', 'b', 'web']
  .map((name) => JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop' }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } }))
  .join('\n---\n');
const allowFrom = (peer: string, port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web-from-${peer}
  namespace: shop
spec:
  podSelector:
    matchLabels:
      app: web
  ingress:
  - from:
    - podSelector:
        matchLabels:
          app: ${peer}
    ports:
    - port: ${port}
`;

function git(...args: string[]): void {
  const result = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

function meshlens(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, 'diff', ...args], { cwd, encoding: 'utf8' });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(async () => {
  await esbuild.build({ entryPoints: { cli: join(repoRoot, 'server/src/cli/main.ts') }, bundle: true, platform: 'node', format: 'cjs', target: 'node22', outdir: join(work, 'bin'), outExtension: { '.js': '.cjs' }, external: ['vscode'], logLevel: 'warning' });
  if (!hasGit) return;
  mkdirSync(join(repo, 'policies'), { recursive: true });
  git('init', '-q');
  git('config', 'user.email', 'test@example.invalid');
  git('config', 'user.name', 'test');
  writeFileSync(join(repo, 'workloads.yaml'), workloads);
  writeFileSync(join(repo, 'policies', 'web.yaml'), allowFrom('a', 80));
  git('add', '.');
  git('commit', '-qm', 'first');
  // Second commit: a's port moves to 8080 and a new policy lets b in.
  writeFileSync(join(repo, 'policies', 'web.yaml'), allowFrom('a', 8080));
  writeFileSync(join(repo, 'policies', 'web-b.yaml'), allowFrom('b', 443));
  git('add', '.');
  git('commit', '-qm', 'second');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!hasGit)('meshlens diff in a git repository', () => {
  it('compares two revisions without checking them out (JSON)', () => {
    const { code, out, err } = meshlens(repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json');
    expect(err).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary).toMatchObject({ added: 1, removed: 0, changed: 1, opened: 2, closed: 1 });
    expect(report.groups).toHaveLength(1);
    expect(report.groups[0]).toMatchObject({ fromNamespace: 'shop', toNamespace: 'shop' });
    const changes = report.groups[0].changes;
    expect(changes.map((c: { kind: string; from: { id: string }; base: { ports: string }; head: { ports: string } }) => `${c.kind} ${c.from.id} ${c.base.ports} -> ${c.head.ports}`)).toEqual(['changed shop/a TCP 80 -> TCP 8080', 'added shop/b No Connections -> TCP 443']);
    // The rule that opened b's flow, in the file of the head revision.
    expect(changes[1].head.rules.map((r: { file: string; path: string; range: { start: { line: number } } }) => `${r.file}:${r.range.start.line + 1} ${r.path}`)).toEqual(['policies/web-b.yaml:11 spec.ingress[0]']);
  });

  it('compares a revision with the working tree, and fails on opened traffic when asked', () => {
    writeFileSync(join(repo, 'policies', 'web-b.yaml'), allowFrom('b', 444));
    try {
      const text = meshlens(repo, '--base', 'HEAD', '--fail-on', 'opened');
      expect(text.code).toBe(1);
      expect(text.out).toMatch(/changed shop\/b → shop\/web/);
      expect(text.out).toMatch(/base: TCP 443/);
      expect(text.out).toMatch(/head: TCP 444/);
      expect(meshlens(repo, '--base', 'HEAD', '--fail-on', 'any').code).toBe(1);
      // Unchanged revisions: nothing to report, nothing fails.
      const same = meshlens(repo, '--base', 'HEAD', '--head', 'HEAD', '--fail-on', 'any');
      expect(same.code).toBe(0);
      expect(same.out).toMatch(/0 added, 0 removed, 0 changed/);
    } finally {
      git('checkout', '-q', '--', 'policies/web-b.yaml');
    }
  });

  it('writes SARIF with a result at the rule that opened each flow, and a Markdown table', () => {
    const sarif = JSON.parse(meshlens(repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'sarif').out);
    const results = sarif.runs[0].results;
    expect(results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['meshlens/flow-opened', 'meshlens/flow-opened']);
    const locations = results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => `${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`);
    expect(locations.sort()).toEqual(['policies/web-b.yaml:11', 'policies/web.yaml:11']);
    const markdown = meshlens(repo, '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'markdown').out;
    expect(markdown).toMatch(/^### meshlens/);
    expect(markdown).toMatch(/\| ➕ added \| `shop\/b` \| `shop\/web` \| No Connections/);
  });

  it('compares two folders, and reports a revision git does not know as a usage failure', () => {
    const old = join(work, 'old');
    mkdirSync(old, { recursive: true });
    writeFileSync(join(old, 'all.yaml'), `${workloads}\n---\n${allowFrom('a', 80)}`);
    const result = meshlens(work, 'old', 'repo');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/1 added, 0 removed, 1 changed/);
    const bad = meshlens(repo, '--base', 'no-such-branch');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no-such-branch is not a commit/);
    expect(meshlens(repo, 'only-one-side').code).toBe(2);
  });
});
