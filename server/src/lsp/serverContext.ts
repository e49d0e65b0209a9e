// What every handler receives from startServer: the connection, the open documents and the per-server
// state (analysis cache, settings), all created once in the composition root and passed in, never global.
import type { Connection, TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SchemaLookup } from '../analysis/features/fieldSchema';
import type { AnalysisCache, CachedAnalysis } from './analysisCache';
import type { EnforcementFindingsCache } from './enforcementFindingsCache';
import type { Guard } from './guarded';
import type { SettingsStore } from './settingsStore';
import type { TrafficWorkspace } from './trafficWorkspace';

export interface ServerContext {
  readonly connection: Connection;
  readonly documents: TextDocuments<TextDocument>;
  readonly cache: AnalysisCache;
  readonly settings: SettingsStore;
  /** ML4xxx findings per open file, incremental with a background settle (see enforcementFindingsCache.ts). */
  readonly enforcement: EnforcementFindingsCache;
  /** The traffic session shared by the graph request and the ML5xxx diagnostics, with their findings. */
  readonly traffic: TrafficWorkspace;
  readonly guard: Guard;
  readonly schemaAt: SchemaLookup;
  /** URL of docs/diagnostics.md; diagnostics link to `#<code>` anchors in it. */
  readonly docsBase: string;
  /** Decided at initialize: the client pulls diagnostics (textDocument/diagnostic) rather than receiving them. */
  readonly pullDiagnostics: () => boolean;
  /** The analysis of an open document at its current version, under its uri's settings. */
  readonly analysisOf: (document: TextDocument) => Promise<CachedAnalysis>;
  readonly log: (message: string) => void;
}
