// SARIF 2.1.0 for `meshlens diff`: one result per flow the change opens, located at the rule that opened it
// (so code scanning annotates the pull request's diff there), and one per new error or warning.
import { relative, resolve } from 'node:path';
import { peerLabel } from '../../analysis/diff/connectivityDiff';
import type { RuleRef } from '../../analysis/graph/trafficGraphModel';
import type { GraphRange } from '../../analysis/graph/trafficGraphModel';
import { ruleText, type DiffReport } from '../../analysis/diff/output/diffReport';
import { diagnosticHelpUri } from './formatSarif';
import packageJson from '../../../../package.json';

const OPENED_RULE = 'meshlens/flow-opened';

export function formatDiffSarif(report: DiffReport, cwd = process.cwd()): string {
  const location = (file: string, range: GraphRange) => ({
    physicalLocation: {
      artifactLocation: { uri: artifactUri(file, cwd), uriBaseId: '%SRCROOT%' },
      region: { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 },
    },
  });
  const results: object[] = [];
  for (const change of report.diff.changes) {
    if (!change.opens) continue;
    const rules: readonly RuleRef[] = change.head?.rules ?? [];
    const flow = `${peerLabel(change.from)} → ${peerLabel(change.to)}`;
    const message = `${change.kind === 'added' ? 'Opens' : 'Widens'} ${flow}: ${change.base?.ports ?? 'No Connections'} → ${change.head?.ports ?? 'No Connections'}${rules.length ? ` (by ${rules.map(ruleText).join('; ')})` : ''}`;
    // A flow opened by removing a rule (a deny, or the last isolating rule) has no head rule: it is reported without a location.
    results.push({ ruleId: OPENED_RULE, ruleIndex: 0, level: 'warning', message: { text: message }, locations: rules.slice(0, 1).map((r) => location(r.file, r.range)), ...(rules.length > 1 ? { relatedLocations: rules.slice(1).map((r, id) => ({ id, ...location(r.file, r.range), message: { text: ruleText(r) } })) } : {}) });
  }
  const codes = [...new Set(report.newFindings.map((f) => f.code))].sort();
  for (const f of report.newFindings) {
    results.push({ ruleId: f.code, ruleIndex: 1 + codes.indexOf(f.code), level: f.severity === 'error' ? 'error' : 'warning', message: { text: f.message }, locations: [location(f.file, f.range)] });
  }
  const rules = [
    { id: OPENED_RULE, name: 'FlowOpened', shortDescription: { text: 'The change lets traffic through that the base revision did not allow' }, defaultConfiguration: { level: 'warning' } },
    ...codes.map((code) => ({ id: code, helpUri: diagnosticHelpUri(code) })),
  ];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'meshlens', version: packageJson.version, rules } }, columnKind: 'utf16CodeUnits', results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function artifactUri(path: string, cwd: string): string {
  return relative(cwd, resolve(cwd, path)).split('\\').join('/').split('/').map(encodeURIComponent).join('/');
}
