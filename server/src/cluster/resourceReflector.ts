// Keeps a local copy of one resource collection current, the way client-go's reflector does (upstream:
// kubernetes/client-go tools/cache/reflector.go): list in pages (limit/continue) at one resourceVersion, then watch
// from that version with bookmarks; a watch the server ends is resumed from the last version seen; a 410 Gone
// (the version was compacted away) lists again; other failures wait with an exponential backoff and retry. A 403
// (RBAC forbids it) or a 404 for an optional resource (the CRD is not installed) stops this collection only.
import { ClusterRequestError, getJson, isApiStatus, watchEvents, type WatchEvent } from './apiTransport';
import { apiVersionOf, collectionPath, qualifiedName, type ClusterResource } from './clusterResources';
import type { KubeAccess } from './kubeAccess';
import { trimClusterObject, type ClusterObject } from './clusterObject';

export interface ReflectorTiming {
  /** Deadline of one list page, and the longest silence tolerated on a watch. */
  readonly requestTimeoutMs: number;
  /** How long the server keeps one watch open before we resume it (its `timeoutSeconds`). */
  readonly watchSeconds: number;
  readonly pageSize: number;
  readonly backoffInitialMs: number;
  readonly backoffMaxMs: number;
}

export const defaultReflectorTiming: ReflectorTiming = {
  requestTimeoutMs: 10_000,
  watchSeconds: 300,
  pageSize: 500,
  backoffInitialMs: 500,
  backoffMaxMs: 30_000,
};

export type ReflectorState = 'loading' | 'synced' | 'forbidden' | 'absent' | 'failing' | 'stopped';

export interface ReflectorListener {
  /** A list page arrived: `loaded` objects so far in this list, `remaining` as the server estimates it. */
  page(resource: ClusterResource, loaded: number, remaining: number | undefined): void;
  /** The collection changed: a list completed (`namespace` undefined: all of it), or a watch event in `namespace` ('' = cluster-scoped). */
  changed(resource: ClusterResource, namespace?: string): void;
  /** The state changed; `message` says why for forbidden/failing. */
  state(resource: ClusterResource, state: ReflectorState, message?: string): void;
}

interface ListPage {
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string; readonly remainingItemCount?: number };
  readonly items?: readonly unknown[];
}

export class ResourceReflector {
  /** `<namespace>/<name>` (cluster-scoped: `/<name>`) → object. */
  objects = new Map<string, ClusterObject>();
  resourceVersion = '';
  currentState: ReflectorState = 'loading';
  private readonly apiVersion: string;

  constructor(
    readonly resource: ClusterResource,
    private readonly access: KubeAccess,
    private readonly listener: ReflectorListener,
    private readonly timing: ReflectorTiming = defaultReflectorTiming,
    private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    this.apiVersion = apiVersionOf(resource);
  }

  /**
   * Runs until cancelled, forbidden or absent; with `once` (the CLI) it lists and returns, and a failure ends it
   * instead of a retry. The first list's outcome is reported through `state`.
   */
  async run(signal: AbortSignal, once = false): Promise<void> {
    let mustList = true;
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (mustList) {
          await this.list(signal);
          mustList = false;
          this.setState('synced');
          if (once) return;
        }
        await this.watch(signal);
        failures = 0;
      } catch (error) {
        if (signal.aborted) break;
        const failure = error instanceof ClusterRequestError ? error : new ClusterRequestError('protocol', this.access.redact(String(error)));
        if (failure.code === 410) {
          // Our version was compacted away: only a fresh list is consistent again (no backoff: this is routine).
          mustList = true;
          continue;
        }
        if (failure.code === 403) {
          this.objects = new Map();
          this.listener.changed(this.resource);
          return this.setState('forbidden', `${qualifiedName(this.resource)} is not readable with the kubeconfig's credentials (403 Forbidden): policies of this kind in the cluster are left out of the analysis; grant list and watch on it to include them`);
        }
        if (failure.code === 404 && this.resource.optional) return this.setState('absent');
        this.setState('failing', `${qualifiedName(this.resource)}: ${this.access.redact(failure.message)}${once ? '' : '; retrying'}`);
        if (once) return;
        const delay = Math.min(this.timing.backoffMaxMs, this.timing.backoffInitialMs * 2 ** failures);
        failures++;
        await this.sleep(delay * (0.75 + Math.random() * 0.5), signal);
      }
    }
    this.setState('stopped');
  }

  private setState(state: ReflectorState, message?: string): void {
    if (state === this.currentState && message === undefined) return;
    this.currentState = state;
    this.listener.state(this.resource, state, message);
  }

  private async list(signal: AbortSignal): Promise<void> {
    const next = new Map<string, ClusterObject>();
    let token: string | undefined;
    let version = '';
    do {
      const page = (await getJson(this.access, collectionPath(this.resource), { limit: this.timing.pageSize, continue: token }, { timeoutMs: this.timing.requestTimeoutMs, signal })) as ListPage;
      for (const item of page.items ?? []) {
        if (this.resource.accepts && !this.resource.accepts(item)) continue;
        const object = trimClusterObject(this.resource.kind, this.apiVersion, item);
        if (object) next.set(keyOf(object), object);
      }
      version = page.metadata?.resourceVersion ?? version;
      token = page.metadata?.continue || undefined;
      this.listener.page(this.resource, next.size, page.metadata?.remainingItemCount);
    } while (token !== undefined && !signal.aborted);
    this.objects = next;
    this.resourceVersion = version;
    this.listener.changed(this.resource);
  }

  private async watch(signal: AbortSignal): Promise<void> {
    const stream = new AbortController();
    const stop = (): void => stream.abort();
    signal.addEventListener('abort', stop, { once: true });
    let streamError: ClusterRequestError | undefined;
    try {
      await watchEvents(
        this.access,
        collectionPath(this.resource),
        { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.timing.watchSeconds },
        { timeoutMs: Math.max(this.timing.requestTimeoutMs, this.timing.watchSeconds * 1000 + 5_000), signal: stream.signal },
        (event) => {
          if (streamError) return;
          streamError = this.apply(event);
          if (streamError) stream.abort();
        },
      );
    } catch (error) {
      if (streamError) throw streamError;
      throw error;
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  /** Applies one watch event; returns the failure an ERROR event carries. */
  private apply(event: WatchEvent): ClusterRequestError | undefined {
    if (event.type === 'ERROR') {
      const status = isApiStatus(event.object) ? event.object : undefined;
      return new ClusterRequestError('status', `watch: ${status?.code ?? '?'} ${status?.reason ?? ''} ${status?.message ?? ''}`.trim(), status?.code);
    }
    const version = (event.object as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    if (event.type === 'BOOKMARK') {
      // A bookmark carries only a newer version to resume from (upstream: KEP-956 watch bookmarks).
      if (version) this.resourceVersion = version;
      return undefined;
    }
    if (this.resource.accepts && !this.resource.accepts(event.object)) {
      if (version) this.resourceVersion = version;
      return undefined;
    }
    const object = trimClusterObject(this.resource.kind, this.apiVersion, event.object);
    if (!object) return undefined;
    if (event.type === 'DELETED') this.objects.delete(keyOf(object));
    else this.objects.set(keyOf(object), object);
    if (version) this.resourceVersion = version;
    this.listener.changed(this.resource, object.metadata.namespace ?? '');
    return undefined;
  }
}

function keyOf(object: ClusterObject): string {
  return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
