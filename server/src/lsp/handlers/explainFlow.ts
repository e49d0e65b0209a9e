// `meshlens/explainFlow`: one flow explained rule by rule, the answer `meshlens explain --format json` prints,
// computed on the per-server traffic session (open documents' unsaved text over the workspace files on disk)
// under the editor's settings for the request's scope (meshlens.defaultNamespace, meshlens.istio.dataplaneMode).
import { explainFlow, resolveEndpoint, type EndpointResolution } from '../../analysis/graph/explainFlow';
import type { TrafficModel } from '../../analysis/graph/trafficModel';
import type { TrafficSession } from '../../analysis/graph/trafficSession';
import { explainFlowMethod, explainProtocols, type ExplainFlowParams, type ExplainFlowResult, type ExplainProtocol } from '../../protocol/explainFlow';
import type { MeshlensSettings } from '../../protocol/settings';
import type { ServerContext } from '../serverContext';
import { workspaceFolderUris } from '../workspaceYamlFiles';

/** How to add what a "no workload" answer is missing, in editor terms (the CLI says it in its own). */
const addWorkloadsHint = 'Open the folder that holds the workload manifests (Deployment, Pod, …) as a workspace folder, or name an entity, IP/CIDR or fqdn:<name> instead.';

export function registerExplainFlow(context: ServerContext): void {
  context.connection.onRequest(
    explainFlowMethod,
    context.guard<unknown, ExplainFlowResult>(
      'explainFlow',
      async (raw) => {
        const params = readExplainFlowParams(raw);
        if ('error' in params) return params;
        const { model, settings } = await trafficOfRequest(context, params);
        const from = resolveEndpoint(model, params.from, settings.defaultNamespace);
        if ('error' in from) return { error: unresolved('from', from) };
        const to = resolveEndpoint(model, params.to, settings.defaultNamespace);
        if ('error' in to) return { error: unresolved('to', to) };
        const protocol = params.protocol ?? 'TCP';
        const request = params.request ? { method: params.request.method ?? 'GET', path: params.request.path ?? '/', headers: params.request.headers ?? {} } : undefined;
        return {
          explanation: explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol: protocol as 'TCP', port: protocol === 'ICMP' ? 0 : params.port, request }),
          basis: { dataplaneMode: settings.istio.dataplaneMode, defaultNamespace: settings.defaultNamespace },
        };
      },
      { error: 'the language server could not explain this flow (details in the meshlens output channel)' },
    ),
  );
}

/**
 * The traffic session brought up to the request's scope (a folder, or every workspace folder, plus the focus file)
 * under the settings of that scope. Shared by the requests that read the model (explain, export).
 */
export async function trafficOfRequest(
  context: ServerContext,
  params: { readonly folderUri?: string; readonly focusUri?: string },
): Promise<{ model: TrafficModel; session: TrafficSession; settings: MeshlensSettings }> {
  const folders = params.folderUri ? [params.folderUri] : await workspaceFolderUris(context);
  // In path order, as the CLI walks folders: the same files give the same model order, so the same export text.
  const files = (await context.traffic.files.collect(context, folders, params.focusUri)).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const settings = await context.settings.settingsFor(params.focusUri ?? folders[0] ?? '');
  const session = context.traffic.sessionFor(settings.defaultNamespace, settings.istio.dataplaneMode);
  const { model } = session.update(files);
  return { model, session, settings };
}

function unresolved(end: 'from' | 'to', resolution: Extract<EndpointResolution, { error: string }>): string {
  return `${end}: ${resolution.error}.${resolution.missing === 'no-workloads' ? ` ${addWorkloadsHint}` : ''}`;
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
