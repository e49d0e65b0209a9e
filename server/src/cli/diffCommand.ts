// `meshlens diff <base> <head>` / `meshlens diff --base <rev> [--head <rev>] [paths]`: which flows a change adds,
// removes or changes, and the errors and warnings it introduces. Each side is a folder, a file or a comma-separated
// list of them, or a git revision read through git (no checkout). Both sides go through one analysis host, the head
// after the base, so the head reuses what the base compiled (the same incremental session the editor uses).
import { dataplaneOverrides, type DataplaneOverride } from '../analysis/workspace/meshMode';
import { diffConnectivity } from '../analysis/diff/connectivityDiff';
import { newFindings, type FileFindings } from '../analysis/diff/findingsDiff';
import { renderDiffJson, renderDiffMarkdown, renderDiffText, type DiffReport } from '../analysis/diff/output/diffReport';
import { defaultSettings } from '../protocol/settings';
import type { CliCommand, CliIo } from './cliIo';
import { readCommandLine } from './commandLine';
import { readGitRevision } from './gitRevision';
import { formatDiffSarif } from './output/formatDiffSarif';
import { readSourceFiles, type SourceFile, type SourceFiles } from './readSourceFiles';
import { sourceHost } from './sourceHost';

export const diffUsage = `Usage: meshlens diff [options] <base> <head>
       meshlens diff --base <git-rev> [--head <git-rev>] [files or folders]

Compares the traffic two revisions of the policies allow: flows added, removed and changed (verdict, ports,
L7 constraints, enforcer, layer), grouped by namespace pair, with the rules responsible on each side, and the
errors and warnings the head reports that the base did not. Each side needs the workload manifests too.

<base> and <head> are each a folder, a file, or a comma-separated list of them. With --base, the base is the
given files or folders (default: the current folder) as they are at that git revision, read with git without
checking it out; the head is the working tree, or the revision --head names.

Options:
      --base <git-rev>            read the base side from this revision of the current git repository
      --head <git-rev>            read the head side from this revision (needs --base)
  -f, --format <fmt>              text (default), json, markdown (a PR comment) or sarif (code scanning)
  -o, --output <file>             write the report to a file instead of stdout
      --fail-on <what>            exit 1 when the change opens traffic (opened), closes traffic (closed) or either (any)
      --dataplane-mode <mode>     Istio data-plane mode: auto, sidecar or ambient (default: ${defaultSettings.istio.dataplaneMode})
      --default-namespace <ns>    namespace of objects that name none (default: ${defaultSettings.defaultNamespace})
  -h, --help                      show this help

Exit status: 0 compared (and --fail-on not triggered), 1 --fail-on triggered, 2 usage or I/O failure.
`;

export const diffCommand: CliCommand = {
  name: 'diff',
  summary: 'compare the traffic two revisions allow (flows added, removed, changed)',
  run: runDiff,
};

const formats = ['text', 'json', 'markdown', 'sarif'] as const;
const failOn = ['opened', 'closed', 'any'] as const;

export async function runDiff(args: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine(
    {
      name: 'diff',
      usage: diffUsage,
      needsPaths: false,
      options: {
        base: { type: 'string' },
        head: { type: 'string' },
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'fail-on': { type: 'string' },
        'dataplane-mode': { type: 'string', default: defaultSettings.istio.dataplaneMode },
        'default-namespace': { type: 'string', default: defaultSettings.defaultNamespace },
      },
    },
    args,
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const badFormat = line.oneOf('--format', values.format, formats);
  if (badFormat !== undefined) return badFormat;
  if (values['fail-on'] !== undefined) {
    const bad = line.oneOf('--fail-on', values['fail-on'], failOn);
    if (bad !== undefined) return bad;
  }
  const badMode = line.oneOf('--dataplane-mode', values['dataplane-mode'], dataplaneOverrides);
  if (badMode !== undefined) return badMode;
  if (values.head !== undefined && values.base === undefined) return line.usageError('--head needs --base.');

  let base: SourceFiles;
  let head: SourceFiles;
  let baseLabel: string;
  let headLabel: string;
  if (values.base !== undefined) {
    base = readGitRevision(values.base, positionals);
    head = values.head !== undefined ? readGitRevision(values.head, positionals) : readSourceFiles(positionals.length ? positionals : ['.']);
    const where = positionals.length ? ` (${positionals.join(' ')})` : '';
    baseLabel = `${values.base}${where}`;
    headLabel = `${values.head ?? 'working tree'}${where}`;
  } else {
    if (positionals.length !== 2) return line.usageError(`give the base and the head (two arguments), or --base <git-rev>; got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}.`);
    base = readSourceFiles(splitSide(positionals[0]));
    head = readSourceFiles(splitSide(positionals[1]));
    [baseLabel, headLabel] = positionals;
  }
  const errors = [...base.errors.map((e) => `base: ${e}`), ...head.errors.map((e) => `head: ${e}`)];
  for (const message of errors) io.stderr(`meshlens diff: ${message}\n`);
  if (errors.length > 0) return 2;

  const report: DiffReport = { baseLabel, headLabel, ...compareSides(base.files, head.files, { dataplaneMode: values['dataplane-mode'] as DataplaneOverride, defaultNamespace: values['default-namespace'] }) };
  const text = values.format === 'json' ? renderDiffJson(report) : values.format === 'markdown' ? renderDiffMarkdown(report) : values.format === 'sarif' ? formatDiffSarif(report) : renderDiffText(report);
  if (values.output) {
    try {
      io.writeFile(values.output, text);
    } catch (error) {
      io.stderr(`meshlens diff: cannot write ${values.output}: ${error instanceof Error ? error.message : String(error)}\n`);
      return 2;
    }
  } else {
    io.stdout(text);
  }
  const fail = values['fail-on'];
  const triggered = report.diff.changes.some((c) => (fail === 'opened' ? c.opens : fail === 'closed' ? c.closes : fail === 'any'));
  return triggered ? 1 : 0;
}

function splitSide(side: string): string[] {
  return side.split(',').map((p) => p.trim()).filter((p) => p !== '');
}

/** The base, then the head, through one analysis host: the head reuses the base's parsed and compiled policies. */
export function compareSides(baseFiles: readonly SourceFile[], headFiles: readonly SourceFile[], settings: { dataplaneMode: DataplaneOverride; defaultNamespace: string }): Pick<DiffReport, 'diff' | 'newFindings'> {
  const host = sourceHost(baseFiles, settings);
  const baseSnapshot = host.snapshot();
  const baseModel = baseSnapshot.traffic().model;
  const findingsOf = (snapshot: typeof baseSnapshot, files: readonly SourceFile[]): FileFindings[] => files.map((f) => ({ file: f.path, text: f.text, findings: snapshot.diagnostics(f.path) }));
  const baseFindings = findingsOf(baseSnapshot, baseFiles);
  const headPaths = new Set(headFiles.map((f) => f.path));
  for (const f of baseFiles) if (!headPaths.has(f.path)) host.closeDocument(f.path);
  for (const f of headFiles) host.applyChange(f.path, f.text, { readFindings: f.findings, unread: !f.analysable });
  const headSnapshot = host.snapshot();
  const headModel = headSnapshot.traffic().model;
  return { diff: diffConnectivity(baseModel, headModel), newFindings: newFindings(baseFindings, findingsOf(headSnapshot, headFiles)) };
}
