// The only code that talks to the API server: HTTPS GET requests (list, watch), nothing else — the method is fixed
// here, so no other verb can be sent. Every request has a deadline (a list: the whole response; a watch: the gap
// between two chunks), and every failure becomes a ClusterRequestError whose message names no credential.
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { KubeAccess } from './kubeAccess';

export type ClusterFailure = 'status' | 'timeout' | 'tls' | 'network' | 'auth' | 'cancelled' | 'protocol';

export class ClusterRequestError extends Error {
  constructor(
    readonly failure: ClusterFailure,
    message: string,
    /** HTTP status / Status.code for 'status' failures (403, 404, 410, 5xx). */
    readonly code?: number,
  ) {
    super(message);
  }
}

/** The `Status` object the API server returns for a failure (upstream: k8s.io/apimachinery/pkg/apis/meta/v1 Status). */
export interface ApiStatus {
  readonly kind: 'Status';
  readonly code?: number;
  readonly reason?: string;
  readonly message?: string;
}

export function isApiStatus(value: unknown): value is ApiStatus {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_SIGNATURE_FAILURE', 'EPROTO',
]);

export interface RequestLimits {
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

function query(params: Readonly<Record<string, string | number | boolean | undefined>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

/**
 * List pages reuse connections (one TLS handshake per connection, not per page: a large cluster's first load is
 * dozens of pages); an idle kept-alive socket does not hold the process open (Node unrefs it in the free pool).
 * Watches are long-lived and get a connection of their own.
 */
const listAgents = new WeakMap<KubeAccess, Agent>();

function listAgentOf(access: KubeAccess): Agent {
  let agent = listAgents.get(access);
  if (!agent) listAgents.set(access, (agent = new Agent({ keepAlive: true, maxSockets: 8 })));
  return agent;
}

async function openGet(access: KubeAccess, path: string, params: Readonly<Record<string, string | number | boolean | undefined>>, limits: RequestLimits, onResponse: (response: IncomingMessage, fail: (error: ClusterRequestError) => void) => void, agent: Agent | false = false): Promise<void> {
  let options: RequestOptions;
  try {
    options = await access.requestOptions();
  } catch {
    // An exec plugin's stderr may echo what it read; only the fact of the failure is passed on.
    throw new ClusterRequestError('auth', `the credentials of context "${access.context}" could not be obtained (its exec/auth plugin failed)`);
  }
  const base = access.server.pathname.replace(/\/$/, '');
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: ClusterRequestError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else resolve();
    };
    const req = request({
      ...options,
      protocol: 'https:',
      hostname: access.server.hostname.replace(/^\[|\]$/g, ''),
      port: access.server.port === '' ? 443 : Number(access.server.port),
      path: `${base}${path}${query(params)}`,
      method: 'GET',
      headers: { ...(options.headers ?? {}), Accept: 'application/json', 'User-Agent': 'meshlens (read-only)' },
      agent,
    });
    let timer = setTimeout(() => finish(new ClusterRequestError('timeout', `${access.server.host} did not answer within ${limits.timeoutMs / 1000} s`)), limits.timeoutMs);
    const onAbort = (): void => finish(new ClusterRequestError('cancelled', 'cancelled'));
    if (limits.signal?.aborted) return onAbort();
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? '';
      if (tlsCodes.has(code)) finish(new ClusterRequestError('tls', `TLS verification of ${access.server.host} failed (${code}): its certificate is not the one the kubeconfig's certificate authority vouches for; nothing was sent`));
      else finish(new ClusterRequestError('network', `cannot reach ${access.server.host} (${code || 'connection failed'})`));
    });
    req.on('response', (response) => {
      // The reader first: its 'end' handler settles a failure before the generic one below resolves.
      onResponse(response, finish);
      // A watch counts its deadline from the last chunk, so a quiet but live stream stays open.
      response.on('data', () => {
        clearTimeout(timer);
        timer = setTimeout(() => finish(new ClusterRequestError('timeout', `${access.server.host} went silent for ${limits.timeoutMs / 1000} s`)), limits.timeoutMs);
      });
      response.on('end', () => finish());
      response.on('error', () => finish(new ClusterRequestError('network', `the connection to ${access.server.host} broke`)));
    });
    req.end();
  });
}

function readBody(response: IncomingMessage, onText: (text: string) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => onText(Buffer.concat(chunks).toString('utf8')));
}

function statusError(httpStatus: number, text: string, what: string): ClusterRequestError {
  let status: ApiStatus | undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (isApiStatus(value)) status = value;
  } catch {
    // Not a Status body (a proxy's HTML page): the HTTP status alone is reported.
  }
  const code = status?.code ?? httpStatus;
  return new ClusterRequestError('status', `${what}: ${code} ${status?.reason ?? ''}${status?.message ? ` — ${status.message}` : ''}`.replace(/ {2,}/g, ' '), code);
}

/** GET a JSON document (a list page). Non-200 answers become 'status' errors carrying the Status message. */
export async function getJson(access: KubeAccess, path: string, params: Readonly<Record<string, string | number | boolean | undefined>>, limits: RequestLimits): Promise<unknown> {
  let result: unknown;
  await openGet(access, path, params, limits, (response, fail) => {
    readBody(response, (text) => {
      if (response.statusCode !== 200) return fail(statusError(response.statusCode ?? 0, text, `GET ${path}`));
      try {
        result = JSON.parse(text);
      } catch {
        fail(new ClusterRequestError('protocol', `GET ${path}: the answer is not JSON`));
      }
    });
  }, listAgentOf(access));
  return result;
}

/** One line of a watch stream (upstream: k8s.io/apimachinery/pkg/apis/meta/v1 WatchEvent). */
export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: unknown;
}

/**
 * GET a watch stream; `onEvent` gets each event as its line arrives. Resolves when the server ends the stream
 * (its timeoutSeconds ran out), rejects on a failure, a silence longer than the limit, or cancellation.
 */
export async function watchEvents(access: KubeAccess, path: string, params: Readonly<Record<string, string | number | boolean | undefined>>, limits: RequestLimits, onEvent: (event: WatchEvent) => void): Promise<void> {
  await openGet(access, path, { ...params, watch: 1 }, limits, (response, fail) => {
    if (response.statusCode !== 200) return readBody(response, (text) => fail(statusError(response.statusCode ?? 0, text, `watch ${path}`)));
    response.setEncoding('utf8');
    let pending = '';
    response.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line === '') continue;
        let event: WatchEvent;
        try {
          event = JSON.parse(line) as WatchEvent;
        } catch {
          return fail(new ClusterRequestError('protocol', `watch ${path}: a line of the stream is not JSON`));
        }
        onEvent(event);
      }
    });
  });
}
