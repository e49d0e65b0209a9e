// A loopback Kubernetes API server for the cluster tests: node:https on 127.0.0.1:0 with a certificate made by
// openssl at test time, speaking the API's JSON shapes (upstream: kubernetes/community api-conventions.md; k8s.io/
// apimachinery meta/v1 ListMeta, Status, WatchEvent): typed List kinds with metadata.resourceVersion, `limit` and
// `continue` (items of built-in types without kind/apiVersion, as the real server returns them), `?watch=1` as a
// stream of JSON lines ADDED/MODIFIED/DELETED/BOOKMARK, a 410 Gone Status for compacted versions (an ERROR event on
// a watch, the HTTP status on a list), RBAC's 403 Status, 401 without the expected bearer token, a delay per
// resource for timeouts, and a log of every request so a test can prove that only GET was ever sent.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Certificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export function opensslPresent(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A self-signed certificate for 127.0.0.1 (its own CA), made with openssl. */
export function makeCertificate(commonName = 'fake-apiserver'): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'meshlens-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    return { certPem: readFileSync(join(dir, 'cert.pem'), 'utf8'), keyPem: readFileSync(join(dir, 'key.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface LoggedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
}

interface Collection {
  readonly kind: string;
  readonly apiVersion: string;
  readonly builtIn: boolean;
  readonly objects: Map<string, Record<string, unknown>>;
}

interface WatchEvent {
  readonly rv: number;
  readonly path: string;
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: Record<string, unknown>;
}

interface OpenWatch {
  readonly path: string;
  readonly bookmarks: boolean;
  readonly response: ServerResponse;
}

/** Collection paths the fake serves: path → kind/apiVersion. */
export const fakeCollections: Readonly<Record<string, { kind: string; apiVersion: string }>> = {
  '/api/v1/namespaces': { kind: 'Namespace', apiVersion: 'v1' },
  '/api/v1/pods': { kind: 'Pod', apiVersion: 'v1' },
  '/api/v1/services': { kind: 'Service', apiVersion: 'v1' },
  '/api/v1/serviceaccounts': { kind: 'ServiceAccount', apiVersion: 'v1' },
  '/apis/networking.k8s.io/v1/networkpolicies': { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' },
  '/apis/gateway.networking.k8s.io/v1/gateways': { kind: 'Gateway', apiVersion: 'gateway.networking.k8s.io/v1' },
  '/apis/cilium.io/v2/ciliumnetworkpolicies': { kind: 'CiliumNetworkPolicy', apiVersion: 'cilium.io/v2' },
  '/apis/cilium.io/v2/ciliumclusterwidenetworkpolicies': { kind: 'CiliumClusterwideNetworkPolicy', apiVersion: 'cilium.io/v2' },
  '/apis/security.istio.io/v1/authorizationpolicies': { kind: 'AuthorizationPolicy', apiVersion: 'security.istio.io/v1' },
  '/apis/security.istio.io/v1/peerauthentications': { kind: 'PeerAuthentication', apiVersion: 'security.istio.io/v1' },
  '/apis/security.istio.io/v1/requestauthentications': { kind: 'RequestAuthentication', apiVersion: 'security.istio.io/v1' },
  '/apis/apiextensions.k8s.io/v1/customresourcedefinitions': { kind: 'CustomResourceDefinition', apiVersion: 'apiextensions.k8s.io/v1' },
};

const pathOfKind = new Map(Object.entries(fakeCollections).map(([path, { kind }]) => [kind, path]));

function status(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

export interface FakeApiServerOptions {
  readonly certificate: Certificate;
  /** The bearer token a request must carry (else 401). */
  readonly token: string;
}

export class FakeApiServer {
  readonly requests: LoggedRequest[] = [];
  private readonly collections = new Map<string, Collection>();
  private readonly history: WatchEvent[] = [];
  private readonly watches = new Set<OpenWatch>();
  private readonly forbidden = new Set<string>();
  private readonly delays = new Map<string, number>();
  private rv = 100;
  private compactedRv = 0;
  private server: Server | undefined;
  port = 0;

  constructor(private readonly options: FakeApiServerOptions) {
    for (const [path, { kind, apiVersion }] of Object.entries(fakeCollections)) {
      this.collections.set(path, { kind, apiVersion, builtIn: !path.includes('.io/') || path.includes('networking.k8s.io/') || path.includes('apiextensions.k8s.io/'), objects: new Map() });
    }
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer({ cert: this.options.certificate.certPem, key: this.options.certificate.keyPem }, (req, res) => this.handle(req.method ?? '', req.url ?? '/', req.headers.authorization, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async close(): Promise<void> {
    for (const w of this.watches) w.response.destroy();
    this.watches.clear();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Creates or replaces an object (by kind/namespace/name), bumping the resourceVersion and telling open watches. */
  apply(object: Record<string, unknown>): number {
    const path = pathOfKind.get(String(object.kind));
    if (!path) throw new Error(`the fake serves no ${String(object.kind)}`);
    const collection = this.collections.get(path)!;
    const meta = (object.metadata ?? {}) as Record<string, unknown>;
    const key = `${String(meta.namespace ?? '')}/${String(meta.name)}`;
    const rv = ++this.rv;
    const stored = { ...object, metadata: { uid: `uid-${key}`, creationTimestamp: '2026-01-01T00:00:00Z', ...meta, resourceVersion: String(rv) } };
    const type = collection.objects.has(key) ? 'MODIFIED' : 'ADDED';
    collection.objects.set(key, stored);
    this.emit({ rv, path, type, object: stored });
    return rv;
  }

  /** Loads many objects without remembering them as watch history (the state before any watch). */
  seed(objects: readonly Record<string, unknown>[]): void {
    for (const object of objects) {
      const path = pathOfKind.get(String(object.kind))!;
      const meta = (object.metadata ?? {}) as Record<string, unknown>;
      const key = `${String(meta.namespace ?? '')}/${String(meta.name)}`;
      this.collections.get(path)!.objects.set(key, { ...object, metadata: { ...meta, resourceVersion: String(++this.rv) } });
    }
    this.compactedRv = this.rv;
  }

  delete(kind: string, namespace: string | undefined, name: string): void {
    const path = pathOfKind.get(kind)!;
    const collection = this.collections.get(path)!;
    const key = `${namespace ?? ''}/${name}`;
    const object = collection.objects.get(key);
    if (!object) return;
    collection.objects.delete(key);
    const rv = ++this.rv;
    this.emit({ rv, path, type: 'DELETED', object: { ...object, metadata: { ...(object.metadata as object), resourceVersion: String(rv) } } });
  }

  /** RBAC refuses list/watch on this collection (its plural, e.g. `ciliumnetworkpolicies`). */
  forbid(plural: string): void {
    this.forbidden.add(plural);
  }

  /** Every answer on paths containing `fragment` (all when '') waits this long before its headers. */
  delay(fragment: string, ms: number): void {
    this.delays.set(fragment, ms);
  }

  /** Forgets history up to now, as etcd compaction does: older versions get 410 Gone. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Ends every open watch stream, as the server does when a watch's timeout runs out. */
  endWatches(): void {
    for (const w of this.watches) w.response.end();
    this.watches.clear();
  }

  /** Sends a BOOKMARK with the current resourceVersion to watches that asked for bookmarks. */
  bookmark(): void {
    for (const w of this.watches) {
      if (!w.bookmarks) continue;
      const { kind, apiVersion } = this.collections.get(w.path)!;
      w.response.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind, apiVersion, metadata: { resourceVersion: String(this.rv) } } })}\n`);
    }
  }

  openWatchCount(): number {
    return this.watches.size;
  }

  private emit(event: WatchEvent): void {
    this.history.push(event);
    for (const w of this.watches) if (w.path === event.path) w.response.write(`${JSON.stringify({ type: event.type, object: this.withType(event.path, event.object) })}\n`);
  }

  private withType(path: string, object: Record<string, unknown>): Record<string, unknown> {
    const { kind, apiVersion } = this.collections.get(path)!;
    return { kind, apiVersion, ...object };
  }

  private handle(method: string, rawUrl: string, authorization: string | undefined, res: ServerResponse): void {
    const url = new URL(rawUrl, 'https://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    this.requests.push({ method, path: url.pathname, query });
    const delay = [...this.delays].filter(([fragment]) => url.pathname.includes(fragment)).reduce((max, [, ms]) => Math.max(max, ms), 0);
    const answer = (): void => this.answer(method, url, query, authorization, res);
    if (delay > 0) setTimeout(answer, delay);
    else answer();
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private answer(method: string, url: URL, query: Record<string, string>, authorization: string | undefined, res: ServerResponse): void {
    if (authorization !== `Bearer ${this.options.token}`) return this.send(res, 401, status(401, 'Unauthorized', 'Unauthorized'));
    const collection = this.collections.get(url.pathname);
    if (!collection) return this.send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource', {}));
    const plural = url.pathname.split('/').pop()!;
    const group = url.pathname.startsWith('/apis/') ? url.pathname.split('/')[2] : '';
    const watching = query.watch === '1' || query.watch === 'true';
    if (method !== 'GET') return this.send(res, 405, status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
    if (this.forbidden.has(plural)) {
      return this.send(res, 403, status(403, 'Forbidden', `${plural}${group ? `.${group}` : ''} is forbidden: User "system:serviceaccount:dev:viewer" cannot ${watching ? 'watch' : 'list'} resource "${plural}" in API group "${group}" at the cluster scope`, { group, kind: plural }));
    }
    if (watching) return this.watch(url.pathname, query, res);
    this.list(collection, query, res);
  }

  private list(collection: Collection, query: Record<string, string>, res: ServerResponse): void {
    const limit = query.limit ? Number(query.limit) : Infinity;
    let start = 0;
    let listRv = this.rv;
    if (query.continue) {
      const token = JSON.parse(Buffer.from(query.continue, 'base64').toString('utf8')) as { rv: number; start: number };
      if (token.rv < this.compactedRv) {
        return this.send(res, 410, status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.'));
      }
      start = token.start;
      listRv = token.rv;
    }
    const all = [...collection.objects.values()];
    const items = all.slice(start, start + limit).map((o) => (collection.builtIn ? o : { apiVersion: collection.apiVersion, kind: collection.kind, ...o }));
    const next = start + items.length;
    const more = next < all.length;
    this.send(res, 200, {
      kind: `${collection.kind}List`,
      apiVersion: collection.apiVersion,
      metadata: {
        resourceVersion: String(listRv),
        ...(more ? { continue: Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: listRv, start: next })).toString('base64'), remainingItemCount: all.length - next } : {}),
      },
      items,
    });
  }

  private watch(path: string, query: Record<string, string>, res: ServerResponse): void {
    if (res.destroyed) return;
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    const from = Number(query.resourceVersion || this.rv);
    if (from < this.compactedRv) {
      res.end(`${JSON.stringify({ type: 'ERROR', object: status(410, 'Expired', `too old resource version: ${from} (${this.compactedRv})`) })}\n`);
      return;
    }
    for (const event of this.history) if (event.path === path && event.rv > from) res.write(`${JSON.stringify({ type: event.type, object: this.withType(path, event.object) })}\n`);
    const open: OpenWatch = { path, bookmarks: query.allowWatchBookmarks === 'true', response: res };
    this.watches.add(open);
    const seconds = Number(query.timeoutSeconds || 0);
    const timer = seconds > 0 ? setTimeout(() => res.end(), seconds * 1000) : undefined;
    res.on('close', () => {
      clearTimeout(timer);
      this.watches.delete(open);
    });
  }
}

/** A kubeconfig (YAML) whose one context points at `server` with `user`, trusting `caPem`. */
export function kubeconfigText(server: string, caPem: string, user: Record<string, unknown>, contextName = 'fake'): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'fake-cluster', cluster: { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } }],
    users: [{ name: 'fake-user', user }],
    contexts: [{ name: contextName, context: { cluster: 'fake-cluster', user: 'fake-user' } }],
    'current-context': contextName,
  });
}
