// The extension host's side of the "Allow / Deny this flow" preview in the graph panel: asks the language server to
// plan the change (meshlens/flowChange), shows the webview the verdict before → after, the files and the graph
// difference, and applies the workspace edit when the webview answers Apply. One proposal at a time; an edit of a
// YAML file in between makes the plan stale, so it is withdrawn rather than applied to text it was not made for.
import * as vscode from 'vscode';
import type { FlowChangeParams, FlowChangeResult, FlowIntent } from '../../../server/src/protocol/flowChange';
import type { FromWebviewFlowChangeMessage, ToWebviewFlowChangeMessage } from '../../../server/src/protocol/flowChangeMessages';
import type { FlowQuery } from '../../../server/src/protocol/webviewMessages';

export type FlowChangeRequest = (params: FlowChangeParams) => Promise<unknown>;
type PlannedChange = Exclude<FlowChangeResult, { readonly error: string }>;

export class FlowChangePreview {
  private proposalId = 0;
  private pending: { readonly id: number; readonly answer: PlannedChange; readonly message: ToWebviewFlowChangeMessage } | undefined;
  private applying = false;

  constructor(
    private readonly post: (message: ToWebviewFlowChangeMessage) => void,
    private readonly request: FlowChangeRequest | undefined,
  ) {}

  /** Plans the change of `flow` and shows it in the panel; nothing is changed until the webview says Apply. */
  async propose(flow: FlowQuery, intent: FlowIntent, focusUri?: string): Promise<void> {
    const id = ++this.proposalId;
    this.pending = undefined;
    if (flow.protocol === 'ICMP' || !this.request) {
      this.post({ type: 'flowChangeEnded', level: 'error', message: flow.protocol === 'ICMP' ? 'ICMP flows cannot be changed.' : 'Changing a flow is not available here.' });
      return;
    }
    let answer: FlowChangeResult;
    try {
      answer = (await this.request({ from: flow.from, to: flow.to, port: flow.port, protocol: flow.protocol, intent, ...(focusUri ? { focusUri } : {}) })) as FlowChangeResult;
    } catch (error) {
      answer = { error: error instanceof Error ? error.message : String(error) };
    }
    if (id !== this.proposalId) return; // A newer proposal started meanwhile.
    if (!answer || 'error' in answer) {
      this.post({ type: 'flowChangeEnded', level: 'error', message: `Could not plan the change: ${answer?.error ?? 'no answer'}` });
      return;
    }
    const files = [...new Set([...answer.edits.map((e) => e.uri), ...answer.newFiles.map((f) => f.uri)])];
    if (files.length === 0) {
      this.post({ type: 'flowChangeEnded', level: 'info', message: answer.notes.join(' ') || 'Nothing to change.' });
      return;
    }
    const message: ToWebviewFlowChangeMessage = {
      type: 'flowChangePreview', proposalId: id, title: answer.title, before: answer.before, after: answer.after,
      files: files.map((uri) => `${answer.newFiles.some((f) => f.uri === uri) ? 'new: ' : ''}${vscode.workspace.asRelativePath(vscode.Uri.parse(uri))}`),
      notes: [...answer.notes], flows: answer.graphChanges,
    };
    this.pending = { id, answer, message };
    this.post(message);
  }

  /** The panel's webview (re)loaded: show the pending proposal again. */
  resend(): void {
    if (this.pending) this.post(this.pending.message);
  }

  /** A YAML document changed: a pending plan no longer matches the text it was made for. */
  documentChanged(): void {
    if (!this.pending || this.applying) return;
    this.pending = undefined;
    this.post({ type: 'flowChangeEnded', level: 'info', message: 'The files changed since the preview: ask again to see the change on the new text.' });
  }

  async handle(message: FromWebviewFlowChangeMessage): Promise<void> {
    const pending = this.pending;
    if (!pending || pending.id !== message.proposalId) return;
    this.pending = undefined;
    if (message.type === 'cancelFlowChange') {
      this.post({ type: 'flowChangeEnded', level: 'info', message: 'Change cancelled.' });
      return;
    }
    this.applying = true;
    try {
      const applied = await applyFlowChange(pending.answer);
      this.post(applied
        ? { type: 'flowChangeEnded', level: 'info', message: `Applied: ${pending.answer.title}.` }
        : { type: 'flowChangeEnded', level: 'error', message: 'VS Code did not apply the change (a file changed or could not be created).' });
    } finally {
      this.applying = false;
    }
  }
}

/** The planned change as one workspace edit: new policy files created with their text, edits of existing files. */
export async function applyFlowChange(answer: PlannedChange): Promise<boolean> {
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
  // In the editors' column, without focus: the panel stays visible with the updated graph.
  if (applied && first) await vscode.window.showTextDocument(vscode.Uri.parse(first), { viewColumn: vscode.ViewColumn.One, preserveFocus: true, preview: false });
  return applied;
}

