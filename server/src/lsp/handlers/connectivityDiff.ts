// `meshlens/connectivityDiff`: the graph panel's compare mode. Validates the client's base files and asks the
// analysis worker, which diffs them against the current snapshot (BaseRevision keeps the base session warm).
import { connectivityDiffMethod, readConnectivityDiffParams, type ConnectivityDiffResult } from '../../protocol/connectivityDiff';
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import type { ServerContext } from '../serverContext';

export function registerConnectivityDiff(context: ServerContext): void {
  const empty: ConnectivityDiffResult = { baseLabel: '', diff: { version: 1, changes: [], stats: { pairsEvaluated: 0, exhaustive: false } } };
  context.connection.onRequest(
    connectivityDiffMethod,
    context.guard<unknown, ConnectivityDiffResult>(
      'connectivityDiff',
      async (raw, token) => {
        const params = readConnectivityDiffParams(raw);
        if (!params) throw new ResponseError(ErrorCodes.InvalidParams, 'meshlens/connectivityDiff: baseLabel and baseFiles ({uri, text?}[]) are required, within the size bounds');
        await context.settings.current();
        return context.analysis().request({ kind: 'connectivityDiff', params }, { budgetMs: context.budgets.hardMs, empty: { ...empty, baseLabel: params.baseLabel }, token });
      },
      empty,
    ),
  );
}
