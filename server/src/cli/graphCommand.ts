// `meshlens graph [--format json|dot|mermaid] [-o file] <files or folders>`: the allowed-traffic graph of
// the workspace the files form (Cilium, Kubernetes and Istio policies combined). Findings go to stderr.
import type { TrafficGraph } from '../protocol/trafficGraph';
import { defaultSettings } from '../protocol/settings';
import { graphToDot } from '../analysis/graph/output/graphDot';
import { graphToMermaid } from '../analysis/graph/output/graphMermaid';
import type { WorkspaceTraffic } from '../analysis/graph/workspaceTraffic';
import { LineIndex } from '../analysis/yaml/lineIndex';
import type { CliCommand, CliIo } from './cliIo';
import { readCommandLine } from './commandLine';
import { readSourceFiles } from './readSourceFiles';
import { sourceHost } from './sourceHost';

const formatters: Record<string, (graph: TrafficGraph) => string> = {
  json: (graph) => `${JSON.stringify(graph, null, 2)}\n`,
  dot: graphToDot,
  mermaid: graphToMermaid,
};

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
  -h, --help                       show this help

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
      needsPaths: true,
      options: {
        format: { type: 'string', short: 'f', default: 'json' },
        output: { type: 'string', short: 'o' },
        focus: { type: 'string' },
        'default-namespace': { type: 'string', default: defaultSettings.defaultNamespace },
        'max-edges': { type: 'string', default: '50000' },
        quiet: { type: 'boolean', short: 'q', default: false },
      },
    },
    args,
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const format = formatters[values.format];
  if (!format) return line.invalid(`unknown format "${values.format}"; use json, dot or mermaid.`);
  const maxEdges = Number(values['max-edges']);
  if (!Number.isInteger(maxEdges) || maxEdges <= 0) return line.invalid(`--max-edges must be a positive integer; got "${values['max-edges']}".`);
  const sources = readSourceFiles(positionals);
  for (const message of sources.errors) io.stderr(`meshlens graph: ${message}\n`);
  if (sources.errors.length > 0) return 2;
  const snapshot = sourceHost(sources.files, { defaultNamespace: values['default-namespace'] }).snapshot();
  const traffic = snapshot.traffic();
  const { graph, truncated } = snapshot.trafficGraph({ ...(values.focus === undefined ? {} : { focusUri: values.focus }), maxEdges });
  if (!values.quiet) {
    io.stderr(formatWorkspaceFindings(traffic, sources.files));
    if (truncated) io.stderr(`meshlens graph: ML5006 the graph was truncated at ${maxEdges} edges; use --focus or --max-edges.\n`);
  }
  const report = format(graph);
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
