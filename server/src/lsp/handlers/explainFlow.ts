// `meshlens/explainFlow`: one flow explained rule by rule, the answer `meshlens explain --format json` prints,
// computed by the analysis worker on the current revision (open documents' unsaved text over the workspace files
// on disk) under the editor's settings (meshlens.defaultNamespace, meshlens.istio.dataplaneMode). The params are
// checked here, on the main thread, so a bad request is named in the answer without reaching the worker.
import { explainFlowMethod, explainProtocols, type ExplainFlowParams, type ExplainFlowResult, type ExplainProtocol } from '../../protocol/explainFlow';
import type { ServerContext } from '../serverContext';

const failed: ExplainFlowResult = { error: 'the language server could not explain this flow (details in the meshlens output channel)' };

export function registerExplainFlow(context: ServerContext): void {
  context.connection.onRequest(
    explainFlowMethod,
    context.guard<unknown, ExplainFlowResult>(
      'explainFlow',
      async (raw, token) => {
        const params = readExplainFlowParams(raw);
        if ('error' in params) return params;
        await context.settings.current();
        // A panel the user asked to explain is worth the hard budget; past it the answer says it was not computed.
        return context.analysis().request({ kind: 'explainFlow', params }, { budgetMs: context.budgets.hardMs, empty: failed, token });
      },
      failed,
    ),
  );
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/** Params come from any LSP client: every field is checked, and a bad one is named in the answer. */
export function readExplainFlowParams(raw: unknown): ExplainFlowParams | { error: string } {
  if (!isRecord(raw)) return { error: 'explainFlow needs params { from, to, port }' };
  const { from, to, port, protocol, request, folderUri, focusUri } = raw;
  if (typeof from !== 'string' || from.trim() === '') return { error: 'from must be an endpoint: ns/workload, an entity, an IP/CIDR or fqdn:<name>' };
  if (typeof to !== 'string' || to.trim() === '') return { error: 'to must be an endpoint: ns/workload, an entity, an IP/CIDR or fqdn:<name>' };
  if (protocol !== undefined && !explainProtocols.includes(protocol as ExplainProtocol)) return { error: `protocol must be one of ${explainProtocols.join(', ')}` };
  if (protocol !== 'ICMP' && (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535)) return { error: 'port must be an integer from 0 to 65535' };
  if (!optionalString(folderUri) || !optionalString(focusUri)) return { error: 'folderUri and focusUri must be URIs' };
  let httpRequest: ExplainFlowParams['request'];
  if (request !== undefined) {
    if (!isRecord(request) || !optionalString(request.method) || !optionalString(request.path)) return { error: 'request must be { method?, path?, headers? } with string values' };
    const headers = request.headers;
    if (headers !== undefined && (!isRecord(headers) || !Object.values(headers).every((v) => typeof v === 'string'))) return { error: 'request.headers must map names to strings' };
    httpRequest = { method: request.method, path: request.path, headers: headers as Record<string, string> | undefined };
  }
  return {
    from, to, port: typeof port === 'number' ? port : 0,
    ...(protocol !== undefined ? { protocol: protocol as ExplainProtocol } : {}),
    ...(httpRequest ? { request: httpRequest } : {}),
    ...(folderUri !== undefined ? { folderUri } : {}),
    ...(focusUri !== undefined ? { focusUri } : {}),
  };
}
