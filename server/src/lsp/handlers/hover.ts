// textDocument/hover: the sections of features/hover.ts over the cached analysis of the document.
import type { Hover, HoverParams } from 'vscode-languageserver';
import { hoverAt, hoverSections } from '../../analysis/features/hover';
import { ruleHoverSection, ruleHoverSectionFor } from '../../analysis/features/ruleHover';
import { enforcementWorkspaceFor } from '../enforcementWorkspace';
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
        // The rule section sees the open documents and the data-plane setting, like inlay hints and diagnostics.
        const workspace = await enforcementWorkspaceFor(context, document.uri);
        const sections = hoverSections.map((section) => (section === ruleHoverSection ? ruleHoverSectionFor(() => workspace) : section));
        const result = hoverAt(document.getText(), document.offsetAt(params.position), context.schemaAt, { ...(analysis ? { analysis } : {}), sections });
        return result ? toHover(document, result) : null;
      },
      null,
    ),
  );
}
