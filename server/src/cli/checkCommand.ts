// `meshlens check [--format text|json|sarif] [-o file] <files or folders>`: validates policy YAML
// like a compiler. Exit 0 without errors, 1 with errors, 2 on usage or I/O failure, 3 when no error was
// found but some file could not be analysed. The files given form one analysis host; the report is its snapshot.
import { dataplaneOverrides, type DataplaneOverride } from '../analysis/workspace/meshMode';
import { checkedFile, countSeverities, type CheckedFile } from './checkedFile';
import type { CliCommand, CliIo } from './cliIo';
import { readCommandLine } from './commandLine';
import { formatJson } from './output/formatJson';
import { formatSarif } from './output/formatSarif';
import { formatText } from './output/formatText';
import { readSourceFiles } from './readSourceFiles';
import { sourceHost } from './sourceHost';
import { defaultSettings } from '../protocol/settings';
import { clusterOptions, clusterUsage, readClusterOption, withClusterStatus } from './clusterOption';
import { crdOptions, crdUsage, readCrdOption } from './crdOption';

const formatters: Record<string, (files: readonly CheckedFile[]) => string> = {
  text: formatText,
  json: formatJson,
  sarif: (files) => formatSarif(files),
};


export const checkUsage = `Usage: meshlens check [--format text|json|sarif] [-o file] <files or folders>

Validates Cilium, Istio and Kubernetes policy YAML against the upstream schemas and semantic rules.
Folders are walked for .yaml/.yml files (node_modules and dot-folders skipped); name .json files explicitly.
\`-\` reads standard input (reported as path "-"), e.g. \`helm template . | meshlens check -\`.
All files given form one workspace: Namespaces and workloads in one file inform the checks of policies in another.

Options:
  -f, --format <text|json|sarif>  output format (default: text)
  -o, --output <file>             write the report to a file instead of stdout
      --max-file-size <MB>        skip larger files with ML0006 (default: ${defaultSettings.maxFileSizeMB}, as meshlens.maxFileSizeMB)
      --dataplane-mode <mode>     Istio data-plane mode: auto (from the Namespaces given), sidecar or ambient
                                  (default: ${defaultSettings.istio.dataplaneMode}, as meshlens.istio.dataplaneMode)
      --default-namespace <ns>    namespace of objects that name none (default: ${defaultSettings.defaultNamespace})
${clusterUsage}${crdUsage}  -h, --help                      show this help

Exit status: 0 no errors, 1 errors found, 2 usage or I/O failure,
             3 no errors found but some file was not analysed (ML0006: above --max-file-size).
`;

export const checkCommand: CliCommand = {
  name: 'check',
  summary: 'validate policy files and print findings (text, json or sarif)',
  run: runCheck,
};

export async function runCheck(args: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine(
    {
      name: 'check',
      usage: checkUsage,
      needsPaths: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'max-file-size': { type: 'string' },
        'dataplane-mode': { type: 'string', default: defaultSettings.istio.dataplaneMode },
        'default-namespace': { type: 'string', default: defaultSettings.defaultNamespace },
        ...clusterOptions,
        ...crdOptions,
      },
    },
    args,
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const format = formatters[values.format];
  if (!format) return line.invalid(`unknown format "${values.format}"; use text, json or sarif.`);

  const maxMB = values['max-file-size'] === undefined ? defaultSettings.maxFileSizeMB : Number(values['max-file-size']);
  if (!Number.isFinite(maxMB) || maxMB <= 0) return line.invalid(`--max-file-size must be a positive number of megabytes; got "${values['max-file-size']}".`);

  const mode = values['dataplane-mode'] as DataplaneOverride;
  const badMode = line.oneOf('--dataplane-mode', mode, dataplaneOverrides);
  if (badMode !== undefined) return badMode;

  const sources = readSourceFiles(positionals, Math.floor(maxMB * 1024 * 1024));
  let failed = sources.errors.length > 0;
  for (const message of sources.errors) io.stderr(`meshlens check: ${message}\n`);
  // The core never throws on user input; if it does, that is a meshlens bug worth reporting loudly.
  const internalError = (path: string, error: unknown) => {
    failed = true;
    io.stderr(`meshlens check: internal error while analysing ${path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  };

  const cluster = await readClusterOption('check', values, sources.files, io, values['default-namespace']);
  if ('invalid' in cluster) return line.invalid(cluster.invalid);
  const crds = readCrdOption('check', values.crd, io, cluster.crds);
  if ('unreadable' in crds) {
    io.stderr(`meshlens check: ${crds.unreadable}\n`);
    return 2;
  }
  const snapshot = sourceHost(sources.files, { maxFileSizeMB: maxMB, dataplaneMode: mode, defaultNamespace: values['default-namespace'] }, cluster.files, crds.schemas).snapshot();
  const files: CheckedFile[] = [];
  let skipped = false;
  for (const source of sources.files) {
    try {
      skipped ||= !snapshot.isAnalysed(source.path);
      const analysis = snapshot.analysis(source.path);
      files.push(checkedFile(source.path, source.text, withClusterStatus(snapshot.diagnostics(source.path), analysis, cluster, values['default-namespace']), analysis, snapshot.enforcement(source.path)));
    } catch (error) {
      internalError(source.path, error);
    }
  }

  const report = format(files);
  if (values.output) {
    try {
      io.writeFile(values.output, report);
    } catch (error) {
      io.stderr(`meshlens check: cannot write ${values.output}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  } else {
    io.stdout(report);
  }
  if (failed) return 2;
  if (countSeverities(files).error > 0) return 1;
  // A CI gate must not pass a file that was never checked.
  return skipped ? 3 : 0;
}
