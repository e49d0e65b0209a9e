// `--cluster [--context NAME] [--kubeconfig FILE]` for check, graph and explain: the live cluster's objects join
// the files given as read-only workspace files (server/src/cluster), and a file given replaces the cluster's object
// of the same kind/namespace/name, so the answer is "what the cluster does once these files are applied". The
// cluster is listed once (no watch). If it cannot be read, the command says why on stderr and goes on with the
// files alone.
import { WorkspaceIdentities, type ClusterFile } from '../cluster/clusterFiles';
import { loadClusterSource } from '../cluster/loadClusterSource';
import { controlPlaneFindings, type ClusterStatusLookup } from '../cluster/controlPlaneStatus';
import { withClusterScope } from '../cluster/factOrigins';
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { Finding } from '../analysis/model/finding';
import type { CliIo } from './cliIo';
import type { CrdInput } from '../analysis/schema/userCrds';

export const clusterOptions = {
  cluster: { type: 'boolean', default: false },
  context: { type: 'string' },
  kubeconfig: { type: 'string' },
  'cluster-timeout': { type: 'string', default: '10' },
} as const;

export const clusterUsage = `      --cluster                   also read the live cluster (read-only: list only) of the kubeconfig; files given
                                  replace the cluster's objects of the same kind/namespace/name
      --context <name>            kubeconfig context for --cluster (default: its current-context)
      --kubeconfig <file>         kubeconfig for --cluster (default: $KUBECONFIG, then ~/.kube/config)
      --cluster-timeout <s>       deadline of each request to the API server (default: 10)
`;

export interface ClusterOptionValues {
  readonly cluster?: boolean;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly 'cluster-timeout'?: string;
}

/** The cluster's files for the host (empty without --cluster), or an error message for a bad option value. */
export interface ClusterRead {
  readonly files: readonly ClusterFile[];
  /** The cluster's CRDs of the validated groups (cli/crdOption.ts builds the schema set from them). */
  readonly crds?: readonly CrdInput[];
  /** What the control plane said about the cluster's policies (absent without --cluster or when nothing was read). */
  readonly status?: { readonly context: string; readonly lookup: ClusterStatusLookup };
}

export async function readClusterOption(command: string, values: ClusterOptionValues, given: readonly { readonly path: string; readonly text: string }[], io: CliIo, defaultNamespace: string): Promise<ClusterRead | { readonly invalid: string }> {
  if (!values.cluster) {
    if (values.context !== undefined || values.kubeconfig !== undefined) return { invalid: '--context and --kubeconfig need --cluster.' };
    return { files: [] };
  }
  const seconds = Number(values['cluster-timeout'] ?? '10');
  if (!Number.isFinite(seconds) || seconds <= 0) return { invalid: `--cluster-timeout must be a positive number of seconds; got "${values['cluster-timeout']}".` };
  const { ClusterSource, ClusterCrds } = await loadClusterSource();
  const source = ClusterSource.open({ ...(values.kubeconfig ? { kubeconfigPath: values.kubeconfig } : {}), ...(values.context ? { context: values.context } : {}), timing: { requestTimeoutMs: seconds * 1000 } });
  if ('error' in source) {
    io.stderr(`meshlens ${command}: cluster: ${source.error}; the analysis below uses the files given only.\n`);
    return { files: [] };
  }
  // The cluster's CRD versions validate the files (cli/crdOption.ts), read beside the objects.
  const crds = new ClusterCrds(source.access, { requestTimeoutMs: seconds * 1000 });
  const [status, crdStatus] = await Promise.all([source.load({}, { once: true }), crds.load({ once: true })]);
  if (crdStatus.problem) io.stderr(`meshlens ${command}: cluster ${crdStatus.problem}.\n`);
  for (const problem of status.problems) io.stderr(`meshlens ${command}: cluster ${status.context}: ${problem}\n`);
  if (status.state === 'failed') {
    io.stderr(`meshlens ${command}: cluster ${status.context}: nothing could be read from ${status.server}; the analysis below uses the files given only.\n`);
    return { files: [] };
  }
  const shadowed = new WorkspaceIdentities(defaultNamespace).of(given.map((f) => ({ uri: f.path, text: f.text })));
  const files = source.files(shadowed);
  io.stderr(`meshlens ${command}: cluster ${status.context}: read ${status.objects} objects from ${status.server}${shadowed.size > 0 ? '; the files given replace the cluster objects they name' : ''}.\n`);
  return { files, crds: crds.inputs(), status: { context: status.context, lookup: (kind, namespace, name) => source.policyStatus(kind, namespace, name) } };
}

/** With --cluster: ML5001–ML5005 say the cluster's part, and ML5030 says what the control plane said (cluster/controlPlaneStatus.ts). */
export function withClusterStatus(findings: readonly Finding[], analysis: FileAnalysis | undefined, cluster: ClusterRead, defaultNamespace: string): readonly Finding[] {
  const status = cluster.status;
  if (!status || !analysis) return findings;
  return [...findings.map((f) => withClusterScope(f, status.context)), ...controlPlaneFindings(analysis, findings, status.lookup, status.context, defaultNamespace)];
}
