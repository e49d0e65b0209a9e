// Inlay hints `L7 · Envoy (node)` / `L4 · ztunnel` at the end of a rule's first line, from the same classification
// and wording (enforcementLabel, describeEnforcement) as hover and the CLI. One hint per rule: a nested part
// (`ports`, an http entry) that would repeat its rule's label says nothing; only a part that is enforced
// differently gets its own. When the Istio data-plane mode is unknown the hint names what would decide it.
// Pure: offsets in, hints out.
import type { FileAnalysis } from '../analyzeFile';
import { classifyRules } from '../enforcement/classifyRules';
import { alternativeSentence, describeEnforcement, enforcementLabel } from '../enforcement/describeEnforcement';
import { policyNamespace, type EnforcementWorkspace } from '../enforcement/enforcementWorkspace';
import { policyOfDocument } from '../enforcement/policyOfDocument';
import type { ClassifiedRule } from '../enforcement/ruleEnforcement';
import type { SourceSpan } from '../model/sourceSpan';

export interface EnforcementHint {
  /** Offset where the hint is shown: the end of the rule's first line. */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
}

/** Hints for the rules whose first line lies in `range` (whole text when absent); at most one per line. */
export function enforcementInlayHints(file: FileAnalysis, workspace: EnforcementWorkspace, range?: SourceSpan): EnforcementHint[] {
  const hints: EnforcementHint[] = [];
  const usedLines = new Set<number>();
  for (const document of file.documents) {
    if (range && (document.yaml.end < range.start || document.yaml.start > range.end)) continue;
    const policy = policyOfDocument(document);
    if (!policy) continue;
    const namespace = policyNamespace(policy, workspace);
    const modeHint = namespace === workspace.dataplane.rootNamespace
      ? 'mode? set istio.io/dataplane-mode on the workloads\' namespaces or meshlens.istio.dataplaneMode'
      : `mode? set istio.io/dataplane-mode on namespace ${namespace} or meshlens.istio.dataplaneMode`;
    // Outermost first (classifyRules' order); `shown` keeps the hinted rules, to find a part's enclosing rule.
    const shown: { rule: ClassifiedRule; label: string }[] = [];
    for (const rule of classifyRules(policy, workspace)) {
      if (!isHinted(rule)) continue;
      const label = rule.mode === 'unknown' ? `${enforcementLabel(rule).replace(/ — mode\?$/, '')} — ${modeHint}` : enforcementLabel(rule);
      const enclosing = [...shown].reverse().find((s) => isPrefix(s.rule.path, rule.path));
      if (enclosing && enclosing.label === label) continue;
      shown.push({ rule, label });
      // Within the document's own text: a whole text is never joined for hints (an edited file holds it in blocks).
      const offset = document.yaml.start + lineEnd(document.yaml.text, rule.anchor.start - document.yaml.start);
      if (range && (offset < range.start || offset > range.end)) continue;
      // Two rules can start on one line (`- toPorts:` item and entry); keep the first (outermost).
      if (usedLines.has(offset)) continue;
      usedLines.add(offset);
      hints.push({ offset, label, tooltip: tooltip(rule, namespace) });
    }
  }
  return hints;
}

/** The hover's sentence; an alternative that belongs to no mode (a gateway) reads "Also", not "In n/a mode". */
function tooltip(rule: ClassifiedRule, namespace: string): string {
  const alternatives = rule.alternatives ?? [];
  const sentences = [`${rule.summary}.`, describeEnforcement({ ...rule, alternatives: [] }), ...alternatives.map(alternativeSentence)];
  if (rule.mode === 'unknown') {
    sentences.push(`The Istio data-plane mode is unknown: label namespace ${namespace} with istio.io/dataplane-mode=ambient (ambient) or istio-injection=enabled (sidecars), or set meshlens.istio.dataplaneMode.`);
  }
  return sentences.join(' ');
}

/** Istio from/to/when parts would repeat their rule's hint on the next lines. */
function isHinted(rule: ClassifiedRule): boolean {
  const last = rule.path[rule.path.length - 2];
  return !(last === 'from' || last === 'to' || last === 'when');
}

function isPrefix(outer: readonly (string | number)[], inner: readonly (string | number)[]): boolean {
  return outer.length < inner.length && outer.every((segment, i) => inner[i] === segment);
}

function lineEnd(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline === -1 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}
