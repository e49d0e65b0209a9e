// `meshlens/trafficGraph`: the allowed-traffic graph of a workspace folder (its YAML files on disk, with
// open documents' unsaved text taking precedence), optionally focused on the workloads one policy file
// selects. The per-server traffic session (context.traffic) keeps what an edit does not touch, so an edit
// recomputes one policy.
import { trafficGraphMethod, type TrafficGraph, type TrafficGraphParams } from '../../protocol/trafficGraph';
import type { TrafficModel } from '../../analysis/graph/trafficModel';
import { workloadsOfPolicyFile } from '../../analysis/graph/buildTrafficGraph';
import type { ServerContext } from '../serverContext';
import { workspaceFolderUris } from '../workspaceYamlFiles';

/** Bound on the answer, so a huge workspace degrades to a partial graph instead of a stalled client. */
const MAX_EDGES = 20000;

const emptyGraph: TrafficGraph = { version: 1, nodes: [], edges: [] };

export function registerTrafficGraph(context: ServerContext): void {
  context.connection.onRequest(
    trafficGraphMethod,
    context.guard<TrafficGraphParams | undefined, TrafficGraph>(
      'trafficGraph',
      async (params) => {
        const folders = params?.folderUri ? [params.folderUri] : await workspaceFolderUris(context);
        const files = await context.traffic.files.collect(context, folders, params?.focusUri);
        const { defaultNamespace, istio } = await context.settings.settingsFor(params?.focusUri ?? folders[0] ?? '');
        const session = context.traffic.sessionFor(defaultNamespace, istio.dataplaneMode);
        const { model } = session.update(files);
        const focus = params?.focusUri ? focusWorkloads(model, params.focusUri) : undefined;
        return session.graph({ focus, maxEdges: MAX_EDGES }).graph;
      },
      emptyGraph,
    ),
  );
}

function focusWorkloads(model: TrafficModel, uri: string): Set<string> {
  return workloadsOfPolicyFile(model, (file) => file === uri);
}
