// Everything a handler needs, created once by startServer (the composition root) and passed in.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Guard } from './guarded';
import type { SettingsStore } from './settingsStore';
import type { AnalysisBudgets } from './worker/budgets';
import type { AnalysisWorkerClient } from './worker/analysisWorkerClient';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly settings: SettingsStore;
  /** The analysis worker: every analysis answer comes from it, within a budget. */
  readonly analysis: () => AnalysisWorkerClient;
  readonly budgets: AnalysisBudgets;
  readonly guard: Guard;
  /** Decided at initialize: the client pulls diagnostics (textDocument/diagnostic) rather than receiving them. */
  readonly pullDiagnostics: () => boolean;
  readonly log: (message: string) => void;
}
