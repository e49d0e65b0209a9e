// Inlay hints `L7 · Envoy (node)` / `L4 · ztunnel` at the end of each rule's first line, from the same
// classification and wording (describeEnforcement) as hover and the CLI. Pure: offsets in, hints out.
import type { FileAnalysis } from '../analyzeFile';
import { classifyRules } from '../enforcement/classifyRules';
import { describeEnforcement, enforcementLabel } from '../enforcement/describeEnforcement';
import type { EnforcementWorkspace } from '../enforcement/enforcementWorkspace';
import { policyOfDocument } from '../enforcement/policyOfDocument';
import type { ClassifiedRule } from '../enforcement/ruleEnforcement';
import type { SourceSpan } from '../model/sourceSpan';

export interface EnforcementHint {
  /** Offset where the hint is shown: the end of the rule's first line. */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** Hints for every rule whose first line lies in `range` (whole text when absent); one per line. */
export function enforcementInlayHints(file: FileAnalysis, workspace: EnforcementWorkspace, range?: SourceSpan): EnforcementHint[] {
  const hints: EnforcementHint[] = [];
  const usedLines = new Set<number>();
  for (const document of file.documents) {
    if (range && (document.yaml.end < range.start || document.yaml.start > range.end)) continue;
    const policy = policyOfDocument(document);
    if (!policy) continue;
    for (const rule of classifyRules(policy, workspace)) {
      if (!isHinted(rule)) continue;
      const offset = lineEnd(file.text, rule.anchor.start);
      if (range && (offset < range.start || offset > range.end)) continue;
      // Two rules can start on one line (`- toPorts:` item and entry); keep the first (outermost).
      if (usedLines.has(offset)) continue;
      usedLines.add(offset);
      hints.push({ offset, label: enforcementLabel(rule), tooltip: `${rule.summary}. ${describeEnforcement(rule)}` });
    }
  }
  return hints;
}

/** Istio from/to/when parts would repeat their rule's hint on the next lines. */
function isHinted(rule: ClassifiedRule): boolean {
  const last = rule.path[rule.path.length - 2];
  return !(last === 'from' || last === 'to' || last === 'when');
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}
