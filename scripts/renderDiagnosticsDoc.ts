// Renders docs/diagnostics.md from the finding-code registry: an index table, then one section per
// code (anchor = lower-cased code) grouped by area. Pure; scripts/generateDiagnosticsDoc.mjs writes it
// and test/unit/findings/diagnosticsDoc.test.ts fails when the committed file is out of date.
import type { FindingCodeDoc } from '../server/src/analysis/findings/codeDoc';

/** Code ranges as fixed in findingCodes.ts; the most specific prefix wins (ML25 before ML2). */
const areas: readonly { prefix: string; title: string }[] = [
  { prefix: 'ML0', title: 'YAML, encoding and document recognition (ML0xxx)' },
  { prefix: 'ML1', title: 'Schema and CEL validation (ML1xxx)' },
  { prefix: 'ML25', title: 'Kubernetes NetworkPolicy (ML25xx)' },
  { prefix: 'ML2', title: 'Cilium policy rules (ML2xxx)' },
  { prefix: 'ML3', title: 'Istio policy rules (ML3xxx)' },
  { prefix: 'ML4', title: 'Enforcement pitfalls (ML4xxx)' },
  { prefix: 'ML5', title: 'Workspace inventory and traffic graph (ML5xxx)' },
];

export function areaOf(code: string): string {
  return areas.find((area) => code.startsWith(area.prefix))?.title ?? 'Other';
}

export function diagnosticAnchor(code: string): string {
  return code.toLowerCase();
}

export function renderDiagnosticsDoc(codes: readonly FindingCodeDoc[]): string {
  const sorted = [...codes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const out: string[] = [
    '# meshlens diagnostics',
    '',
    '<!-- Generated from server/src/analysis/findings/findingCodes.ts by `npm run docs`; do not edit by hand. -->',
    '',
    `Every finding meshlens reports (in the editor, \`meshlens check\` and SARIF) has a stable code. This page lists all ${sorted.length} of them: what each means, its default severity, and the upstream behaviour it mirrors.`,
    '',
    '| Code | Name | Severity | Title |',
    '| --- | --- | --- | --- |',
    ...sorted.map((c) => `| [${c.code}](#${diagnosticAnchor(c.code)}) | \`${c.name}\` | ${c.severity} | ${cell(c.title)} |`),
  ];
  let currentArea = '';
  for (const c of sorted) {
    const area = areaOf(c.code);
    if (area !== currentArea) {
      currentArea = area;
      out.push('', `## ${area}`);
    }
    out.push(
      '',
      `<a id="${diagnosticAnchor(c.code)}"></a>`,
      '',
      `### ${c.code} ${c.name}: ${c.title}`,
      '',
      `Severity: **${c.severity}**`,
      '',
      c.doc.trim(),
      '',
      `Upstream: ${c.upstream.trim()}`,
    );
  }
  return out.join('\n') + '\n';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}
