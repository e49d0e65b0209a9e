// Registers the traffic-graph commands (show, export picture, export text) and the serializer that
// restores the panel after a window reload. extension.ts calls this once.
import * as vscode from 'vscode';
import { trafficGraphMethod, type TrafficGraphParams } from '../../../server/src/protocol/trafficGraph';
import { containsPolicyKind } from '../../../server/src/protocol/policyKinds';
import { exportGraphText, graphTextFormats, type GraphTextFormat } from './graphTextExport';
import { runMeshlensCli } from './meshlensCli';
import { saveImage, TrafficGraphPanel, trafficGraphViewType, type FetchTrafficGraph, type GraphSource } from './trafficGraphPanel';
import type { ImageFormat } from './webviewMessages';

/** The language client's request function, as far as the panel needs it. */
export interface GraphRequester {
  sendRequest(method: string, params: TrafficGraphParams): Promise<unknown>;
}

export const trafficGraphCommands = {
  show: 'meshlens.showTrafficGraph',
  exportImage: 'meshlens.exportTrafficGraphImage',
  exportText: 'meshlens.exportTrafficGraph',
} as const;

/** Context key for package.json `when` clauses: the active editor holds a policy kind (the title-bar graph button). */
export const policyEditorContextKey = 'meshlens.policyEditor';

function trackPolicyEditor(context: vscode.ExtensionContext): void {
  const update = (): void => {
    const document = vscode.window.activeTextEditor?.document;
    void vscode.commands.executeCommand('setContext', policyEditorContextKey, document?.languageId === 'yaml' && containsPolicyKind(document.getText()));
  };
  update();
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(update),
    vscode.workspace.onDidChangeTextDocument((e) => { if (e.document === vscode.window.activeTextEditor?.document) update(); }),
  );
}

/** JSON-RPC "method not found": a language server without the graph request (older, or not built with it). */
const methodNotFound = -32601;

export function registerTrafficGraph(context: vscode.ExtensionContext, client: GraphRequester): void {
  trackPolicyEditor(context);
  const localFolders = (): string[] => (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const fetchGraph: FetchTrafficGraph = async (params) => {
    try {
      return await client.sendRequest(trafficGraphMethod, params);
    } catch (error) {
      if ((error as { code?: unknown } | undefined)?.code !== methodNotFound) throw error;
      // Fallback: the bundled CLI computes the same graph from the files on disk (so unsaved edits show on save).
      const folders = localFolders();
      const focus = params.focusUri ? vscode.Uri.parse(params.focusUri) : undefined;
      const targets = folders.length > 0 ? folders : focus?.scheme === 'file' ? [focus.fsPath] : [];
      if (targets.length === 0) throw error;
      const args = ['--quiet', ...(focus?.scheme === 'file' ? ['--focus', focus.fsPath] : []), ...targets];
      return JSON.parse(await runMeshlensCli(context.asAbsolutePath('dist/cli.cjs'), ['graph', '--format', 'json', ...args])) as unknown;
    }
  };
  const source: GraphSource = {
    graph: fetchGraph,
    // Same answer as `meshlens explain` in a terminal; it reads the saved files of the workspace folders.
    explain: async (flow) => {
      const folders = localFolders();
      if (folders.length === 0) throw new Error('explain needs a workspace folder on disk');
      const args = ['explain', '--format', 'json', '--from', flow.from, '--to', flow.to, '--port', String(flow.port), '--protocol', flow.protocol, ...folders];
      return JSON.parse(await runMeshlensCli(context.asAbsolutePath('dist/cli.cjs'), args, folders[0])) as unknown;
    },
  };
  context.subscriptions.push(
    vscode.commands.registerCommand(trafficGraphCommands.show, () => TrafficGraphPanel.show(context, source)),
    vscode.commands.registerCommand(trafficGraphCommands.exportImage, async (format?: ImageFormat) => {
      const chosen = format ?? (await vscode.window.showQuickPick([{ label: 'SVG', format: 'svg' as const }, { label: 'PNG', format: 'png' as const }], { title: 'Export the traffic graph as' }))?.format;
      if (!chosen) return undefined;
      const panel = TrafficGraphPanel.current ?? TrafficGraphPanel.show(context, source);
      try {
        return await saveImage(chosen, await panel.requestImage(chosen));
      } catch (error) {
        void vscode.window.showErrorMessage(`meshlens: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(trafficGraphCommands.exportText, async (format?: GraphTextFormat) => {
      const items = (Object.keys(graphTextFormats) as GraphTextFormat[]).map((f) => ({ label: graphTextFormats[f].label, format: f }));
      const chosen = format ?? (await vscode.window.showQuickPick(items, { title: 'Export the traffic graph as' }))?.format;
      return chosen ? exportGraphText(context, chosen) : undefined;
    }),
    vscode.window.registerWebviewPanelSerializer(trafficGraphViewType, {
      deserializeWebviewPanel: async (panel, state) => { TrafficGraphPanel.revive(panel, context, source, state); },
    }),
  );
}
