// The cluster's own CRD versions (issue 12 item 3): the CustomResourceDefinitions of the groups meshlens validates,
// listed and watched like any collection (resourceReflector.ts: GET list/watch only), so each policy is validated
// against the schema the cluster serves instead of the bundled one (analysis/schema/userCrds.ts picks the served
// versions). CRDs of other groups are dropped on arrival (the API has no server-side filter on spec.group). A 403
// leaves the bundled schemas in force, with one line saying so.
import type { CrdInput } from '../analysis/schema/userCrds';
import type { ClusterResource } from './clusterResources';
import type { KubeAccess } from './kubeAccess';
import { defaultReflectorTiming, ResourceReflector, type ReflectorState, type ReflectorTiming } from './resourceReflector';

/** The API groups of the kinds meshlens validates (policies and companions; analysis/policyKinds.ts, companionKinds.ts). */
export const validatedCrdGroups: ReadonlySet<string> = new Set(['cilium.io', 'security.istio.io', 'networking.istio.io', 'gateway.networking.k8s.io']);

/** apiextensions.k8s.io/v1 CustomResourceDefinition (upstream: k8s.io/apiextensions-apiserver pkg/apis/apiextensions/v1). */
export const crdResource: ClusterResource = {
  kind: 'CustomResourceDefinition',
  group: 'apiextensions.k8s.io',
  version: 'v1',
  plural: 'customresourcedefinitions',
  optional: false,
  accepts: (raw) => {
    const group = (raw as { spec?: { group?: unknown } } | undefined)?.spec?.group;
    return typeof group === 'string' && validatedCrdGroups.has(group);
  },
};

export interface ClusterCrdStatus {
  /** 'read': the CRDs in force; 'bundled': none could be read, the bundled schemas stay. */
  readonly schemas: 'read' | 'bundled';
  /** One line when the CRDs could not be read (403, timeout), credential-free. */
  readonly problem?: string;
  readonly crds: number;
}

export class ClusterCrds {
  private readonly reflector: ResourceReflector;
  private problem: string | undefined;
  private firstLoad: (() => void) | undefined;
  private loaded = false;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    private readonly access: KubeAccess,
    timing: Partial<ReflectorTiming> = {},
    /** The CRDs changed after the first load (a watch event, a relist). */
    private readonly changed: () => void = () => {},
  ) {
    this.reflector = new ResourceReflector(crdResource, access, {
      page: () => {},
      changed: () => {
        if (this.loaded) this.changed();
      },
      state: (_resource, state, message) => this.onState(state, message),
    }, { ...defaultReflectorTiming, ...timing });
  }

  /** Lists the CRDs (then, unless `once`, watches them); resolves when the first list ended, read or refused. */
  load(options: { readonly once?: boolean; readonly signal?: AbortSignal } = {}): Promise<ClusterCrdStatus> {
    options.signal?.addEventListener('abort', () => void this.stop(), { once: true });
    const first = new Promise<void>((resolve) => (this.firstLoad = resolve));
    this.running = this.reflector.run(this.abort.signal, options.once).then(() => this.firstLoad?.());
    return first.then(() => this.status());
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  status(): ClusterCrdStatus {
    const read = this.reflector.currentState === 'synced';
    return { schemas: read ? 'read' : 'bundled', ...(this.problem ? { problem: this.problem } : {}), crds: this.reflector.objects.size };
  }

  /** The CRD objects for the schema set (analysis/schema/userCrds.ts), in a stable order. */
  inputs(): CrdInput[] {
    const context = this.access.context;
    return [...this.reflector.objects.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => ({ object, origin: { kind: 'cluster', context } }));
  }

  private onState(state: ReflectorState, message: string | undefined): void {
    if (state === 'forbidden') {
      this.problem = `${this.access.context}: the cluster's CRDs (customresourcedefinitions.apiextensions.k8s.io) are not readable with the kubeconfig's credentials (403 Forbidden); policies are validated against the bundled CRDs`;
    } else if (state === 'failing' && message !== undefined) {
      this.problem = `${this.access.context}: the cluster's CRDs could not be read (${this.access.redact(message)}); policies are validated against the bundled CRDs until they are`;
    } else if (state === 'synced') {
      this.problem = undefined;
    }
    if (state !== 'loading' && !this.loaded) {
      this.loaded = true;
      this.firstLoad?.();
    }
  }
}
