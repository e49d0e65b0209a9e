// The hover section for rules: what the rule under the cursor allows or denies, its layer and enforcer
// with why, the pitfall if any, and the upstream page. One section of features/hover.ts.
import type { EnforcementWorkspace } from '../enforcement/enforcementWorkspace';
import { classifyRules } from '../enforcement/classifyRules';
import { scanDataplaneContext } from '../enforcement/dataplaneContext';
import { describeEnforcement, enforcementLabel } from '../enforcement/describeEnforcement';
import { findEnforcementPitfalls } from '../enforcement/pitfalls/findEnforcementPitfalls';
import { policyOfDocument } from '../enforcement/policyOfDocument';
import type { ClassifiedRule } from '../enforcement/ruleEnforcement';
import { formatPath } from '../model/sourceSpan';
import { parseYamlDocuments } from '../yaml/parseYamlDocuments';
import type { HoverContext, HoverSection } from './hover';

/** Builds the section over a workspace the caller knows (open files, settings override). */
export function ruleHoverSectionFor(workspaceOf: (context: HoverContext) => EnforcementWorkspace): HoverSection {
  return (context) => {
    const document = context.document;
    if (!document) return undefined;
    const policy = policyOfDocument(document);
    if (!policy) return undefined;
    const workspace = workspaceOf(context);
    const rules = classifyRules(policy, workspace);
    const rule = innermostRuleAt(rules, context.offset);
    if (!rule) return undefined;
    const pitfalls = findEnforcementPitfalls(policy, rules, workspace).filter((f) => f.span.start >= rule.span.start && f.span.end <= rule.span.end);
    const url = /https?:\/\/\S+/.exec(rule.upstream)?.[0];
    return [
      `**${enforcementLabel(rule)}** · \`${formatPath(rule.path)}\``,
      capitalize(rule.summary) + '.',
      describeEnforcement(rule),
      ...pitfalls.map((f) => `⚠ ${f.code}: ${f.message}`),
      url ? `[Upstream: how this is enforced](${url})` : `Source: ${rule.upstream}`,
    ].join('\n\n');
  };
}

/** Default: the data-plane facts of the same file (Namespace, Gateway, Service, workload documents). */
export const ruleHoverSection: HoverSection = ruleHoverSectionFor((context) => ({
  dataplane: scanDataplaneContext(parseYamlDocuments(context.text).map((d) => d.value)),
  policies: [],
}));

/** The smallest classified rule whose text contains the offset. */
export function innermostRuleAt(rules: readonly ClassifiedRule[], offset: number): ClassifiedRule | undefined {
  let best: ClassifiedRule | undefined;
  for (const rule of rules) {
    const start = Math.min(rule.span.start, rule.anchor.start);
    if (offset < start || offset > rule.span.end) continue;
    if (!best || rule.span.end - start < best.span.end - Math.min(best.span.start, best.anchor.start)) best = rule;
  }
  return best;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
