// textDocument/hover: answered by the analysis worker (snapshot.hover), within the request budget.
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { ServerContext } from '../serverContext';

export function registerHover(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.onHover(
    guard<HoverParams, Hover | null>(
      'hover',
      async (params, token) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        await context.settings.current();
        return context.analysis().request(
          { kind: 'hover', uri: document.uri, position: params.position },
          { budgetMs: context.budgets.requestMs, version: document.version, empty: null, token },
        );
      },
      null,
    ),
  );
}
