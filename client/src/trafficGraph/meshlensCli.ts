// Runs the bundled meshlens CLI (dist/cli.cjs) with the extension host's Node, for the outputs the
// language server does not serve: DOT/Mermaid export, `explain`, and the graph when the server lacks it.
import { execFile } from 'node:child_process';

/** Resolves with stdout for exit 0 or 1 (1 = "denied" / "findings" for meshlens commands); rejects otherwise. */
export function runMeshlensCli(cliPath: string, args: readonly string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliPath, ...args], {
      // Inside Electron-based hosts the executable is Electron; this makes it behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000, ...(cwd ? { cwd } : {}),
    }, (error, stdout, stderr) => {
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? -1 : 0;
      if ((code === 0 || code === 1) && stdout.trim()) resolve(stdout);
      else reject(new Error(stderr.trim() || (error ? error.message : 'no output')));
    });
  });
}
