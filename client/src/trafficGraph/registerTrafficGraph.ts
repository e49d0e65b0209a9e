// Registers the traffic-graph commands (show, export picture, export text) and the serializer that
// restores the panel after a window reload. extension.ts calls this once.
import * as vscode from 'vscode';
import { explainFlowMethod, type ExplainFlowParams } from '../../../server/src/protocol/explainFlow';
import { trafficGraphMethod, type TrafficGraphParams } from '../../../server/src/protocol/trafficGraph';
import { connectivityDiffMethod } from '../../../server/src/protocol/connectivityDiff';
import { flowChangeMethod } from '../../../server/src/protocol/flowChange';
import { containsPolicyKind } from '../../../server/src/protocol/policyKinds';
import { exportGraphText, graphTextFormats, type GraphTextFormat } from './graphTextExport';
import { saveImage, TrafficGraphPanel, trafficGraphViewType, type GraphSource } from './trafficGraphPanel';
import type { ImageFormat } from '../../../server/src/protocol/webviewMessages';

/** The language client's request function, as far as the graph features need it. */
export interface GraphRequester {
  sendRequest(method: string, params: unknown): Promise<unknown>;
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

export function registerTrafficGraph(context: vscode.ExtensionContext, client: GraphRequester): void {
  trackPolicyEditor(context);
  // Everything comes from the language server: the graph, Explain and the text export see unsaved edits and the
  // editor's settings, and speak only the shared protocol (server/src/protocol).
  const source: GraphSource = {
    graph: (params: TrafficGraphParams) => client.sendRequest(trafficGraphMethod, params),
    explain: (flow) => client.sendRequest(explainFlowMethod, flow satisfies ExplainFlowParams),
    diff: (params) => client.sendRequest(connectivityDiffMethod, params),
    flowChange: (params) => client.sendRequest(flowChangeMethod, params),
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
      return chosen ? exportGraphText(client, chosen) : undefined;
    }),
    vscode.window.registerWebviewPanelSerializer(trafficGraphViewType, {
      deserializeWebviewPanel: async (panel, state) => { TrafficGraphPanel.revive(panel, context, source, state); },
    }),
  );
}
