// The messages between the language server's main thread and its analysis worker (node:worker_threads).
// The main thread forwards document changes in order and asks requests by id; the worker answers in LSP
// shapes (it owns the analysis host and converts offsets with toLsp.ts), and says which file it is working
// on, so the main thread can tell a stuck analysis and restart the worker without that file.
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentSymbol, Hover, InlayHint, Location, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { FlowChangeParams, FlowChangeResult } from '../../protocol/flowChange';
import type { MeshlensSettings } from '../../protocol/settings';
import type { TrafficGraph, TrafficGraphParams } from '../../protocol/trafficGraph';
import type { ExplainFlowParams, ExplainFlowResult } from '../../protocol/explainFlow';
import type { ExportTrafficGraphResult } from '../../protocol/exportTrafficGraph';
import type { GraphTextFormat } from '../../analysis/graph/output/graphText';
import type { ClusterReport } from '../../protocol/clusterStatus';
import type { ConnectivityDiffParams, ConnectivityDiffResult } from '../../protocol/connectivityDiff';

export interface WorkerOptions {
  /** URL of docs/diagnostics.md: each diagnostic links to its code's anchor there. */
  readonly docsBase: string;
}

export type WorkerRequest =
  | { readonly kind: 'diagnostics'; readonly uri: string }
  | { readonly kind: 'hover'; readonly uri: string; readonly position: Position }
  | { readonly kind: 'inlayHints'; readonly uri: string; readonly range: Range }
  | { readonly kind: 'completion'; readonly uri: string; readonly position: Position; readonly triggerCharacter?: string }
  | { readonly kind: 'trafficGraph'; readonly params: TrafficGraphParams }
  | { readonly kind: 'explainFlow'; readonly params: ExplainFlowParams }
  | { readonly kind: 'exportTrafficGraph'; readonly format: GraphTextFormat; readonly folderUri?: string }
  | { readonly kind: 'codeActions'; readonly uri: string; readonly range: Range; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'documentSymbols'; readonly uri: string }
  | { readonly kind: 'definition'; readonly uri: string; readonly position: Position }
  | { readonly kind: 'references'; readonly uri: string; readonly position: Position }
  | { readonly kind: 'codeLenses'; readonly uri: string }
  | { readonly kind: 'flowChange'; readonly params: FlowChangeParams }
  | { readonly kind: 'connectivityDiff'; readonly params: ConnectivityDiffParams };

export interface VersionedDiagnostics {
  readonly uri: string;
  readonly version: number;
  readonly items: Diagnostic[];
  /** Set by the main thread (diagnosticResults.ts): equal items of one uri share it, so a pull can answer "unchanged". */
  readonly resultId?: string;
}

export interface WorkerResults {
  diagnostics: VersionedDiagnostics | null;
  hover: Hover | null;
  inlayHints: InlayHint[];
  completion: CompletionItem[];
  trafficGraph: TrafficGraph;
  explainFlow: ExplainFlowResult;
  exportTrafficGraph: ExportTrafficGraphResult;
  codeActions: CodeAction[];
  documentSymbols: DocumentSymbol[];
  definition: Location[];
  references: Location[];
  codeLenses: CodeLens[];
  flowChange: FlowChangeResult;
  connectivityDiff: ConnectivityDiffResult;
}

export type ToWorker =
  /** The whole text of an open document (opened, or the worker started): the worker's copy starts over. */
  | { readonly type: 'sync'; readonly uri: string; readonly version: number; readonly text: string; readonly stoppedAfterMs?: number }
  /**
   * An edit as the editor sent it (LSP didChange ranges), applied to the worker's copy at `fromVersion`: a
   * keystroke in a large file crosses the thread boundary as a few characters, not the whole text.
   */
  | { readonly type: 'edit'; readonly uri: string; readonly fromVersion: number; readonly version: number; readonly changes: readonly TextDocumentContentChangeEvent[]; readonly stoppedAfterMs?: number }
  | { readonly type: 'close'; readonly uri: string }
  /** The lines the editor shows of a document (protocol/visibleRanges.ts): analysed first. */
  | { readonly type: 'viewport'; readonly uri: string; readonly lines: readonly { readonly start: number; readonly end: number }[] }
  | { readonly type: 'settings'; readonly settings: MeshlensSettings }
  | { readonly type: 'folders'; readonly folders: readonly string[] }
  | { readonly type: 'budget'; readonly hardMs: number; readonly graphEdges?: number }
  | { readonly type: 'request'; readonly id: number; readonly request: WorkerRequest }
  | { readonly type: 'cancel'; readonly id: number }
  /** The user cancelled the cluster load (its progress notification): stop reading the cluster. */
  | { readonly type: 'clusterCancel' };

export type FromWorker =
  | { readonly type: 'response'; readonly id: number; readonly result?: unknown; readonly error?: string; readonly cancelled?: boolean }
  /** A step on one file started (uri '' = the whole workspace, e.g. the traffic model). */
  | { readonly type: 'working'; readonly uri: string }
  /** The worker has started (schemas compiled) and handles messages from now on. */
  | { readonly type: 'ready' }
  /** Between slices of a long analysis: the worker is alive and answering. */
  | { readonly type: 'alive' }
  | { readonly type: 'idle' }
  /** Diagnostics of an open document changed without it being asked (another file changed, a background pass). */
  | ({ readonly type: 'diagnostics' } & VersionedDiagnostics)
  /** The worker stopped analysing this version of the file: its sliced analysis ran past the hard budget. */
  | { readonly type: 'stopped'; readonly uri: string; readonly version: number }
  | { readonly type: 'log'; readonly message: string }
  /** An edit did not apply to the worker's copy (it had another version): the main thread sends the whole text. */
  | { readonly type: 'resync'; readonly uri: string }
  /** The live cluster's load progress or status (lsp/worker/clusterFeed.ts). */
  | { readonly type: 'cluster'; readonly report: ClusterReport };
