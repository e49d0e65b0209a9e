// Tells the server which lines of each YAML document the editors show (`meshlens/visibleRanges`), so a
// large file's diagnostics start with what is on screen. Scrolling is coalesced (one notification per
// document per pause); a document no longer shown gets an empty list; a restarted server gets them again.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { visibleRangesMethod, type VisibleLineRange, type VisibleRangesParams } from '../../server/src/protocol/visibleRanges';

/** Scroll events come many per second: the lines shown after a pause this long are sent. */
const SETTLE_MS = 50;

export function registerVisibleRanges(context: vscode.ExtensionContext, client: LanguageClient): void {
  const sent = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const notify = (params: VisibleRangesParams) => void client.sendNotification(visibleRangesMethod, params).catch(() => undefined);
  const send = () => {
    timer = undefined;
    if (!client.isRunning()) return;
    const shown = new Map<string, VisibleLineRange[]>();
    for (const editor of vscode.window.visibleTextEditors) {
      const document = editor.document;
      if (document.languageId !== 'yaml' || (document.uri.scheme !== 'file' && document.uri.scheme !== 'untitled')) continue;
      const uri = document.uri.toString();
      const lines = shown.get(uri) ?? [];
      for (const range of editor.visibleRanges) lines.push({ start: range.start.line, end: range.end.line });
      shown.set(uri, lines);
    }
    for (const [uri, ranges] of shown) {
      const print = JSON.stringify(ranges);
      if (sent.get(uri) === print) continue;
      sent.set(uri, print);
      notify({ uri, ranges });
    }
    for (const uri of [...sent.keys()]) {
      if (shown.has(uri)) continue;
      sent.delete(uri);
      notify({ uri, ranges: [] });
    }
  };
  const later = () => {
    timer ??= setTimeout(send, SETTLE_MS);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeTextEditorVisibleRanges(later),
    vscode.window.onDidChangeVisibleTextEditors(later),
    client.onDidChangeState((event) => {
      if (event.newState !== State.Running) return;
      sent.clear();
      later();
    }),
    { dispose: () => timer !== undefined && clearTimeout(timer) },
  );
}
