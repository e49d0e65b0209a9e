// The live cluster in the analysis worker: starts, restarts (context changed) and stops the cluster source as the
// `meshlens.cluster.*` settings say, joins its virtual files to the files of each workspace scan (the workspace's
// own objects, open documents included, replace the cluster's of the same identity: clusterFiles.ts), and reports
// load progress and status to the main thread, which shows them ($/progress, the status-bar item).
import type { ClusterSource, ClusterCrds } from '../../cluster/clusterSource';
import type { CrdInput } from '../../analysis/schema/userCrds';
import { WorkspaceIdentities } from '../../cluster/clusterFiles';
import { loadClusterSource } from '../../cluster/loadClusterSource';
import type { ClusterStatusLookup } from '../../cluster/controlPlaneStatus';
import type { ClusterReport, ClusterStatusParams } from '../../protocol/clusterStatus';
import type { MeshlensSettings } from '../../protocol/settings';
import type { WorkspaceFile } from '../../analysis/host/analysisHost';

type ClusterSettings = MeshlensSettings['cluster'];

export class ClusterFeed {
  private source: ClusterSource | undefined;
  /** The cluster's CRD versions (cluster/clusterCrds.ts), read beside the objects. */
  private crds: ClusterCrds | undefined;
  private key = '';
  private identities = new WorkspaceIdentities();
  private defaultNamespace = 'default';
  private live = false;

  constructor(
    private readonly report: (report: ClusterReport) => void,
    /** The cluster's objects changed: the worker scans again, which calls `with` for the new file list. */
    private readonly changed: () => void,
  ) {}

  /** Applies the settings; a new context (or kubeconfig) starts over, off stops. */
  configure(settings: ClusterSettings, defaultNamespace: string): void {
    if (defaultNamespace !== this.defaultNamespace) {
      this.defaultNamespace = defaultNamespace;
      this.identities = new WorkspaceIdentities(defaultNamespace);
    }
    const key = settings.enabled ? JSON.stringify([settings.context, settings.kubeconfig]) : '';
    if (key === this.key) return;
    this.key = key;
    void this.stop();
    if (!settings.enabled) {
      this.report({ kind: 'status', status: { state: 'off', objects: 0, problems: [] } });
      this.changed();
      return;
    }
    void this.start(settings, key);
  }

  /** The user cancelled the load: stop reading; the analysis keeps the workspace alone. */
  cancel(): void {
    if (!this.source) return;
    const { context } = this.source;
    void this.stop();
    this.report({ kind: 'status', status: { state: 'stopped', context, objects: 0, problems: ['reading the cluster was cancelled; the analysis uses the workspace alone'] } });
    this.changed();
  }

  /** Whether cluster objects are part of the workspace now. */
  active(): boolean {
    return this.live;
  }

  /** The cluster's CRDs of the validated groups, for the schema set (empty when not connected or not readable). */
  crdInputs(): CrdInput[] {
    return this.live && this.crds ? this.crds.inputs() : [];
  }

  /** What the control plane said about the cluster's policies, while cluster objects are part of the workspace. */
  statusLookup(): { readonly context: string; readonly lookup: ClusterStatusLookup } | undefined {
    const source = this.source;
    if (!source || !this.live) return undefined;
    return { context: source.context, lookup: (kind, namespace, name) => source.policyStatus(kind, namespace, name) };
  }

  /** The scan's files with the cluster's (without those the workspace files or open documents replace). */
  with(files: readonly WorkspaceFile[], openDocuments: readonly { readonly uri: string; readonly text: string }[]): WorkspaceFile[] {
    if (!this.source || !this.live) return [...files];
    const shadowed = this.identities.of([...files, ...openDocuments]);
    return [...files, ...this.source.files(shadowed)];
  }

  private async start(settings: ClusterSettings, key: string): Promise<void> {
    let module;
    try {
      module = await loadClusterSource();
    } catch {
      this.report({ kind: 'status', status: { state: 'failed', objects: 0, problems: ['the Kubernetes client (cluster.cjs) could not be loaded'] } });
      return;
    }
    if (key !== this.key) return;
    const opened = module.ClusterSource.open({ ...(settings.context ? { context: settings.context } : {}), ...(settings.kubeconfig ? { kubeconfigPath: settings.kubeconfig } : {}) });
    if ('error' in opened) {
      this.report({ kind: 'status', status: { state: 'failed', objects: 0, problems: [opened.error] } });
      return;
    }
    this.source = opened;
    const crds = new module.ClusterCrds(opened.access, {}, () => this.changed());
    this.crds = crds;
    const [status] = await Promise.all([
      opened.load({
        progress: (p) => this.report({ kind: 'progress', done: p.done, total: p.total, message: p.message }),
        // A watch event: the worker scans again (its graph requests wait for that scan), and the status carries the
        // new object count, which also tells the client's graph panel to redraw.
        changed: () => {
          this.changed();
          this.report({ kind: 'status', status: this.withCrdProblem(statusParams(opened.status())) });
        },
        status: (s) => this.report({ kind: 'status', status: this.withCrdProblem(statusParams(s)) }),
      }),
      crds.load(),
    ]);
    if (this.source !== opened) return;
    this.live = true;
    this.report({ kind: 'status', status: this.withCrdProblem(statusParams(status)) });
    this.changed();
  }

  /** The status with the line saying the cluster's CRDs could not be read, when they could not. */
  private withCrdProblem(params: ClusterStatusParams): ClusterStatusParams {
    const problem = this.crds?.status().problem;
    return problem ? { ...params, problems: [...params.problems, problem] } : params;
  }

  private async stop(): Promise<void> {
    const source = this.source;
    const crds = this.crds;
    this.source = undefined;
    this.crds = undefined;
    this.live = false;
    await Promise.all([source?.stop(), crds?.stop()]);
  }
}

function statusParams(status: { context: string; server: string; state: string; problems: readonly string[]; objects: number }): ClusterStatusParams {
  return { state: status.state as ClusterStatusParams['state'], context: status.context, server: status.server, objects: status.objects, problems: status.problems };
}
