// Authoring commands: "Allow this flow" / "Deny this flow" (from the graph panel's details, or the command
// palette), and the policy lens's "open the graph focused on this policy". The change is planned by the
// language server (meshlens/flowChange); the user sees what it does to the flow (before → after, and what it
// could not change) and confirms before the workspace edit is applied.
import * as vscode from 'vscode';
import { flowChangeMethod, type FlowChangeParams, type FlowChangeResult, type FlowIntent } from '../../../server/src/protocol/flowChange';
import type { FlowQuery } from '../../../server/src/protocol/webviewMessages';

export const authoringCommands = {
  changeFlow: 'meshlens.changeFlow',
  allowFlow: 'meshlens.allowFlow',
  denyFlow: 'meshlens.denyFlow',
  showPolicyGraph: 'meshlens.showPolicyGraph',
} as const;

export interface FlowChangeRequester {
  sendRequest(method: string, params: unknown): Promise<unknown>;
}

export function registerAuthoring(context: vscode.ExtensionContext, client: FlowChangeRequester): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(authoringCommands.changeFlow, (flow: FlowQuery, intent: FlowIntent) => changeFlow(client, flow, intent)),
    vscode.commands.registerCommand(authoringCommands.allowFlow, async () => {
      const flow = await askFlow('allow');
      return flow ? changeFlow(client, flow, 'allow') : undefined;
    }),
    vscode.commands.registerCommand(authoringCommands.denyFlow, async () => {
      const flow = await askFlow('deny');
      return flow ? changeFlow(client, flow, 'deny') : undefined;
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

/** Plans the change on the server, shows its effect, and applies it as one workspace edit when confirmed. */
export async function changeFlow(client: FlowChangeRequester, flow: FlowQuery, intent: FlowIntent): Promise<boolean> {
  if (flow.protocol === 'ICMP') {
    void vscode.window.showWarningMessage('meshlens: ICMP flows cannot be changed.');
    return false;
  }
  const params: FlowChangeParams = { from: flow.from, to: flow.to, port: flow.port, protocol: flow.protocol, intent };
  const answer = (await client.sendRequest(flowChangeMethod, params)) as FlowChangeResult;
  if ('error' in answer) {
    void vscode.window.showErrorMessage(`meshlens: ${answer.error}`);
    return false;
  }
  const files = new Set([...answer.edits.map((e) => e.uri), ...answer.newFiles.map((f) => f.uri)]);
  if (files.size === 0) {
    void vscode.window.showInformationMessage(`meshlens: ${answer.notes.join(' ') || 'nothing to change.'}`);
    return false;
  }
  const detail = [
    `Verdict now: ${answer.before}; after the change: ${answer.after}.`,
    `Changes ${[...files].map((uri) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri))).join(', ')}.`,
    ...answer.notes,
  ].join('\n');
  const choice = await vscode.window.showInformationMessage(answer.title, { modal: true, detail }, 'Apply');
  if (choice !== 'Apply') return false;
  const edit = new vscode.WorkspaceEdit();
  for (const file of answer.newFiles) {
    const uri = vscode.Uri.parse(file.uri);
    edit.createFile(uri, { ignoreIfExists: false });
    edit.insert(uri, new vscode.Position(0, 0), file.text);
  }
  for (const change of answer.edits) {
    const range = new vscode.Range(change.range.start.line, change.range.start.character, change.range.end.line, change.range.end.character);
    edit.replace(vscode.Uri.parse(change.uri), range, change.newText);
  }
  const applied = await vscode.workspace.applyEdit(edit);
  const first = answer.newFiles[0]?.uri ?? answer.edits[0]?.uri;
  if (applied && first) await vscode.window.showTextDocument(vscode.Uri.parse(first));
  return applied;
}
