// Incremental ML4xxx findings: changed documents computed at once, unchanged ones carried over to their
// new offsets, many new documents deferred to the sliced recompute, which reports whether anything changed.
import { describe, expect, it } from 'vitest';
import { analyzeText, type DocumentAnalysis } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { EnforcementFindingsCache } from '../../../server/src/lsp/enforcementFindingsCache';
import { generatePolicies } from '../../../bench/generatePolicies';

function session() {
  const entries = new Map<string, DocumentAnalysis>();
  const documentCache = { get: (k: string) => entries.get(k), set: (k: string, v: DocumentAnalysis) => void entries.set(k, v) };
  const enforcement = new EnforcementFindingsCache(() => 0, async () => {});
  const analyse = (text: string) => {
    const analysis = analyzeText(text, documentCache);
    const workspace = buildEnforcementWorkspace([{ key: 'file:///p.yaml', analysis }]);
    const fresh = analyzeEnforcement(analysis, workspace).flatMap((d) => d.findings);
    return { analysis, workspace, fresh };
  };
  return { enforcement, analyse };
}

describe('EnforcementFindingsCache', () => {
  it('carries unchanged documents over to their new offsets and matches a fresh computation', async () => {
    const { enforcement, analyse } = session();
    const text = generatePolicies(12);
    const first = analyse(text);
    expect(first.fresh.length).toBeGreaterThan(3);
    const initial = enforcement.findingsFor('u', 1, first.analysis, first.workspace);
    expect(initial).toMatchObject({ settled: true, findings: first.fresh });

    const edited = text.replace('name: cnp-0\n', 'name: cnp-0-renamed\n');
    enforcement.workspaceChanged();
    const second = analyse(edited);
    const carried = enforcement.findingsFor('u', 2, second.analysis, second.workspace);
    expect(carried.settled).toBe(false);
    expect(carried.findings).toEqual(second.fresh);
    // Nothing cross-document changed, so the recompute settles without asking for a refresh.
    expect(await enforcement.recompute('u', carried.stamp, second.analysis, second.workspace, 2)).toBe(false);
    expect(enforcement.findingsFor('u', 2, second.analysis, second.workspace)).toMatchObject({ settled: true, findings: second.fresh });
  });

  it('defers many new documents to the recompute, which then reports a change', async () => {
    const { enforcement, analyse } = session();
    const { analysis, workspace, fresh } = analyse(generatePolicies(60));
    const early = enforcement.findingsFor('u', 1, analysis, workspace);
    expect(early.settled).toBe(false);
    expect(early.findings.length).toBeLessThan(fresh.length);
    expect(await enforcement.recompute('u', early.stamp, analysis, workspace, 1)).toBe(true);
    expect(enforcement.findingsFor('u', 1, analysis, workspace).findings).toEqual(fresh);
  });

  it('a recompute for an outdated workspace gives up', async () => {
    const { enforcement, analyse } = session();
    const { analysis, workspace } = analyse(generatePolicies(60));
    const early = enforcement.findingsFor('u', 1, analysis, workspace);
    enforcement.workspaceChanged();
    expect(await enforcement.recompute('u', early.stamp, analysis, workspace, 1)).toBe(false);
    expect(enforcement.findingsFor('u', 1, analysis, workspace).settled).toBe(false);
  });
});
