// `meshlens check` in-process: exit codes, the three formats' shapes and positions, -o and usage errors.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../server/src/cli/cliIo';
import { runCli } from '../../../server/src/cli/main';

const root = mkdtempSync(join(tmpdir(), 'meshlens-check-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const clean = join(root, 'clean.yaml');
writeFileSync(clean, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n');
// Document 1 repeats `kind` on line 7 of the file (a duplicate key, ML0003).
const broken = join(root, 'broken.yaml');
writeFileSync(broken, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nkind: Secret\n');

async function run(...args: string[]) {
  const io = memoryIo();
  const code = await runCli(args, io);
  return { code, ...io };
}

describe('meshlens check', () => {
  it('exits 0 with only a summary line when there is nothing to report', async () => {
    const result = await run('check', clean);
    expect(result.code).toBe(0);
    expect(result.out).toBe('meshlens: 1 file (1 document) checked: 0 errors, 0 warnings.\n');
  });

  it('exits 1 and prints path:line:col severity code message for errors', async () => {
    const result = await run('check', broken);
    expect(result.code).toBe(1);
    const [first] = result.out.split('\n');
    expect(first).toMatch(new RegExp(`^${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:7:1 error ML0003 Duplicate key: `));
  });

  it('writes the JSON report with 0-based LSP positions and document summaries', async () => {
    const result = await run('check', '--format', 'json', clean, broken);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.out);
    expect(report.version).toBe(1);
    expect(report.files.map((f: { path: string }) => f.path)).toEqual([clean, broken]);
    expect(report.files[0].documents).toEqual([{ index: 0, apiVersion: 'v1', kind: 'ConfigMap', name: 'settings' }]);
    const [diagnostic] = report.files[1].diagnostics;
    expect(diagnostic).toMatchObject({ code: 'ML0003', severity: 'error', documentIndex: 1 });
    expect(diagnostic.range.start.line).toBe(6);
  });

  it('writes SARIF 2.1.0 with registry rules and 1-based regions', async () => {
    const result = await run('check', '-f', 'sarif', broken);
    const log = JSON.parse(result.out);
    expect(log.version).toBe('2.1.0');
    const run0 = log.runs[0];
    const rule = run0.tool.driver.rules.find((r: { id: string }) => r.id === 'ML0001');
    expect(rule.fullDescription.text.length).toBeGreaterThan(20);
    expect(rule.helpUri).toMatch(/diagnostics\.md#ml0001$/);
    expect(run0.results[0]).toMatchObject({ ruleId: 'ML0003', level: 'error' });
    expect(run0.results[0].locations[0].physicalLocation.region.startLine).toBe(7);
    expect(run0.tool.driver.rules[run0.results[0].ruleIndex].id).toBe('ML0003');
    expect(run0.results[0].locations[0].physicalLocation.region.startColumn).toBe(1);
  });

  it('skips files above --max-file-size with an ML0006 warning, and exits 3: a CI gate must not pass an unchecked file', async () => {
    const result = await run('check', '--max-file-size', '0.00005', clean);
    expect(result.code).toBe(3);
    expect(result.out).toBe(`${clean}:1:1 warning ML0006 File is 58 bytes, above the 52 bytes limit; it was not analysed.\nmeshlens: 1 file (0 documents) checked: 0 errors, 1 warning.\n`);
    expect((await run('check', '--max-file-size', 'lots', clean)).code).toBe(2);
  });

  it('checks all files as one workspace: a Namespace in one file makes a policy in another ambient', async () => {
    const namespace = join(root, 'ns.yaml');
    writeFileSync(namespace, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio.io/dataplane-mode: ambient\n');
    const policy = join(root, 'ap.yaml');
    writeFileSync(
      policy,
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: cart\n  action: ALLOW\n  rules:\n    - to:\n        - operation:\n            methods: [GET]\n',
    );
    const together = JSON.parse((await run('check', '-f', 'json', namespace, policy)).out);
    const [, apFile] = together.files;
    expect(apFile.diagnostics.map((d: { code: string }) => d.code)).toContain('ML4001');
    const [rule] = apFile.documents[0].rules;
    // The methods rule keeps its layer; ztunnel drops it, only a waypoint would enforce it (issue 11 item 4).
    expect(rule).toMatchObject({ path: 'spec.rules[0]', layer: 'L7', enforcer: 'istio-ztunnel', mode: 'ambient', label: 'L7 · needs a waypoint — dropped by ztunnel', needsWaypoint: true });
    expect(rule.range.start.line).toBe(11);
    // Alone, the policy's namespace mode is unknown; forcing sidecar mode makes the rule an L7 sidecar rule.
    const sidecar = JSON.parse((await run('check', '-f', 'json', '--dataplane-mode', 'sidecar', policy)).out);
    expect(sidecar.files[0].documents[0].rules[0]).toMatchObject({ layer: 'L7', enforcer: 'istio-sidecar', mode: 'sidecar' });
    expect(sidecar.files[0].diagnostics.map((d: { code: string }) => d.code)).not.toContain('ML4001');
    expect((await run('check', '--dataplane-mode', 'both', policy)).code).toBe(2);
  });

  it('reports the traffic graph findings of the workspace (a selector that matches no workload: ML5001)', async () => {
    const workload = join(root, 'web.yaml');
    writeFileSync(workload, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers: [{name: web, image: web}]\n');
    const policy = join(root, 'np.yaml');
    writeFileSync(policy, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: db}\n  policyTypes: [Ingress]\n');
    const report = JSON.parse((await run('check', '-f', 'json', workload, policy)).out);
    const [found] = report.files[1].diagnostics.filter((d: { code: string }) => d.code === 'ML5001');
    expect(found).toMatchObject({ severity: 'warning', documentIndex: 0 });
    expect(found.range.start.line).toBe(6); // the `podSelector:` line
    // Matching labels: nothing to report.
    writeFileSync(policy, 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: {app: web}\n  policyTypes: [Ingress]\n');
    const clean = JSON.parse((await run('check', '-f', 'json', workload, policy)).out);
    expect(clean.files[1].diagnostics).toEqual([]);
  });

  it('writes to -o through the io object instead of stdout', async () => {
    const out = join(root, 'report.json');
    const result = await run('check', '--format', 'json', '-o', out, clean);
    expect(result.out).toBe('');
    expect(JSON.parse(result.files.get(out)!).files).toHaveLength(1);
  });

  it('exits 2 with a message on usage errors and unreadable paths', async () => {
    expect((await run('check')).code).toBe(2);
    const badFormat = await run('check', '--format', 'xml', clean);
    expect([badFormat.code, badFormat.err]).toEqual([2, 'meshlens check: unknown format "xml"; use text, json or sarif.\n']);
    const missing = await run('check', join(root, 'nope.yaml'), clean);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`cannot read ${join(root, 'nope.yaml')}: no such file or directory`);
    expect((await run('frobnicate')).code).toBe(2);
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('check');
  });
});
