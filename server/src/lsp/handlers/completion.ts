// textDocument/completion: schema keys and values at the cursor (features/completion.ts).
import type { CompletionItem, CompletionParams } from 'vscode-languageserver';
import { completionAt } from '../../analysis/features/completion';
import type { ServerContext } from '../serverContext';
import { toCompletionItem } from '../toLsp';

export function registerCompletion(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.onCompletion(
    guard<CompletionParams, CompletionItem[]>(
      'completion',
      async (params) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return [];
        const { maxFileSizeMB } = await context.settings.settingsFor(document.uri);
        // Files above the limit are not analysed, so they get no completion either.
        if (document.getText().length > maxFileSizeMB * 1024 * 1024) return [];
        const offset = document.offsetAt(params.position);
        // A space typed in indentation is not a request for keys; a space after `key:` or `- ` is.
        const lineBefore = document.getText({ start: { line: params.position.line, character: 0 }, end: params.position });
        if (params.context?.triggerCharacter === ' ' && lineBefore.trim() === '') return [];
        return completionAt(document.getText(), offset, context.schemaAt).map((s) => toCompletionItem(document, s));
      },
      [],
    ),
  );
}
