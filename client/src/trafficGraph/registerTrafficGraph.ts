// Registers the traffic-graph commands (show, export picture, export text) and the serializer that
// restores the panel after a window reload. extension.ts calls this once.
import * as vscode from 'vscode';
import { trafficGraphMethod, type TrafficGraphParams } from '../../../server/src/protocol/trafficGraph';
import { exportGraphText, graphTextFormats, type GraphTextFormat } from './graphTextExport';
import { saveImage, TrafficGraphPanel, trafficGraphViewType, type FetchTrafficGraph } from './trafficGraphPanel';
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

export function registerTrafficGraph(context: vscode.ExtensionContext, client: GraphRequester): void {
  const fetchGraph: FetchTrafficGraph = (params) => client.sendRequest(trafficGraphMethod, params);
  context.subscriptions.push(
    vscode.commands.registerCommand(trafficGraphCommands.show, () => TrafficGraphPanel.show(context, fetchGraph)),
    vscode.commands.registerCommand(trafficGraphCommands.exportImage, async (format?: ImageFormat) => {
      const chosen = format ?? (await vscode.window.showQuickPick([{ label: 'SVG', format: 'svg' as const }, { label: 'PNG', format: 'png' as const }], { title: 'Export the traffic graph as' }))?.format;
      if (!chosen) return undefined;
      const panel = TrafficGraphPanel.current ?? TrafficGraphPanel.show(context, fetchGraph);
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
      deserializeWebviewPanel: async (panel, state) => { TrafficGraphPanel.revive(panel, context, fetchGraph, state); },
    }),
  );
}
