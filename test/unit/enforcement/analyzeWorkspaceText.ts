// Test fixture: analyses one multi-document YAML text as a whole workspace and returns every classified
// rule (with its document index) and every enforcement finding.
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import type { DataplaneOverride } from '../../../server/src/analysis/workspace/meshMode';
import type { ClassifiedRule } from '../../../server/src/analysis/enforcement/ruleEnforcement';
import type { Finding } from '../../../server/src/analysis/model/finding';
import { formatPath } from '../../../server/src/analysis/model/sourceSpan';

export interface WorkspaceResult {
  readonly text: string;
  readonly rules: readonly (ClassifiedRule & { documentIndex: number; at: string })[];
  readonly findings: readonly Finding[];
  /** The rule at `doc#path`, e.g. `0#spec.ingress[0]`, or at `path` in the first policy document. */
  rule(at: string): ClassifiedRule & { documentIndex: number; at: string };
  codes(): string[];
}

export function analyzeWorkspaceText(text: string, override: DataplaneOverride = 'auto'): WorkspaceResult {
  const analysis = analyzeText(text);
  const workspace = buildEnforcementWorkspace([{ key: 'test.yaml', analysis }], override);
  const results = analyzeEnforcement(analysis, workspace);
  const rules = results.flatMap((r) => r.rules.map((rule) => ({ ...rule, documentIndex: r.documentIndex, at: `${r.documentIndex}#${formatPath(rule.path)}` })));
  const findings = results.flatMap((r) => r.findings);
  return {
    text,
    rules,
    findings,
    rule(at: string) {
      const found = at.includes('#') ? rules.find((r) => r.at === at) : rules.find((r) => formatPath(r.path) === at);
      if (!found) throw new Error(`no rule at ${at}; have ${rules.map((r) => r.at).join(', ')}`);
      return found;
    },
    codes() {
      return findings.map((f) => f.code);
    },
  };
}

/** Joins YAML documents with `---`. */
export function yamlDocs(...docs: string[]): string {
  return docs.map((d) => d.replace(/^\n/, '')).join('---\n');
}
