// Authoring requests: code actions (quick fixes), document symbols (outline), go to definition, find references,
// code lenses, and `meshlens/flowChange` (allow/deny this flow), each answered by the analysis worker within a
// budget like hover; the capabilities they need are listed in `authoringCapabilities`.
import { CodeActionKind, type CodeAction, type CodeActionParams, type CodeLens, type CodeLensParams, type DefinitionParams, type DocumentSymbol, type DocumentSymbolParams, type Location, type ReferenceParams, type ServerCapabilities } from 'vscode-languageserver';
import { flowChangeMethod, type FlowChangeParams, type FlowChangeResult } from '../../protocol/flowChange';
import type { ServerContext } from '../serverContext';

export const authoringCapabilities: ServerCapabilities = {
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
  documentSymbolProvider: true,
  definitionProvider: true,
  referencesProvider: true,
  codeLensProvider: { resolveProvider: false },
};

const failed: FlowChangeResult = { error: 'the language server could not plan this change (details in the meshlens output channel)' };

export function registerAuthoring(context: ServerContext): void {
  const { connection, documents, guard } = context;
  const versionOf = (uri: string) => documents.get(uri)?.version;

  connection.onCodeAction(
    guard<CodeActionParams, CodeAction[]>('codeAction', async (params, token) => {
      const version = versionOf(params.textDocument.uri);
      if (version === undefined) return [];
      await context.settings.current();
      return context.analysis().request(
        { kind: 'codeActions', uri: params.textDocument.uri, range: params.range, diagnostics: params.context.diagnostics },
        { budgetMs: context.budgets.diagnosticsMs, version, empty: [], token },
      );
    }, []),
  );
  connection.onDocumentSymbol(
    guard<DocumentSymbolParams, DocumentSymbol[]>('documentSymbol', async (params, token) => {
      const version = versionOf(params.textDocument.uri);
      if (version === undefined) return [];
      await context.settings.current();
      return context.analysis().request({ kind: 'documentSymbols', uri: params.textDocument.uri }, { budgetMs: context.budgets.diagnosticsMs, version, empty: [], token });
    }, []),
  );
  connection.onDefinition(
    guard<DefinitionParams, Location[]>('definition', async (params, token) => {
      const version = versionOf(params.textDocument.uri);
      if (version === undefined) return [];
      await context.settings.current();
      return context.analysis().request({ kind: 'definition', uri: params.textDocument.uri, position: params.position }, { budgetMs: context.budgets.diagnosticsMs, version, empty: [], token });
    }, []),
  );
  connection.onReferences(
    guard<ReferenceParams, Location[]>('references', async (params, token) => {
      const version = versionOf(params.textDocument.uri);
      if (version === undefined) return [];
      await context.settings.current();
      return context.analysis().request({ kind: 'references', uri: params.textDocument.uri, position: params.position }, { budgetMs: context.budgets.diagnosticsMs, version, empty: [], token });
    }, []),
  );
  connection.onCodeLens(
    guard<CodeLensParams, CodeLens[]>('codeLens', async (params, token) => {
      const version = versionOf(params.textDocument.uri);
      if (version === undefined) return [];
      await context.settings.current();
      return context.analysis().request({ kind: 'codeLenses', uri: params.textDocument.uri }, { budgetMs: context.budgets.diagnosticsMs, version, empty: [], token });
    }, []),
  );
  connection.onRequest(
    flowChangeMethod,
    guard<unknown, FlowChangeResult>('flowChange', async (raw, token) => {
      const params = readFlowChangeParams(raw);
      if ('error' in params) return params;
      await context.settings.current();
      // The user asked for it: worth the hard budget, as explain is.
      return context.analysis().request({ kind: 'flowChange', params }, { budgetMs: context.budgets.hardMs, empty: failed, token });
    }, failed),
  );
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Params come from any LSP client: every field is checked, and a bad one is named in the answer. */
export function readFlowChangeParams(raw: unknown): FlowChangeParams | { error: string } {
  if (!isRecord(raw)) return { error: 'flowChange needs params { from, to, port, intent }' };
  const { from, to, port, protocol, intent, folderUri, focusUri } = raw;
  if (typeof from !== 'string' || from.trim() === '') return { error: 'from must be an endpoint: ns/workload, an entity, an IP/CIDR or fqdn:<name>' };
  if (typeof to !== 'string' || to.trim() === '') return { error: 'to must be an endpoint: ns/workload, an entity, an IP/CIDR or fqdn:<name>' };
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return { error: 'port must be an integer from 1 to 65535' };
  if (protocol !== undefined && protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return { error: 'protocol must be TCP, UDP or SCTP' };
  if (intent !== 'allow' && intent !== 'deny') return { error: 'intent must be allow or deny' };
  if ((folderUri !== undefined && typeof folderUri !== 'string') || (focusUri !== undefined && typeof focusUri !== 'string')) return { error: 'folderUri and focusUri must be URIs' };
  return { from, to, port, intent, ...(protocol ? { protocol } : {}), ...(folderUri ? { folderUri } : {}), ...(focusUri ? { focusUri } : {}) };
}
