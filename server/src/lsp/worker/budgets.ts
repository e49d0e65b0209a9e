// How long the main thread waits for the analysis worker. Past a request's budget it answers from what it
// has (the last result for the same document version, else the empty answer); past the hard budget on one
// file the worker is stopped and restarted without that file. Tests lower them through initializationOptions.

export interface AnalysisBudgets {
  /** textDocument/diagnostic and the trafficGraph request. */
  readonly diagnosticsMs: number;
  /** Hover, completion, inlay hints: the editor is waiting for these as the user types or points. */
  readonly requestMs: number;
  /** One file's analysis may take this long (in total while sliced, or one step) before it is stopped. */
  readonly hardMs: number;
  /** Edge bound of a `meshlens/trafficGraph` answer: past it the graph says `truncated` (shown of total). */
  readonly graphEdges: number;
}

/** A hover must feel immediate (under 200 ms); hints that arrive late are refreshed, hovers are asked again by the user. */
export const defaultBudgets: AnalysisBudgets = { diagnosticsMs: 2000, requestMs: 150, hardMs: 10_000, graphEdges: 20_000 };

/** `initializationOptions.analysisBudgets`: positive numbers override the defaults, anything else is ignored. */
export function budgetsFrom(initializationOptions: unknown): AnalysisBudgets {
  const raw = (initializationOptions as { analysisBudgets?: Record<string, unknown> } | null | undefined)?.analysisBudgets ?? {};
  const pick = (name: keyof AnalysisBudgets): number => {
    const value = raw[name];
    return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : defaultBudgets[name];
  };
  return { diagnosticsMs: pick('diagnosticsMs'), requestMs: pick('requestMs'), hardMs: pick('hardMs'), graphEdges: Math.floor(pick('graphEdges')) };
}
