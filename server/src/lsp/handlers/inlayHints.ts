// textDocument/inlayHint: `L7 · Envoy (node)` at the end of each rule's first line (snapshot.inlayHints, off
// when meshlens.annotations.enabled is false), answered by the analysis worker within the request budget.
import type { InlayHint, InlayHintParams } from 'vscode-languageserver';
import type { ServerContext } from '../serverContext';

export function registerInlayHints(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.languages.inlayHint.on(
    guard<InlayHintParams, InlayHint[] | null>(
      'inlayHint',
      async (params, token) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        await context.settings.current();
        return context.analysis().request(
          { kind: 'inlayHints', uri: document.uri, range: params.range },
          { budgetMs: context.budgets.requestMs, version: document.version, empty: [], token },
        );
      },
      null,
    ),
  );
}
