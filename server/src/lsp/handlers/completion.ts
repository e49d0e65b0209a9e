// textDocument/completion: schema keys and values at the cursor, answered by the analysis worker
// (snapshot.completion never waits for an analysis), within the request budget.
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import type { ServerContext } from '../serverContext';

export function registerCompletion(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.onCompletion(
    guard<CompletionParams, CompletionItem[]>(
      'completion',
      async (params, token) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        await context.settings.current();
        const triggerCharacter = params.context?.triggerCharacter;
        return context.analysis().request(
          { kind: 'completion', uri: document.uri, position: params.position, ...(triggerCharacter ? { triggerCharacter } : {}) },
          { budgetMs: context.budgets.requestMs, version: document.version, empty: [], token },
        );
      },
      [],
    ),
  );
}
