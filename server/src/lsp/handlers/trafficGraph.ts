// `meshlens/trafficGraph`: the allowed-traffic graph of the workspace (its YAML files on disk, with open
// documents' unsaved text taking precedence), optionally focused on the workloads one policy file selects.
// Answered by the analysis worker from the revision's traffic model (snapshot.trafficGraph); it may take as
// long as the hard budget, since an empty graph is a poor answer for a panel the user opened.
import { trafficGraphMethod, type TrafficGraph, type TrafficGraphParams } from '../../protocol/trafficGraph';
import type { ServerContext } from '../serverContext';

const emptyGraph: TrafficGraph = { version: 1, nodes: [], edges: [] };

export function registerTrafficGraph(context: ServerContext): void {
  context.connection.onRequest(
    trafficGraphMethod,
    context.guard<TrafficGraphParams | undefined, TrafficGraph>(
      'trafficGraph',
      async (params, token) => {
        await context.settings.current();
        return context.analysis().request({ kind: 'trafficGraph', params: params ?? {} }, { budgetMs: context.budgets.hardMs, empty: emptyGraph, token });
      },
      emptyGraph,
    ),
  );
}
