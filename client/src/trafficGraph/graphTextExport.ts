// DOT / Mermaid / JSON export of the traffic graph: the text `meshlens graph --format <f>` prints,
// produced by the bundled CLI (dist/cli.cjs) so the editor and the terminal never disagree.
import * as vscode from 'vscode';
import { runMeshlensCli } from './meshlensCli';

export type GraphTextFormat = 'dot' | 'mermaid' | 'json';

/** Format → language id of the untitled document the export opens in. */
export const graphTextFormats: Readonly<Record<GraphTextFormat, { label: string; language: string }>> = {
  dot: { label: 'Graphviz DOT', language: 'dot' },
  mermaid: { label: 'Mermaid', language: 'mermaid' },
  json: { label: 'JSON (graph contract v1)', language: 'json' },
};

export async function exportGraphText(context: vscode.ExtensionContext, format: GraphTextFormat): Promise<vscode.TextDocument | undefined> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const active = vscode.window.activeTextEditor?.document;
  const targets = folders.length > 0 ? folders : active?.uri.scheme === 'file' ? [active.uri.fsPath] : [];
  if (targets.length === 0) {
    void vscode.window.showWarningMessage('meshlens: open a folder or a policy file to export its traffic graph.');
    return undefined;
  }
  try {
    const text = await runMeshlensCli(context.asAbsolutePath('dist/cli.cjs'), ['graph', '--format', format, '--quiet', ...targets]);
    const document = await vscode.workspace.openTextDocument({ content: text, language: graphTextFormats[format].language });
    await vscode.window.showTextDocument(document, { preview: false });
    return document;
  } catch (error) {
    void vscode.window.showErrorMessage(`meshlens graph --format ${format} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
