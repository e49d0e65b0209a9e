// The cluster status-bar item: shows which kubeconfig context meshlens reads and how that went (the server's
// meshlens/clusterStatus notification), and picks the context (or off) on click, written to the
// meshlens.cluster.* settings the server follows.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { clusterStatusNotification, type ClusterStatusParams } from '../../server/src/protocol/clusterStatus';
import { clusterStatusView, kubeconfigContexts } from './clusterStatusView';
import { clusterWorkspaceChanged } from './clusterEvents';

const selectCommand = 'meshlens.selectClusterContext';

export function registerClusterStatusBar(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('meshlens.cluster', vscode.StatusBarAlignment.Left, 10);
  item.name = 'meshlens cluster';
  item.command = selectCommand;
  const show = (status: ClusterStatusParams): void => {
    const view = clusterStatusView(status);
    item.text = view.text;
    item.tooltip = view.tooltip;
    item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  let lastState: ClusterStatusParams['state'] | undefined;
  const enabled = vscode.workspace.getConfiguration('meshlens').get<boolean>('cluster.enabled', false);
  show(enabled ? { state: 'loading', objects: 0, problems: [] } : { state: 'off', objects: 0, problems: [] });
  context.subscriptions.push(
    item,
    client.onNotification(clusterStatusNotification, (status: ClusterStatusParams) => {
      show(status);
      // "off" while it was off changes nothing in the workspace (the server says so at start).
      if (status.state !== 'off' || (lastState !== undefined && lastState !== 'off')) clusterWorkspaceChanged.fire();
      lastState = status.state;
    }),
    vscode.commands.registerCommand(selectCommand, () => selectContext()),
  );
}

function kubeconfigTexts(configured: string): string[] {
  const paths = configured !== '' ? [configured] : (process.env.KUBECONFIG ?? '').split(delimiter).filter((p) => p !== '');
  if (paths.length === 0) paths.push(join(homedir(), '.kube', 'config'));
  return paths.flatMap((path) => {
    try {
      return [readFileSync(path, 'utf8')];
    } catch {
      return [];
    }
  });
}

async function selectContext(): Promise<void> {
  const settings = vscode.workspace.getConfiguration('meshlens');
  const { names, current } = kubeconfigContexts(kubeconfigTexts(settings.get<string>('cluster.kubeconfig', '')));
  const chosen = settings.get<boolean>('cluster.enabled', false) ? settings.get<string>('cluster.context', '') || current : undefined;
  const off = 'Off: analyse the workspace only';
  const picks: vscode.QuickPickItem[] = [
    ...names.map((name) => ({ label: name, description: [name === current ? 'current-context' : '', name === chosen ? 'reading now' : ''].filter(Boolean).join(', ') })),
    { label: off },
  ];
  const pick = await vscode.window.showQuickPick(picks, {
    title: 'meshlens: read which cluster? (read-only: list and watch; nothing leaves this machine)',
    placeHolder: names.length === 0 ? 'No kubeconfig context found ($KUBECONFIG, ~/.kube/config or meshlens.cluster.kubeconfig)' : 'A kubeconfig context',
  });
  if (!pick) return;
  const target = vscode.ConfigurationTarget.Global;
  if (pick.label === off) {
    await settings.update('cluster.enabled', false, target);
    return;
  }
  await settings.update('cluster.context', pick.label, target);
  await settings.update('cluster.enabled', true, target);
}
