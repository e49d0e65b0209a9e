// Golden rule tables for every policy file in ../shared/corpus/valid: each rule's path, layer, enforcer,
// mode, effect and summary, plus the ML4xxx findings. Regenerate with UPDATE_GOLDEN=1 and review the diff.
// Classification is called directly (not through analyzeEnforcement's guard) so a crash fails the test.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { classifyRules } from '../../../server/src/analysis/enforcement/classifyRules';
import { enforcementLabel } from '../../../server/src/analysis/enforcement/describeEnforcement';
import { findEnforcementPitfalls } from '../../../server/src/analysis/enforcement/pitfalls/findEnforcementPitfalls';
import { formatPath } from '../../../server/src/analysis/model/sourceSpan';
import { requireResource } from '../../support/requirement';

const corpus = path.resolve(__dirname, '../../../../shared/corpus/valid');
const goldenDir = path.resolve(__dirname, 'corpus');
const update = process.env.UPDATE_GOLDEN === '1';
const present = requireResource(`the corpus ${corpus}`, existsSync(corpus), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

function ruleTable(text: string): string {
  const analysis = analyzeText(text);
  const workspace = buildEnforcementWorkspace([{ key: 'file', analysis }]);
  const lines: string[] = [];
  for (const document of analysis.documents) {
    if (!document.policy) continue;
    const rules = classifyRules(document.policy, workspace);
    lines.push(`## document ${document.yaml.index}: ${document.policy.kind.kind} ${document.policy.namespace ?? ''}/${document.policy.name ?? ''}`);
    for (const rule of rules) {
      expect(rule.layer, formatPath(rule.path)).toMatch(/^L[347]$/);
      expect(rule.enforcer, formatPath(rule.path)).toBeTruthy();
      expect(rule.span.end).toBeGreaterThanOrEqual(rule.span.start);
      lines.push(`${formatPath(rule.path)} | ${enforcementLabel(rule)} | mode ${rule.mode} | ${rule.action} | ${rule.summary}`);
    }
    for (const finding of findEnforcementPitfalls(document.policy, rules, workspace)) {
      lines.push(`! ${finding.code} ${finding.severity} @"${text.slice(finding.span.start, Math.min(finding.span.end, finding.span.start + 40)).split("\n")[0]}": ${finding.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.yaml')).sort() : [];

describe.skipIf(!present)('golden rule tables of corpus/valid', () => {
  it.each(files)('%s', (file) => {
    const table = ruleTable(readFileSync(path.join(corpus, file), 'utf8'));
    const golden = path.join(goldenDir, `${file}.rules.txt`);
    if (update || !existsSync(golden)) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(golden, table);
      if (!update) throw new Error(`golden ${golden} was missing and has been written; review it and re-run`);
      return;
    }
    expect(table).toBe(readFileSync(golden, 'utf8'));
  });

  it('annotates at least one rule in most policy files', () => {
    const annotated = files.filter((file) => /\| L[347] · /.test(ruleTable(readFileSync(path.join(corpus, file), 'utf8'))));
    expect(annotated.length / files.length).toBeGreaterThan(0.8);
  });
});
