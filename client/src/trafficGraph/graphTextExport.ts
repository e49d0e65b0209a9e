// DOT / Mermaid / JSON export of the traffic graph: the language server renders it (`meshlens/exportTrafficGraph`)
// from the open documents' unsaved text and the editor's settings, with the renderer `meshlens graph` uses, so the
// editor and the terminal never disagree on the same files.
import * as vscode from 'vscode';
import { exportTrafficGraphMethod, type ExportTrafficGraphParams, type GraphTextFormat } from '../../../server/src/protocol/exportTrafficGraph';
import { readExportAnswer } from '../../../server/src/protocol/readTrafficGraph';

export type { GraphTextFormat };

/** Format → label and language id of the untitled document the export opens in. */
export const graphTextFormats: Readonly<Record<GraphTextFormat, { label: string; language: string }>> = {
  dot: { label: 'Graphviz DOT', language: 'dot' },
  mermaid: { label: 'Mermaid', language: 'mermaid' },
  json: { label: 'JSON (graph contract v1)', language: 'json' },
};

/** The language client's request function, as far as the export needs it. */
export interface ExportRequester {
  sendRequest(method: typeof exportTrafficGraphMethod, params: ExportTrafficGraphParams): Promise<unknown>;
}

export async function exportGraphText(client: ExportRequester, format: GraphTextFormat): Promise<vscode.TextDocument | undefined> {
  try {
    const answer = readExportAnswer(await client.sendRequest(exportTrafficGraphMethod, { format }), format);
    if ('error' in answer) throw new Error(answer.error);
    const document = await vscode.workspace.openTextDocument({ content: answer.text, language: graphTextFormats[format].language });
    await vscode.window.showTextDocument(document, { preview: false });
    if (answer.truncated) void vscode.window.showWarningMessage('meshlens: the exported graph was truncated (too many edges).');
    return document;
  } catch (error) {
    void vscode.window.showErrorMessage(`meshlens: exporting the traffic graph as ${graphTextFormats[format].label} failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
