// DOT / Mermaid / JSON export of the traffic graph: the text `meshlens graph --format <f>` prints,
// produced by the bundled CLI (dist/cli.cjs) so the editor and the terminal never disagree.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

export type GraphTextFormat = 'dot' | 'mermaid' | 'json';

/** Format → language id of the untitled document the export opens in. */
export const graphTextFormats: Readonly<Record<GraphTextFormat, { label: string; language: string }>> = {
  dot: { label: 'Graphviz DOT', language: 'dot' },
  mermaid: { label: 'Mermaid', language: 'mermaid' },
  json: { label: 'JSON (graph contract v1)', language: 'json' },
};

/** Runs `meshlens graph --format <format> <targets…>` with the extension host's Node. */
export function runGraphCli(cliPath: string, format: GraphTextFormat, targets: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cliPath, 'graph', '--format', format, ...targets], {
      // Inside Electron-based hosts the executable is Electron; this makes it behave as plain Node.
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: 60_000,
    }, (error, stdout, stderr) => {
      // Exit 1 means "findings reported" for meshlens commands; the graph on stdout is still complete.
      const code = error && typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : error ? -1 : 0;
      if ((code === 0 || code === 1) && stdout.trim()) resolve(stdout);
      else reject(new Error(stderr.trim() || (error ? error.message : 'no output')));
    });
  });
}

export async function exportGraphText(context: vscode.ExtensionContext, format: GraphTextFormat): Promise<vscode.TextDocument | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const active = vscode.window.activeTextEditor?.document;
  const targets = folders.length > 0 ? folders : active?.uri.scheme === 'file' ? [active.uri.fsPath] : [];
  if (targets.length === 0) {
    void vscode.window.showWarningMessage('meshlens: open a folder or a policy file to export its traffic graph.');
    return undefined;
  }
  try {
    const text = await runGraphCli(context.asAbsolutePath('dist/cli.cjs'), format, targets);
    const document = await vscode.workspace.openTextDocument({ content: text, language: graphTextFormats[format].language });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  } catch (error) {
    void vscode.window.showErrorMessage(`meshlens graph --format ${format} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
