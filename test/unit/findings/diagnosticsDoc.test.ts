// docs/diagnostics.md must match the registry (regenerate with `npm run docs` or UPDATE_GOLDEN=1),
// and every registry entry must be complete and well-formed, since the doc, hover and SARIF rules read it.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allFindingCodes } from '../../../server/src/analysis/findings/findingCodes';
import { diagnosticHelpUri } from '../../../server/src/cli/output/formatSarif';
import { areaOf, diagnosticAnchor, renderDiagnosticsDoc } from '../../../scripts/renderDiagnosticsDoc';

const docPath = resolve(__dirname, '../../../docs/diagnostics.md');
const severities = ['error', 'warning', 'information', 'hint'];

describe('finding-code registry', () => {
  it('has well-formed, unique codes and names', () => {
    const codes = allFindingCodes.map((c) => c.code);
    const names = allFindingCodes.map((c) => c.name);
    expect(codes.filter((c) => !/^ML\d{4}$/.test(c))).toEqual([]);
    expect(names.filter((n) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(n))).toEqual([]);
    expect(codes.filter((c, i) => codes.indexOf(c) !== i)).toEqual([]);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('gives every code a severity, title, doc paragraph and upstream source', () => {
    const incomplete = allFindingCodes
      .filter((c) => !severities.includes(c.severity) || !c.title?.trim() || !c.doc?.trim() || c.doc.trim().length < 40 || !c.upstream?.trim())
      .map((c) => c.code);
    expect(incomplete).toEqual([]);
  });

  it('puts every code in a known area', () => {
    expect(allFindingCodes.filter((c) => areaOf(c.code) === 'Other').map((c) => c.code)).toEqual([]);
  });
});

describe('docs/diagnostics.md', () => {
  const rendered = renderDiagnosticsDoc(allFindingCodes);

  it('has a section with an anchor for every code, linked from SARIF helpUri', () => {
    for (const entry of allFindingCodes) {
      const anchor = diagnosticAnchor(entry.code);
      expect(rendered).toContain(`<a id="${anchor}"></a>`);
      expect(rendered).toContain(`### ${entry.code} ${entry.name}: ${entry.title}`);
      expect(diagnosticHelpUri(entry.code).endsWith(`docs/diagnostics.md#${anchor}`)).toBe(true);
    }
  });

  it('is up to date with the registry (npm run docs, or UPDATE_GOLDEN=1, to regenerate)', () => {
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(docPath, rendered);
    expect(readFileSync(docPath, 'utf8')).toBe(rendered);
  });
});
