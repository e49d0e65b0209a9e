// `meshlens/exportTrafficGraph`: the graph `meshlens/trafficGraph` would answer for the same scope, rendered as
// DOT, Mermaid or JSON text by the renderer `meshlens graph` uses (analysis/graph/output/graphText.ts), in the
// analysis worker.
import { isGraphTextFormat } from '../../analysis/graph/output/graphText';
import { exportTrafficGraphMethod, type ExportTrafficGraphResult } from '../../protocol/exportTrafficGraph';
import type { ServerContext } from '../serverContext';

const failed: ExportTrafficGraphResult = { error: 'the language server could not export the graph (details in the meshlens output channel)' };

export function registerExportTrafficGraph(context: ServerContext): void {
  context.connection.onRequest(
    exportTrafficGraphMethod,
    context.guard<unknown, ExportTrafficGraphResult>(
      'exportTrafficGraph',
      async (raw, token) => {
        const params = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
        const { format, folderUri } = params;
        if (!isGraphTextFormat(format)) return { error: 'format must be dot, mermaid or json' };
        if (folderUri !== undefined && typeof folderUri !== 'string') return { error: 'folderUri must be a URI' };
        await context.settings.current();
        return context.analysis().request({ kind: 'exportTrafficGraph', format, ...(folderUri ? { folderUri } : {}) }, { budgetMs: context.budgets.hardMs, empty: failed, token });
      },
      failed,
    ),
  );
}
