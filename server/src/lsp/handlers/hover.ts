// textDocument/hover: the sections of features/hover.ts over the cached analysis of the document.
import type { Hover, HoverParams } from 'vscode-languageserver';
import { hoverAt } from '../../analysis/features/hover';
import type { ServerContext } from '../serverContext';
import { toHover } from '../toLsp';

export function registerHover(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.onHover(
    guard<HoverParams, Hover | null>(
      'hover',
      async (params) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        const { analysis } = await context.analysisOf(document);
        const result = hoverAt(document.getText(), document.offsetAt(params.position), context.schemaAt, analysis ? { analysis } : {});
        return result ? toHover(document, result) : null;
      },
      null,
    ),
  );
}
