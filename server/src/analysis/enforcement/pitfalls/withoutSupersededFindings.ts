// Drops per-document findings that a workspace pitfall restates more precisely, where the two passes'
// findings are merged (editor diagnostics, CLI check). Rows: the general code, the specific one that
// replaces it on the same AuthorizationPolicy rule.
import type { FileAnalysis } from '../../analyzeFile';
import type { Finding } from '../../model/finding';
import type { SourceSpan } from '../../model/sourceSpan';
import { locate } from '../../yaml/parseYamlDocuments';

const supersededOnSameRule: readonly { general: string; specific: string; why: string }[] = [
  // istiod's webhook warning (validation.go) says a DENY rule with only HTTP attributes denies all TCP
  // traffic in scope; ML4007 names the sidecar TCP ports where that actually happens.
  { general: 'ML3016', specific: 'ML4007', why: 'ML4007 names the plain TCP ports where the DENY rule denies everything' },
];

/** Whether a workspace finding may replace `finding` (a merge that skips the check must have none of these). */
export function mayBeSuperseded(finding: Finding): boolean {
  return supersededOnSameRule.some((r) => r.general === finding.code);
}

/**
 * `findings` without the general findings whose rule (spec.rules[i] of the same document) also has the
 * specific workspace finding. Only a definite specific finding replaces the general one: an ML4007 that
 * is information (the sidecar mode is a guess) leaves the webhook warning in place.
 */
export function withoutSupersededFindings(analysis: FileAnalysis, findings: readonly Finding[], workspaceFindings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => {
    const row = supersededOnSameRule.find((r) => r.general === finding.code);
    if (!row) return true;
    const rule = ruleSpanAround(analysis, finding);
    if (!rule) return true;
    return !workspaceFindings.some(
      (other) => other.code === row.specific && other.severity !== 'information' && other.documentIndex === finding.documentIndex && within(other.span, rule),
    );
  });
}

/** The span of the AuthorizationPolicy rule (spec.rules[i]) holding the finding, if any. */
function ruleSpanAround(analysis: FileAnalysis, finding: Finding): SourceSpan | undefined {
  // Documents sit at their index (this runs on every diagnostics answer: no walk over a large file's documents).
  const at = finding.documentIndex === undefined ? undefined : analysis.documents[finding.documentIndex];
  const document = at?.yaml.index === finding.documentIndex ? at : analysis.documents.find((d) => d.yaml.index === finding.documentIndex);
  const rules = document?.policy?.kind.kind === 'AuthorizationPolicy' ? (document.policy.value.spec as { rules?: unknown } | undefined)?.rules : undefined;
  if (!document || !Array.isArray(rules)) return undefined;
  for (let i = 0; i < rules.length; i++) {
    const span = locate(document.yaml, ['spec', 'rules', i]).value;
    if (span && within(finding.span, span)) return span;
  }
  return undefined;
}

function within(inner: SourceSpan, outer: SourceSpan): boolean {
  return inner.start >= outer.start && inner.end <= outer.end;
}
