// `meshlens explain-rules` in-process: the rule table of a file, the workspace-wide mode decision
// (a Namespace in one file makes a policy in another ambient), the override flag, and usage errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';

const folder = mkdtempSync(path.join(tmpdir(), 'meshlens-explain-'));
const policy = path.join(folder, 'ap.yaml');
const namespace = path.join(folder, 'ns.yaml');
writeFileSync(policy, 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: web\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n');
writeFileSync(namespace, 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio.io/dataplane-mode: ambient\n');

describe('meshlens explain-rules', () => {
  it('is listed in the command table', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/explain-rules\s+print a table of rule → layer → enforcer/);
  });

  it('prints both outcomes when only the policy is given', async () => {
    const io = memoryIo();
    expect(await runCli(['explain-rules', policy], io)).toBe(0);
    expect(io.out).toContain('AuthorizationPolicy foo/ap');
    expect(io.out).toMatch(/11:5\s+spec\.rules\[0\]\s+L7 · sidecar \| L7 · needs a waypoint — dropped by ztunnel — mode\?\s+ALLOW anyone → workloads app=web in foo: methods GET/);
    expect(io.out).toMatch(/⚠ 13:9 ML4001 information: If these workloads run in ambient mode/);
  });

  it('uses the Namespace of another file to decide ambient', async () => {
    const io = memoryIo();
    expect(await runCli(['explain-rules', folder], io)).toBe(0);
    expect(io.out).toMatch(/spec\.rules\[0\]\s+L7 · needs a waypoint — dropped by ztunnel\s+ALLOW/);
    expect(io.out).toContain('ML4001 warning');
  });

  it('--dataplane-mode sidecar overrides the labels; --notes adds the why', async () => {
    const io = memoryIo();
    expect(await runCli(['explain-rules', '--dataplane-mode', 'sidecar', '--notes', folder], io)).toBe(0);
    expect(io.out).toMatch(/spec\.rules\[0\]\s+L7 · sidecar\s+ALLOW/);
    expect(io.out).toContain("L7, enforced by the destination pod's Envoy sidecar");
    expect(io.out).not.toContain('ML4001');
  });

  it('rejects a bad mode and missing files with exit 2', async () => {
    const bad = memoryIo();
    expect(await runCli(['explain-rules', '--dataplane-mode', 'mesh', policy], bad)).toBe(2);
    expect(bad.err).toContain('--dataplane-mode must be auto, sidecar or ambient');
    const none = memoryIo();
    expect(await runCli(['explain-rules'], none)).toBe(2);
  });
});
