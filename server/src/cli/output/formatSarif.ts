// SARIF 2.1.0 output for code-scanning services (e.g. GitHub): every registered code is a rule with
// its doc paragraph; every finding is a result with a 1-based region. Artifact URIs are relative to
// the working directory (uriBaseId %SRCROOT%), as code scanning expects for checked-out repos.
import { relative, resolve } from 'node:path';
import { allFindingCodes } from '../../analysis/findings/findingCodes';
import type { Severity } from '../../analysis/model/finding';
import type { SourceSpan } from '../../analysis/model/sourceSpan';
import type { CheckedFile } from '../checkedFile';
import packageJson from '../../../../package.json';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

// SARIF has four levels; information and hint both read as notes in code-scanning UIs.
const levelOf: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** Where docs/diagnostics.md is published; its anchors are the lower-cased codes. */
export function diagnosticHelpUri(code: string): string {
  const repository = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
  return `${repository}/blob/main/docs/diagnostics.md#${code.toLowerCase()}`;
}

export function sarifLog(files: readonly CheckedFile[], cwd = process.cwd()): object {
  const ruleIndex = new Map(allFindingCodes.map((entry, index) => [entry.code, index]));
  const rules = allFindingCodes.map((entry) => ({
    id: entry.code,
    name: entry.name,
    shortDescription: { text: entry.title },
    fullDescription: { text: entry.doc },
    help: { text: `${entry.doc}\n\nUpstream: ${entry.upstream}` },
    helpUri: diagnosticHelpUri(entry.code),
    defaultConfiguration: { level: levelOf[entry.severity] },
    properties: { upstream: entry.upstream },
  }));
  const results = files.flatMap((file) =>
    file.findings.map((finding) => {
      const location = (at: SourceSpan) => {
        const start = file.lines.positionAt(at.start);
        const end = file.lines.positionAt(at.end);
        return {
          artifactLocation: { uri: artifactUri(file.path, cwd), uriBaseId: '%SRCROOT%' },
          // SARIF lines and columns are 1-based; endColumn is the column after the region.
          region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
        };
      };
      return {
        ruleId: finding.code,
        ...(ruleIndex.has(finding.code) ? { ruleIndex: ruleIndex.get(finding.code) } : {}),
        level: levelOf[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: location(finding.span) }],
        ...(finding.related?.length
          ? { relatedLocations: finding.related.map((related, id) => ({ id, physicalLocation: location(related.span), message: { text: related.message } })) }
          : {}),
      };
    }),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'meshlens', version: packageJson.version, informationUri: diagnosticHelpUri('').replace(/#$/, ''), rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function formatSarif(files: readonly CheckedFile[], cwd = process.cwd()): string {
  return JSON.stringify(sarifLog(files, cwd), null, 2) + '\n';
}

function artifactUri(path: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, path)).split('\\').join('/');
  return rel.split('/').map(encodeURIComponent).join('/');
}
