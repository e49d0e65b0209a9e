// `meshlens/exportTrafficGraph`: the allowed-traffic graph as text (Graphviz DOT, Mermaid or the JSON graph
// contract), rendered by the server from the same session as `meshlens/trafficGraph`, so the export shows unsaved
// edits and the editor's settings, and equals `meshlens graph --format <f>` on the same files.
import type { GraphTextFormat } from '../analysis/graph/output/graphText';

export const exportTrafficGraphMethod = 'meshlens/exportTrafficGraph' as const;

export type { GraphTextFormat };

/** The whole graph of the scope (as `meshlens graph` without --focus). */
export interface ExportTrafficGraphParams {
  readonly format: GraphTextFormat;
  /** Workspace folder to read (file URI); absent = every workspace folder. */
  readonly folderUri?: string;
}

export type ExportTrafficGraphResult =
  | { readonly format: GraphTextFormat; readonly text: string; readonly truncated: boolean }
  | { readonly error: string };
