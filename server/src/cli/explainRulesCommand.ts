// `meshlens explain-rules [--dataplane-mode m] [--notes] <files or folders>`: prints, per policy document,
// a table of rule → layer · enforcer → what it allows, then the enforcement pitfalls. All files given form
// one workspace (Namespaces and Gateways in one file decide the Istio mode of policies in another).
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { DocumentEnforcement } from '../analysis/enforcement/analyzeEnforcement';
import { dataplaneOverrides, type DataplaneOverride } from '../analysis/workspace/meshMode';
import { describeEnforcement, enforcementLabel } from '../analysis/enforcement/describeEnforcement';
import { formatPath } from '../analysis/model/sourceSpan';
import { LineIndex } from '../analysis/yaml/lineIndex';
import { defaultSettings } from '../protocol/settings';
import type { CliCommand, CliIo } from './cliIo';
import { readCommandLine } from './commandLine';
import { readSourceFiles } from './readSourceFiles';
import { sourceHost } from './sourceHost';

export const explainRulesUsage = `Usage: meshlens explain-rules [--dataplane-mode auto|sidecar|ambient] [--notes] <files or folders>

Prints every rule of the Cilium, Istio and Kubernetes policies given, with its OSI layer, the component
that enforces it (cilium-bpf, cilium-dns-proxy, cilium-envoy, istio-ztunnel, istio-waypoint,
istio-sidecar, istio-gateway, k8s-netpol) and what it allows, followed by enforcement pitfalls (ML4xxx).

Options:
      --dataplane-mode <mode>   Istio data-plane mode: auto (from the Namespaces given), sidecar or ambient
      --default-namespace <ns>  namespace of objects that name none (default: ${defaultSettings.defaultNamespace})
      --notes                   also print why each rule lands on its enforcer
  -h, --help                    show this help
`;

export const explainRulesCommand: CliCommand = {
  name: 'explain-rules',
  summary: 'print a table of rule → layer → enforcer for each policy',
  run: runExplainRules,
};

export async function runExplainRules(args: readonly string[], io: CliIo): Promise<number> {
  const line = readCommandLine(
    {
      name: 'explain-rules',
      usage: explainRulesUsage,
      needsPaths: true,
      options: {
        'dataplane-mode': { type: 'string', default: defaultSettings.istio.dataplaneMode },
        'default-namespace': { type: 'string', default: defaultSettings.defaultNamespace },
        notes: { type: 'boolean', default: false },
      },
    },
    args,
    io,
  );
  if (typeof line === 'number') return line;
  const { values, positionals } = line;
  const mode = values['dataplane-mode'] as DataplaneOverride;
  const badMode = line.oneOf('--dataplane-mode', mode, dataplaneOverrides);
  if (badMode !== undefined) return badMode;
  const sources = readSourceFiles(positionals);
  for (const message of sources.errors) io.stderr(`meshlens explain-rules: ${message}\n`);
  const snapshot = sourceHost(sources.files, { dataplaneMode: mode, defaultNamespace: values['default-namespace'] }).snapshot();
  const out: string[] = [];
  for (const source of sources.files) {
    const analysis = snapshot.analysis(source.path);
    if (analysis) out.push(...explainFile(source.path, analysis, snapshot.enforcement(source.path), values.notes));
  }
  io.stdout(out.length > 0 ? `${out.join('\n')}\n` : 'No policy documents found.\n');
  return sources.errors.length > 0 ? 2 : 0;
}

function explainFile(path: string, analysis: FileAnalysis, enforcement: readonly DocumentEnforcement[], notes: boolean): string[] {
  const lines = new LineIndex(analysis.text);
  const out: string[] = [];
  for (const document of enforcement) {
    const summary = analysis.documents[document.documentIndex]?.summary;
    out.push(`${path} · document ${document.documentIndex}: ${summary?.kind ?? '?'} ${summary?.namespace ? `${summary.namespace}/` : ''}${summary?.name ?? ''}`);
    if (document.rules.length === 0) out.push('  (no rules)');
    const rows = document.rules.map((rule) => {
      const at = lines.positionAt(rule.anchor.start);
      return { where: `${at.line + 1}:${at.character + 1}`, path: formatPath(rule.path), label: enforcementLabel(rule), rule };
    });
    const width = (pick: (r: (typeof rows)[number]) => string) => Math.max(0, ...rows.map((r) => pick(r).length));
    const [w1, w2, w3] = [width((r) => r.where), width((r) => r.path), width((r) => r.label)];
    for (const row of rows) {
      out.push(`  ${row.where.padEnd(w1)}  ${row.path.padEnd(w2)}  ${row.label.padEnd(w3)}  ${row.rule.summary}`);
      if (notes) out.push(`  ${''.padEnd(w1)}  ${''.padEnd(w2)}  ${describeEnforcement(row.rule)}`);
    }
    for (const finding of document.findings) {
      const at = lines.positionAt(finding.span.start);
      out.push(`  ⚠ ${at.line + 1}:${at.character + 1} ${finding.code} ${finding.severity}: ${finding.message}`);
    }
    out.push('');
  }
  return out;
}
