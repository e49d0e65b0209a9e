// What the live cluster changed, for the parts of the extension that show the workspace: the status-bar item fires
// it on every meshlens/clusterStatus notification (a load ended, a watch event arrived, the context changed), and
// the graph panel redraws, since the server's workspace now holds other objects.
import * as vscode from 'vscode';

export const clusterWorkspaceChanged = new vscode.EventEmitter<void>();
