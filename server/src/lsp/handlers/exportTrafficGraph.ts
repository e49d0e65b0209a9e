// `meshlens/exportTrafficGraph`: the graph `meshlens/trafficGraph` would answer for the same scope, rendered as
// DOT, Mermaid or JSON text by the renderer `meshlens graph` uses (analysis/graph/output/graphText.ts).
import { isGraphTextFormat, renderGraphText } from '../../analysis/graph/output/graphText';
import { exportTrafficGraphMethod, type ExportTrafficGraphResult } from '../../protocol/exportTrafficGraph';
import type { ServerContext } from '../serverContext';
import { trafficOfRequest } from './explainFlow';

/** The CLI's default edge bound, so an export equals `meshlens graph` on the same files. */
const MAX_EXPORT_EDGES = 50000;

export function registerExportTrafficGraph(context: ServerContext): void {
  context.connection.onRequest(
    exportTrafficGraphMethod,
    context.guard<unknown, ExportTrafficGraphResult>(
      'exportTrafficGraph',
      async (raw) => {
        const params = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
        const { format, folderUri } = params;
        if (!isGraphTextFormat(format)) return { error: 'format must be dot, mermaid or json' };
        if (folderUri !== undefined && typeof folderUri !== 'string') return { error: 'folderUri must be a URI' };
        const { session } = await trafficOfRequest(context, { folderUri });
        const { graph, truncated } = session.graph({ maxEdges: MAX_EXPORT_EDGES });
        return { format, text: renderGraphText(graph, format), truncated };
      },
      { error: 'the language server could not export the graph (details in the meshlens output channel)' },
    ),
  );
}
