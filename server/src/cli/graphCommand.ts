// `meshlens graph [--format json|dot|mermaid] [-o file] <files or folders>`: the allowed-traffic graph of
// the workspace the files form (Cilium, Kubernetes and Istio policies combined). Findings go to stderr.
import { dataplaneOverrides, type DataplaneOverride } from '../analysis/workspace/meshMode';
import { defaultSettings } from '../protocol/settings';
import { isGraphTextFormat, renderGraphText } from '../analysis/graph/output/graphText';
import type { WorkspaceTraffic } from '../analysis/graph/workspaceTraffic';
import { focusWorkloads } from '../analysis/host/focusWorkloads';
import { workloadKinds } from '../analysis/inventory/buildInventory';
import { LineIndex } from '../analysis/yaml/lineIndex';
import type { CliCommand, CliIo } from './cliIo';
import { readCommandLine } from './commandLine';
import { readSourceFiles } from './readSourceFiles';
import { sourceHost } from './sourceHost';
import { clusterOptions, clusterUsage, readClusterOption } from './clusterOption';
import { crdOptions, crdUsage, readCrdOption } from './crdOption';
import { isClusterUri } from '../cluster/clusterFiles';
import { withFactOrigins } from '../cluster/factOrigins';

export const graphUsage = `Usage: meshlens graph [--format json|dot|mermaid] [-o file] <files or folders>

Computes which workloads may talk to which, on which ports and requests, through Cilium, Kubernetes
NetworkPolicy and Istio policies combined, from the workloads, namespaces, services and policies in the
files given (folders walked for .yaml/.yml). Edges are allowed, denied or unknown flows some rule speaks
about; workloads no policy isolates accept everything and carry ingressIsolated/egressIsolated = false.

Options:
  -f, --format <json|dot|mermaid>  output format (default: json)
  -o, --output <file>              write the graph to a file instead of stdout
      --focus <file>               only flows of the workloads the policies in this file select
      --default-namespace <ns>     namespace of objects that name none (default: ${defaultSettings.defaultNamespace})
      --max-edges <n>              stop after n edges (default: 50000)
  -q, --quiet                      do not print findings (selectors matching nothing, …) to stderr
${clusterUsage}${crdUsage}  -h, --help                       show this help

Exit status: 0 graph written, 2 usage or I/O failure.
`;

export const graphCommand: CliCommand = {
  name: 'graph',
  summary: 'print the allowed-traffic graph (json, dot or mermaid)',
  run: runGraph,
};

export async function runGraph(args: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine(
    {
      name: 'graph',
      usage: graphUsage,
      needsPaths: false,
      options: {
        ...clusterOptions,
        ...crdOptions,
        format: { type: 'string', short: 'f', default: 'json' },
        output: { type: 'string', short: 'o' },
        focus: { type: 'string' },
        'default-namespace': { type: 'string', default: defaultSettings.defaultNamespace },
        'dataplane-mode': { type: 'string', default: defaultSettings.istio.dataplaneMode },
        'max-edges': { type: 'string', default: '50000' },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
    },
    args,
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  if (positionals.length === 0 && !values.cluster) return line.usageError('no files or folders given.');
  const format = values.format;
  if (!isGraphTextFormat(format)) return line.invalid(`unknown format "${values.format}"; use json, dot or mermaid.`);
  const maxEdges = Number(values['max-edges']);
  if (!Number.isInteger(maxEdges) || maxEdges <= 0) return line.invalid(`--max-edges must be a positive integer; got "${values['max-edges']}".`);
  const badMode = line.oneOf('--dataplane-mode', values['dataplane-mode'], dataplaneOverrides);
  if (badMode !== undefined) return badMode;
  const sources = readSourceFiles(positionals);
  for (const message of sources.errors) io.stderr(`meshlens graph: ${message}\n`);
  if (sources.errors.length > 0) return 2;
  const cluster = await readClusterOption('graph', values, sources.files, io, values['default-namespace']);
  if ('invalid' in cluster) return line.invalid(cluster.invalid);
  const crds = readCrdOption('graph', values.crd, io, cluster.crds);
  if ('unreadable' in crds) {
    io.stderr(`meshlens graph: ${crds.unreadable}\n`);
    return 2;
  }
  const snapshot = sourceHost(sources.files, { defaultNamespace: values['default-namespace'], dataplaneMode: values['dataplane-mode'] as DataplaneOverride }, cluster.files, crds.schemas).snapshot();
  const traffic = snapshot.traffic();
  const { graph: computed, truncated } = snapshot.trafficGraph({ ...(values.focus === undefined ? {} : { focusUri: values.focus }), maxEdges });
  // An empty graph always says why: the commonest cause is workload manifests left off the command line.
  // Only an empty focused graph needs to know whether the focus file selects anything.
  // Nodes and rules say whether they came from the files given or the cluster (only when the cluster was read).
  const graph = cluster.files.length > 0 ? withFactOrigins(computed, traffic.model.inventory) : computed;
  const focusSelectsNothing = values.focus !== undefined && graph.edges.length === 0 && focusWorkloads(traffic.model, values.focus).size === 0;
  const why = emptyGraphNote(traffic, sources.files.length + cluster.files.length, positionals, graph.edges.length) ?? (focusSelectsNothing ? `the policies of ${values.focus} select no workload of the workspace (is the file among the paths given?), so the focused graph is empty.` : undefined);
  if (why) io.stderr(`meshlens graph: ${why}\n`);
  if (!values.quiet) {
    io.stderr(formatWorkspaceFindings({ ...traffic, findings: traffic.findings.filter((f) => !isClusterUri(f.file)) }, sources.files));
    if (truncated) io.stderr(`meshlens graph: ML5006 the graph was truncated at ${maxEdges} edges; use --focus or --max-edges.\n`);
  }
  const report = renderGraphText(graph, format);
  if (values.output) {
    try {
      io.writeFile(values.output, report);
    } catch (error) {
      io.stderr(`meshlens graph: cannot write ${values.output}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  } else {
    io.stdout(report);
  }
  return 0;
}

/** `path:line:col: severity CODE message`, one per line, for stderr. */
export function formatWorkspaceFindings(traffic: WorkspaceTraffic, files: readonly { path: string; text: string }[]): string {
  const indexes = new Map(files.map((f) => [f.path, new LineIndex(f.text)]));
  return traffic.findings
    .map(({ file, finding }) => {
      const at = indexes.get(file)?.positionAt(finding.span.start) ?? { line: 0, character: 0 };
      return `${file}:${at.line + 1}:${at.character + 1}: ${finding.severity} ${finding.code} ${finding.message}\n`;
    })
    .join('');
}

/**
 * Why a graph is empty, in terms of what the given paths hold and how to add what is missing; undefined when the
 * graph has workloads and edges.
 */
export function emptyGraphNote(traffic: WorkspaceTraffic, fileCount: number, paths: readonly string[], edgeCount: number): string | undefined {
  const { workloads, policies, namespaces, services } = traffic.model.inventory;
  if (fileCount === 0) return `no .yaml/.yml files in ${paths.join(' ')}, so there is nothing to draw; give the files or folders that hold the policies and the workload manifests.`;
  if (workloads.length === 0) {
    const declared = [...namespaces.values()].filter((n) => n.declared).length;
    const read = [`${fileCount} file${fileCount === 1 ? '' : 's'}`, `${policies.length} polic${policies.length === 1 ? 'y' : 'ies'}`, `${declared} Namespace${declared === 1 ? '' : 's'}`, `${services.length} Service${services.length === 1 ? '' : 's'}`];
    return `the graph has no workloads: no workload manifests (${workloadKinds.join(', ')}) in the paths given (read ${read.join(', ')}). `
      + `Policies select pods, so add the files or folders that hold the workload manifests, e.g. \`meshlens graph policies/ workloads/\`, or pipe rendered manifests in with \`helm template . | meshlens graph -\`.`;
  }
  if (edgeCount === 0) {
    const inNamespaces = [...new Set(workloads.map((w) => w.namespace))].sort().join(', ');
    return policies.length === 0
      ? `no edges: ${workloads.length} workload${workloads.length === 1 ? '' : 's'} (in ${inNamespaces}) but no policy in the paths given, so nothing restricts or names a flow; add the policy files or folders.`
      : `no edges: none of the ${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} selects one of the ${workloads.length} workload${workloads.length === 1 ? '' : 's'} (in ${inNamespaces}) or names a flow; check their namespaces and selectors (findings above).`;
  }
  return undefined;
}
