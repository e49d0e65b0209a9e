// Authoring commands: "Allow this flow" / "Deny this flow" (from the graph panel's details, or the command
// palette), and the policy lens's "open the graph focused on this policy". The change is planned by the
// language server (meshlens/flowChange) and previewed in the graph panel (flowChangePreview.ts): the flow's verdict
// before → after, the files, the graph difference, and Apply / Cancel; the workspace edit is applied on Apply.
import * as vscode from 'vscode';
import type { FlowIntent } from '../../../server/src/protocol/flowChange';
import { TrafficGraphPanel } from '../trafficGraph/trafficGraphPanel';
import type { FlowQuery } from '../../../server/src/protocol/webviewMessages';

export const authoringCommands = {
  changeFlow: 'meshlens.changeFlow',
  allowFlow: 'meshlens.allowFlow',
  denyFlow: 'meshlens.denyFlow',
  showPolicyGraph: 'meshlens.showPolicyGraph',
} as const;

export function registerAuthoring(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(authoringCommands.changeFlow, (flow: FlowQuery, intent: FlowIntent) => changeFlow(flow, intent)),
    vscode.commands.registerCommand(authoringCommands.allowFlow, async () => {
      const flow = await askFlow('allow');
      return flow ? changeFlow(flow, 'allow') : undefined;
    }),
    vscode.commands.registerCommand(authoringCommands.denyFlow, async () => {
      const flow = await askFlow('deny');
      return flow ? changeFlow(flow, 'deny') : undefined;
    }),
    vscode.commands.registerCommand(authoringCommands.showPolicyGraph, async (uri?: string, line?: number) => {
      if (typeof uri === 'string') {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        const at = new vscode.Position(typeof line === 'number' ? line : 0, 0);
        await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
      }
      // The graph panel focuses on the active policy file.
      await vscode.commands.executeCommand('meshlens.showTrafficGraph');
    }),
  );
}

async function askFlow(intent: FlowIntent): Promise<FlowQuery | undefined> {
  const from = await vscode.window.showInputBox({ title: `${intent === 'allow' ? 'Allow' : 'Deny'} a flow: source`, prompt: 'namespace/workload, an entity, an IP/CIDR or fqdn:<name>' });
  if (!from) return undefined;
  const to = await vscode.window.showInputBox({ title: `${intent === 'allow' ? 'Allow' : 'Deny'} a flow: destination`, prompt: 'namespace/workload' });
  if (!to) return undefined;
  const port = await vscode.window.showInputBox({ title: 'Destination port (TCP)', validateInput: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 65535 ? undefined : 'a port from 1 to 65535') });
  return port ? { from, to, port: Number(port), protocol: 'TCP' } : undefined;
}

/**
 * Shows the planned change in the graph panel (opened if needed): the verdict before → after, the files and the
 * graph difference, with Apply / Cancel there. Nothing is changed until the user applies it.
 */
export async function changeFlow(flow: FlowQuery, intent: FlowIntent): Promise<void> {
  if (!TrafficGraphPanel.current) await vscode.commands.executeCommand('meshlens.showTrafficGraph');
  await TrafficGraphPanel.current?.proposeFlowChange(flow, intent);
}
