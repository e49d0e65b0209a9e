// The traffic-graph webview panel: one per window, beside the editor. It asks the language server for
// the graph (focused on the active policy file or the whole workspace), refreshes it as the user types
// (debounced) and follows the active editor, reveals rules on request and saves exported pictures.
import * as vscode from 'vscode';
import type { ExplainFlowParams } from '../../../server/src/protocol/explainFlow';
import type { TrafficGraph, TrafficGraphParams } from '../../../server/src/protocol/trafficGraph';
import { readExplainFlowAnswer, readTrafficGraph } from '../../../server/src/protocol/readTrafficGraph';
import { makeNonce, webviewHtml } from './trafficGraphHtml';
import { readFromWebviewMessage, readGraphTruncation, type FlowQuery, type FromWebviewMessage, type GraphScope, type ImageFormat, type ToWebviewMessage } from '../../../server/src/protocol/webviewMessages';
import { readFromWebviewCompareMessage } from '../../../server/src/protocol/compareMessages';
import { CompareMode, type DiffRequest } from './compareMode';
import { clusterWorkspaceChanged } from '../clusterEvents';
import { FlowChangePreview, type FlowChangeRequest } from '../authoring/flowChangePreview';
import { readFromWebviewFlowChangeMessage } from '../../../server/src/protocol/flowChangeMessages';
import type { FlowIntent } from '../../../server/src/protocol/flowChange';

export const trafficGraphViewType = 'meshlens.trafficGraph';

/** Where the graph comes from: the `meshlens/trafficGraph` request in the extension, a stub in tests. */
export type FetchTrafficGraph = (params: TrafficGraphParams) => Promise<unknown>;

/** The panel's data: the graph, and `meshlens/explainFlow` for one flow (both answers are validated here). */
export interface GraphSource {
  readonly graph: FetchTrafficGraph;
  readonly explain: (params: ExplainFlowParams) => Promise<unknown>;
  /** `meshlens/connectivityDiff`, for compare mode (compareMode.ts). */
  readonly diff?: DiffRequest;
  /** `meshlens/flowChange`, for the Allow / Deny this flow preview (authoring/flowChangePreview.ts). */
  readonly flowChange?: FlowChangeRequest;
}

/** Edits are batched for this long before the graph is requested again (the issue asks ~300 ms). */
const refreshDelayMs = 300;

const isPolicyEditor = (editor: vscode.TextEditor | undefined): editor is vscode.TextEditor =>
  editor !== undefined && editor.document.languageId === 'yaml' && editor.document.uri.scheme !== 'output';

/** Rule files arrive as URIs (LSP) or paths (CLI); the panel compares them with `document.uri.toString()`. */
export function toUri(file: string): vscode.Uri {
  return /^[a-zA-Z][a-zA-Z0-9+.-]+:/.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

function withNormalisedFiles(graph: TrafficGraph): TrafficGraph {
  return { ...graph, edges: graph.edges.map((e) => ({ ...e, rules: e.rules.map((r) => ({ ...r, file: toUri(r.file).toString() })) })) };
}

export class TrafficGraphPanel {
  static current: TrafficGraphPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private focus: vscode.Uri | undefined;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private pendingImage: ((format: ImageFormat, data: string) => void) | undefined;
  private readonly compare: CompareMode;
  private readonly preview: FlowChangePreview;

  /** Opens the panel beside the active editor, or reveals the existing one. */
  static show(context: vscode.ExtensionContext, source: GraphSource): TrafficGraphPanel {
    const existing = TrafficGraphPanel.current;
    if (existing) {
      // Reveal where the user left it rather than moving it.
      existing.panel.reveal(existing.panel.viewColumn, true);
      existing.followEditor(vscode.window.activeTextEditor);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(trafficGraphViewType, 'Traffic graph', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, TrafficGraphPanel.webviewOptions(context));
    return new TrafficGraphPanel(panel, context, source, 'file');
  }

  /** Re-creates the panel VS Code restored after a reload; `state` is what the webview last saved. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, source: GraphSource, state: unknown): TrafficGraphPanel {
    panel.webview.options = TrafficGraphPanel.webviewOptions(context);
    const scope: GraphScope = typeof state === 'object' && state !== null && (state as { scope?: unknown }).scope === 'workspace' ? 'workspace' : 'file';
    return new TrafficGraphPanel(panel, context, source, scope);
  }

  private static webviewOptions(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    // Only the bundle may load; everything else (YAML text, graph) arrives as validated messages.
    return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')], retainContextWhenHidden: false };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    context: vscode.ExtensionContext,
    private readonly source: GraphSource,
    private scope: GraphScope,
  ) {
    TrafficGraphPanel.current = this;
    this.compare = new CompareMode((message) => void this.panel.webview.postMessage(message), source.diff);
    this.preview = new FlowChangePreview((message) => void this.panel.webview.postMessage(message), source.flowChange);
    this.focus = isPolicyEditor(vscode.window.activeTextEditor) ? vscode.window.activeTextEditor.document.uri : undefined;
    const webview = panel.webview;
    const dist = vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview');
    webview.html = webviewHtml({
      cspSource: webview.cspSource, nonce: makeNonce(), title: 'meshlens traffic graph',
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (e.document.languageId === 'yaml' && e.contentChanges.length > 0) { this.scheduleRefresh(); this.preview.documentChanged(); } }),
      vscode.workspace.onDidSaveTextDocument((d) => { if (d.languageId === 'yaml') this.scheduleRefresh(); }),
      // The server computes the graph under meshlens.* (data-plane mode, default namespace): redraw when they change.
      vscode.workspace.onDidChangeConfiguration((e) => { if (e.affectsConfiguration('meshlens')) this.scheduleRefresh(); }),
      clusterWorkspaceChanged.event(() => this.scheduleRefresh()),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.followEditor(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!isPolicyEditor(e.textEditor) || !panel.visible) return;
        this.post({ type: 'highlightRule', file: e.textEditor.document.uri.toString(), line: e.selections[0]?.active.line ?? 0 });
      }),
    );
  }

  /** Follows the active editor: a different policy file becomes the focus (file scope only matters for the request). */
  followEditor(editor: vscode.TextEditor | undefined): void {
    if (!isPolicyEditor(editor) || editor.document.uri.toString() === this.focus?.toString()) return;
    this.focus = editor.document.uri;
    if (this.scope === 'file') void this.refresh();
  }

  /** "Allow / Deny this flow": plans the change and previews it here (Apply / Cancel in the webview). */
  proposeFlowChange(flow: FlowQuery, intent: FlowIntent): Promise<void> {
    this.panel.reveal(this.panel.viewColumn, true);
    return this.preview.propose(flow, intent, this.focus?.toString());
  }

  /** Asks the panel's webview to render a picture and resolves with it (used by the export commands). */
  requestImage(format: ImageFormat): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.pendingImage = undefined; reject(new Error('the graph panel did not answer')); }, 15_000);
      this.pendingImage = (f, data) => { if (f === format) { clearTimeout(timer); this.pendingImage = undefined; resolve(data); } };
      this.post({ type: 'requestImage', format });
    });
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => { this.refreshTimer = undefined; void this.refresh(); }, refreshDelayMs);
  }

  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const focusUri = this.scope === 'file' ? this.focus?.toString() : undefined;
    let raw: unknown;
    try {
      raw = await this.source.graph(focusUri ? { focusUri } : {});
    } catch (error) {
      if (generation === this.generation) this.post({ type: 'status', level: 'error', message: `Could not get the traffic graph: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    // A newer request started while this one ran: its answer wins.
    if (generation !== this.generation) return;
    const read = readTrafficGraph(raw);
    if (!read.ok) {
      this.post({ type: 'status', level: 'error', message: `The language server sent an unreadable graph: ${read.error}` });
      return;
    }
    const label = focusUri ? vscode.workspace.asRelativePath(vscode.Uri.parse(focusUri)) : 'workspace';
    this.panel.title = `Traffic graph: ${label.split('/').pop() ?? label}`;
    const truncated = readGraphTruncation(raw);
    this.post({ type: 'graph', graph: withNormalisedFiles(read.graph), scope: this.scope, title: `Traffic graph — ${label}`, ...(focusUri ? { focusFile: focusUri } : {}), ...(truncated ? { truncated } : {}) });
    if (this.compare.active) void this.compare.refresh();
  }

  private post(message: ToWebviewMessage): void {
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const compare = readFromWebviewCompareMessage(raw);
    if (compare) {
      void this.compare.handle(compare);
      return;
    }
    const answer = readFromWebviewFlowChangeMessage(raw);
    if (answer) {
      void this.preview.handle(answer);
      return;
    }
    const message: FromWebviewMessage | undefined = readFromWebviewMessage(raw);
    if (!message) return; // Malformed input from the webview is dropped, never acted on.
    switch (message.type) {
      case 'ready':
        void this.refresh();
        this.preview.resend();
        break;
      case 'setScope':
        this.scope = message.scope;
        void this.refresh();
        break;
      case 'revealRule':
        void this.revealRule(message.file, message.range);
        break;
      case 'explain':
        void this.explain(message.requestId, message.flow);
        break;
      case 'changeFlow':
        void this.proposeFlowChange(message.flow, message.intent);
        break;
      case 'saveImage':
        if (this.pendingImage) this.pendingImage(message.format, message.data);
        else void saveImage(message.format, message.data);
        break;
    }
  }

  private async explain(requestId: number, flow: FlowQuery): Promise<void> {
    try {
      // The server explains on the open documents' unsaved text, under the editor's settings for the focused file.
      const answer = readExplainFlowAnswer(await this.source.explain({ ...flow, ...(this.focus ? { focusUri: this.focus.toString() } : {}) }));
      if ('error' in answer) throw new Error(answer.error);
      const { explanation: result, basis } = answer;
      this.post({
        type: 'explanation', requestId,
        result: { ...result, steps: result.steps.map((s) => ({ ...s, rules: s.rules.map((r) => ({ ...r, file: toUri(r.file).toString() })) })) },
        ...(basis.dataplaneMode !== 'auto' ? { note: `Istio data plane forced to ${basis.dataplaneMode} by meshlens.istio.dataplaneMode.` } : {}),
      });
    } catch (error) {
      this.post({ type: 'explanation', requestId, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private async revealRule(file: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    const uri = toUri(file);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    // Reuse the column the file is already open in, else the first one (the panel sits beside it).
    const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
    try {
      const editor = await vscode.window.showTextDocument(uri, { viewColumn: open?.viewColumn ?? vscode.ViewColumn.One, selection, preserveFocus: false });
      editor.revealRange(selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    } catch (error) {
      this.post({ type: 'status', level: 'error', message: `Cannot open ${file}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  dispose(): void {
    if (TrafficGraphPanel.current === this) TrafficGraphPanel.current = undefined;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

/** Asks where to save a picture the panel produced and writes it. */
export async function saveImage(format: ImageFormat, data: string): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const target = await vscode.window.showSaveDialog({
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `traffic-graph.${format}`) } : {}),
    filters: format === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
  });
  if (!target) return undefined;
  const bytes = format === 'svg' ? new TextEncoder().encode(data) : Buffer.from(data.slice(data.indexOf(',') + 1), 'base64');
  await vscode.workspace.fs.writeFile(target, bytes);
  void vscode.window.showInformationMessage(`Saved the traffic graph to ${vscode.workspace.asRelativePath(target)}`);
  return target;
}
