// The live cluster as a source of workspace objects: one reflector per resource (clusterResources.ts), their
// objects rendered as virtual files (clusterFiles.ts). It reports progress while the first load runs, a status
// (what was read, what was refused and why) and every change; it never writes to the cluster (apiTransport.ts sends
// GET only) and is stopped by its AbortSignal. The LSP server and the CLI drive it; the analysis core never sees it.
import { clusterResources, qualifiedName, type ClusterResource } from './clusterResources';
import { openKubeAccess, type KubeAccess, type KubeAccessOptions } from './kubeAccess';
import { defaultReflectorTiming, ResourceReflector, type ReflectorState, type ReflectorTiming } from './resourceReflector';
import { clusterFileUri, renderClusterFiles, type ClusterFile } from './clusterFiles';
import { policyStatusOf, type ClusterObject } from './clusterObject';
import type { ClusterPolicyStatus } from './controlPlaneStatus';
// The cluster's CRD versions travel in the same bundle (dist/cluster.cjs); drivers read them beside the objects.
export { ClusterCrds } from './clusterCrds';

export interface ClusterSourceOptions extends KubeAccessOptions {
  readonly timing?: Partial<ReflectorTiming>;
  readonly resources?: readonly ClusterResource[];
}

export interface ClusterProgress {
  /** Resources whose first list ended (read, refused or failed) of all. */
  readonly done: number;
  readonly total: number;
  readonly objects: number;
  readonly message: string;
}

export type ClusterLoadState = 'loading' | 'ready' | 'partial' | 'failed' | 'stopped';

export interface ClusterStatus {
  readonly context: string;
  readonly server: string;
  readonly state: ClusterLoadState;
  /** One line per resource that could not be read (403, timeout, TLS…), credential-free. */
  readonly problems: readonly string[];
  readonly objects: number;
}

export interface ClusterSourceListener {
  progress?(progress: ClusterProgress): void;
  /** Objects changed (after the first load: a watch event, a relist). */
  changed?(): void;
  status?(status: ClusterStatus): void;
}

const settledStates: ReadonlySet<ReflectorState> = new Set(['synced', 'forbidden', 'absent', 'failing', 'stopped']);

export class ClusterSource {
  private readonly reflectors: ResourceReflector[];
  private readonly problems = new Map<string, string>();
  private readonly settled = new Set<string>();
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private firstLoadDone = false;
  /** Rendered files by uri, with the identities they left out; `dirty` says which kind/namespaces to render again. */
  private rendered: { byUri: Map<string, ClusterFile>; files: ClusterFile[]; shadowed: ReadonlySet<string> } | undefined;
  private readonly dirty = new Map<string, Set<string> | 'all'>();
  private stateNow: ClusterLoadState = 'loading';

  static open(options: ClusterSourceOptions = {}): ClusterSource | { readonly error: string } {
    const opened = openKubeAccess(options);
    if ('error' in opened) return opened;
    return new ClusterSource(opened.access, options);
  }

  private constructor(
    readonly access: KubeAccess,
    options: ClusterSourceOptions,
    private listener: ClusterSourceListener = {},
  ) {
    const timing = { ...defaultReflectorTiming, ...options.timing };
    this.reflectors = (options.resources ?? clusterResources).map(
      (resource) =>
        new ResourceReflector(resource, access, {
          page: (r, loaded, remaining) => this.onPage(r, loaded, remaining),
          changed: (r, namespace) => this.onChanged(r, namespace),
          state: (r, state, message) => this.onState(r, state, message),
        }, timing),
    );
  }

  get context(): string {
    return this.access.context;
  }

  /**
   * Lists every resource, then (unless `once`) keeps watching. Resolves when the first load ended for every
   * resource — read, refused or failed — so the caller can analyse at once with whatever was read.
   */
  load(listener: ClusterSourceListener, options: { readonly once?: boolean; readonly signal?: AbortSignal } = {}): Promise<ClusterStatus> {
    this.listener = listener;
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
    const firstLoad = new Promise<void>((resolve) => {
      this.onFirstLoad = resolve;
    });
    this.progress();
    this.running = Promise.all(this.reflectors.map((r) => r.run(this.abort.signal, options.once))).then(() => {
      this.onFirstLoad();
    });
    return firstLoad.then(() => this.status());
  }

  /** Stops every list and watch; resolves when they ended. */
  async stop(): Promise<void> {
    this.abort.abort();
    this.stateNow = 'stopped';
    await this.running;
  }

  status(): ClusterStatus {
    return {
      context: this.access.context,
      server: this.access.server.origin,
      state: this.stateNow,
      problems: [...this.problems.values()].map((p) => this.access.redact(p)),
      objects: this.objectCount(),
    };
  }

  objects(): ClusterObject[] {
    return this.reflectors.flatMap((r) => [...r.objects.values()]);
  }

  /** What the control plane wrote about the cluster's policy of this kind/namespace/name, if anything. */
  policyStatus(kind: string, namespace: string | undefined, name: string): ClusterPolicyStatus | undefined {
    const object = this.reflectors.find((r) => r.resource.kind === kind)?.objects.get(`${namespace ?? ''}/${name}`);
    const status = object && policyStatusOf(object);
    if (!object || !status) return undefined;
    return { status, ...(object.metadata.generation !== undefined ? { generation: object.metadata.generation } : {}), ...(object.spec !== undefined ? { spec: object.spec } : {}) };
  }

  /**
   * The cluster's objects as virtual files, without those the workspace's own objects replace. After a watch
   * event only the file of that kind and namespace is rendered again, so an event costs one file, not the cluster.
   */
  files(shadowed: ReadonlySet<string> = new Set()): ClusterFile[] {
    const context = this.access.context;
    if (!this.rendered || [...this.dirty.values()].includes('all')) {
      const files = renderClusterFiles(context, this.objects(), shadowed);
      this.dirty.clear();
      this.rendered = { byUri: new Map(files.map((f) => [f.uri, f])), files, shadowed };
      return files;
    }
    // A workspace object that starts or stops replacing a cluster object re-renders that kind and namespace only.
    for (const identity of symmetricDifference(this.rendered.shadowed, shadowed)) this.markShadowChange(identity);
    this.rendered.shadowed = shadowed;
    if (this.dirty.size === 0) return this.rendered.files;
    const { byUri } = this.rendered;
    for (const [kind, namespaces] of this.dirty) {
      const reflector = this.reflectors.find((r) => r.resource.kind === kind);
      if (!reflector) continue;
      for (const namespace of namespaces as Set<string>) {
        const inNamespace = [...reflector.objects.values()].filter((o) => (o.metadata.namespace ?? '') === namespace);
        const uri = clusterFileUri(context, kind, namespace === '' ? undefined : namespace);
        const [file] = renderClusterFiles(context, inNamespace, shadowed);
        if (file) byUri.set(uri, file);
        else byUri.delete(uri);
      }
    }
    this.dirty.clear();
    this.rendered.files = [...byUri.values()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
    return this.rendered.files;
  }

  private onFirstLoad: () => void = () => {};

  /** `<kind>/<namespace>/<name>` → the rendered file it lives in (a workload's pods live in the Pod file). */
  private markShadowChange(identity: string): void {
    const [kind, namespace] = identity.split('/');
    const fileKind = this.reflectors.some((r) => r.resource.kind === kind) ? kind : 'Pod';
    const known = this.dirty.get(fileKind);
    if (known === undefined) this.dirty.set(fileKind, new Set([namespace]));
    else if (known !== 'all') known.add(namespace);
  }

  private objectCount(): number {
    return this.reflectors.reduce((sum, r) => sum + r.objects.size, 0);
  }

  private onPage(resource: ClusterResource, loaded: number, remaining: number | undefined): void {
    if (this.firstLoadDone) return;
    this.progress(`${qualifiedName(resource)}: ${loaded}${remaining ? ` of ~${loaded + remaining}` : ''}`);
  }

  private onChanged(resource: ClusterResource, namespace: string | undefined): void {
    const known = this.dirty.get(resource.kind);
    if (namespace === undefined) this.dirty.set(resource.kind, 'all');
    else if (known === undefined) this.dirty.set(resource.kind, new Set([namespace]));
    else if (known !== 'all') known.add(namespace);
    if (this.firstLoadDone) this.listener.changed?.();
  }

  private onState(resource: ClusterResource, state: ReflectorState, message: string | undefined): void {
    const name = qualifiedName(resource);
    if (message !== undefined && (state === 'forbidden' || state === 'failing')) this.problems.set(name, message);
    else if (state === 'synced') this.problems.delete(name);
    if (settledStates.has(state)) this.settled.add(name);
    if (!this.firstLoadDone) {
      this.progress(`${name}: ${state}`);
      if (this.settled.size === this.reflectors.length) {
        this.firstLoadDone = true;
        this.onFirstLoad();
      }
    }
    if (this.stateNow !== 'stopped') {
      const failed = !this.reflectors.some((r) => r.currentState === 'synced');
      this.stateNow = !this.firstLoadDone ? 'loading' : failed ? 'failed' : this.problems.size > 0 ? 'partial' : 'ready';
    }
    if (this.firstLoadDone) this.listener.status?.(this.status());
  }

  private progress(message = 'connecting'): void {
    this.listener.progress?.({ done: this.settled.size, total: this.reflectors.length, objects: this.objectCount(), message: `${this.access.context}: ${message}` });
  }
}

function symmetricDifference(a: ReadonlySet<string>, b: ReadonlySet<string>): string[] {
  return [...[...a].filter((x) => !b.has(x)), ...[...b].filter((x) => !a.has(x))];
}
