// The extension's composition root: starts the language client and registers commands. Feature code
// lives in languageClient.ts and per-feature folders (trafficGraph/); this file only wires them.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient, restartLanguageClient, watchLanguageClient } from './languageClient';
import { registerTrafficGraph } from './trafficGraph/registerTrafficGraph';
import { registerClusterStatusBar } from './clusterStatusBar';
import { registerAuthoring } from './authoring/registerAuthoring';
import { registerVisibleRanges } from './visibleRanges';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createLanguageClient(context);
  const started = client;
  // A server that exits is restarted by the client; one that hangs (no answer to meshlens/ping) by the watchdog.
  const watchdog = watchLanguageClient(started);
  context.subscriptions.push(
    { dispose: () => watchdog.dispose() },
    vscode.commands.registerCommand('meshlens.restartServer', async () => {
      watchdog.reset();
      await restartLanguageClient(started);
    }),
  );
  registerTrafficGraph(context, started);
  registerClusterStatusBar(context, started);
  registerAuthoring(context);
  registerVisibleRanges(context, started);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
