// textDocument/inlayHint: `L7 · Envoy (node)` at the end of each rule's first line (features/inlayHints.ts),
// off when meshlens.annotations.enabled is false. The enforcement workspace comes from the open documents.
import type { InlayHint, InlayHintParams } from 'vscode-languageserver';
import { enforcementInlayHints } from '../../analysis/features/inlayHints';
import { enforcementWorkspaceFor } from '../enforcementWorkspace';
import type { ServerContext } from '../serverContext';

export function registerInlayHints(context: ServerContext): void {
  const { connection, documents, guard } = context;
  connection.languages.inlayHint.on(
    guard<InlayHintParams, InlayHint[] | null>(
      'inlayHint',
      async (params) => {
        const document = documents.get(params.textDocument.uri);
        if (!document) return null;
        const settings = await context.settings.settingsFor(document.uri);
        if (!settings.annotations.enabled) return [];
        const { analysis } = await context.analysisOf(document);
        if (!analysis) return [];
        const workspace = await enforcementWorkspaceFor(context, document.uri);
        const range = { start: document.offsetAt(params.range.start), end: document.offsetAt(params.range.end) };
        return enforcementInlayHints(analysis, workspace, range).map((hint) => ({
          position: document.positionAt(hint.offset),
          label: hint.label,
          paddingLeft: true,
          tooltip: hint.tooltip,
        }));
      },
      null,
    ),
  );
}
