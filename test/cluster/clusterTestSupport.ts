// Shared set-up of the cluster tests: one certificate per file, a fake API server per test, kubeconfig files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireResource } from '../support/requirement';
import { kubeconfigText, opensslPresent } from './fakeApiServer';

export const clusterToken = 'sha256~S3cr3tT0kenThatMustNeverLeak-0123456789';

/** Whether the tests can make certificates; under CI=true a missing openssl fails the file. */
export function opensslAvailable(): boolean {
  return requireResource('openssl', opensslPresent(), 'install the openssl command (Debian: apt-get install openssl) to make the test certificate');
}

export function writeKubeconfig(server: string, caPem: string, user: Record<string, unknown> = { token: clusterToken }, context = 'fake'): string {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-kubeconfig-'));
  const path = join(dir, 'config');
  writeFileSync(path, kubeconfigText(server, caPem, user, context));
  return path;
}

/** An exec credential plugin (client.authentication.k8s.io/v1) that prints the token, as e.g. `aws eks get-token` does. */
export function writeExecPlugin(token: string): { command: string; args: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-exec-'));
  const script = join(dir, 'credential.cjs');
  writeFileSync(script, `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: ${JSON.stringify(token)} } }));\n`);
  return { command: process.execPath, args: [script] };
}

/**
 * Polls until `check` holds (a robust wait: the assertion is on the state, never on the time it took). A bounded
 * number of tries `intervalMs` apart, so the tests read no clock.
 */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, limitMs = 20_000, intervalMs = 20): Promise<T> {
  for (let tries = Math.ceil(limitMs / intervalMs); ; tries--) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (tries <= 0) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
