// analyzeEnforcement classifies a document's rules only when they are read (the settle pass reads only findings;
// only Istio's pitfalls read the rules). This proves the answer is the eager one: over every policy of
// ../shared/corpus (valid, invalid, connectivity, diff; each folder one workspace), and a file of generated
// policies of every kind, the findings equal findEnforcementPitfalls over classifyRules, and the rules (read
// after the findings, and read again) equal classifyRules, in the same order.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { classifyRules } from '../../../server/src/analysis/enforcement/classifyRules';
import { findEnforcementPitfalls } from '../../../server/src/analysis/enforcement/pitfalls/findEnforcementPitfalls';
import { generatePolicies } from '../../../bench/generatePolicies';
import { requireResource } from '../../support/requirement';
import { yamlFilesUnder } from '../../support/yamlFilesUnder';

const corpus = path.resolve(__dirname, '../../../../shared/corpus');
const corpusPresent = requireResource('the acceptance corpus (../shared/corpus)', existsSync(corpus), 'check out the shared corpus next to the repository');

/** Compares lazy with eager for every policy of one workspace; returns how many documents had findings. */
function compareWorkspace(files: readonly { key: string; analysis: FileAnalysis }[]): { documents: number; withFindings: number } {
  const workspace = buildEnforcementWorkspace(files);
  let documents = 0;
  let withFindings = 0;
  for (const file of files) {
    const lazy = analyzeEnforcement(file.analysis, workspace);
    const policies = file.analysis.documents.filter((d) => d.policy);
    expect(lazy.map((d) => d.documentIndex)).toEqual(policies.map((d) => d.yaml.index));
    policies.forEach((document, i) => {
      const rules = classifyRules(document.policy!, workspace);
      const findings = findEnforcementPitfalls(document.policy!, rules, workspace);
      expect(lazy[i].findings, `${file.key}#${document.yaml.index}`).toEqual(findings);
      expect(lazy[i].rules, `${file.key}#${document.yaml.index}`).toEqual(rules);
      // Classified once: the same array when read again.
      expect(lazy[i].rules).toBe(lazy[i].rules);
      documents++;
      if (findings.length > 0) withFindings++;
    });
  }
  return { documents, withFindings };
}

describe('analyzeEnforcement with rules classified on demand', () => {
  it.runIf(corpusPresent)('equals the eager classification and pitfalls over every corpus folder', () => {
    let documents = 0;
    let withFindings = 0;
    for (const folder of ['valid', 'invalid', 'connectivity', 'diff']) {
      const files = yamlFilesUnder(path.join(corpus, folder)).map((file) => ({ key: file, analysis: analyzeText(readFileSync(file, 'utf8')) }));
      const counts = compareWorkspace(files);
      documents += counts.documents;
      withFindings += counts.withFindings;
    }
    expect(documents).toBeGreaterThan(200);
    expect(withFindings).toBeGreaterThan(20);
  });

  it('equals the eager classification and pitfalls over generated policies of every kind', () => {
    const counts = compareWorkspace([{ key: 'file:///generated.yaml', analysis: analyzeText(generatePolicies(120)) }]);
    expect(counts.documents).toBe(120);
    expect(counts.withFindings).toBeGreaterThan(0);
  });

  it('findings read before the rules are those of the eager pass for every family (the rules are not needed for Cilium and Kubernetes)', () => {
    const analysis = analyzeText(generatePolicies(60));
    const workspace = buildEnforcementWorkspace([{ key: 'file:///g.yaml', analysis }]);
    const families = new Set<string>();
    for (const [i, document] of analysis.documents.filter((d) => d.policy).entries()) {
      families.add(document.policy!.kind.family);
      const lazy = analyzeEnforcement({ ...analysis, documents: [document] }, workspace)[0];
      const eager = findEnforcementPitfalls(document.policy!, classifyRules(document.policy!, workspace), workspace);
      expect(lazy.findings, String(i)).toEqual(eager);
    }
    expect([...families].sort()).toEqual(['cilium', 'istio', 'kubernetes']);
  });
});
