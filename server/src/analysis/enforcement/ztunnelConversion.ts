// Predicts what ztunnel enforces of a selector or namespace-wide AuthorizationPolicy, exactly as istiod
// converts it (istio/istio pilot/pkg/serviceregistry/ambient/authorization.go) and ztunnel matches it
// (istio/ztunnel src/rbac.rs): ALLOW rules with HTTP attributes are dropped; DENY rules lose them, and a
// clause left with only empty matches never fires. See ../shared/design/semantics.md §B.5.
// The one owner of that conversion: the rule annotation reads the effects, the graph (evaluateIstio.ts)
// evaluates the converted rules.
import type { RuleEffect } from './ruleEnforcement';
import { specRuleParts, type RuleAttribute } from './authorizationRuleAttributes';

export interface ZtunnelRuleOutcome {
  readonly ruleIndex: number;
  readonly effect: RuleEffect;
  /** Attributes ztunnel cannot read (HTTP ones and trust domains): the rule is dropped or they are stripped. */
  readonly droppedAttributes: readonly RuleAttribute[];
  /** The rule as ztunnel gets it (stripped attributes and emptied entries gone); absent when ztunnel never applies it. */
  readonly converted?: Record<string, unknown>;
}

export interface ZtunnelPolicyOutcome {
  readonly action: string;
  /** CUSTOM and AUDIT are not converted at all (ZtunnelAccepted=False). */
  readonly unsupportedAction: boolean;
  readonly rules: readonly ZtunnelRuleOutcome[];
  /** ALLOW policy whose every rule was dropped: ztunnel gets an ALLOW that never matches (fail closed). */
  readonly allowsNothing: boolean;
}

export function convertForZtunnel(spec: Record<string, unknown>): ZtunnelPolicyOutcome {
  const action = typeof spec.action === 'string' ? spec.action : 'ALLOW';
  const unsupportedAction = action === 'CUSTOM' || action === 'AUDIT';
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  const outcomes = rules.map((rule, ruleIndex) => convertRule(rule, ruleIndex, action, unsupportedAction));
  const allowsNothing = action === 'ALLOW' && outcomes.length > 0 && outcomes.every((o) => o.effect === 'dropped');
  return { action, unsupportedAction, rules: outcomes, allowsNothing };
}

function convertRule(rule: unknown, ruleIndex: number, action: string, unsupportedAction: boolean): ZtunnelRuleOutcome {
  const parts = specRuleParts(rule, ruleIndex);
  const all = parts.flatMap((p) => p.attributes);
  const droppedAttributes = all.filter((a) => a.row.ztunnel === 'http-dropped');
  const base = { ruleIndex, droppedAttributes };
  if (unsupportedAction) return { ...base, effect: 'ignored' };
  if (droppedAttributes.length === 0) return { ...base, effect: 'enforced', converted: record(rule) };
  if (action !== 'DENY') return { ...base, effect: 'dropped' };
  // DENY: each from/to list is one clause (its entries ORed), each when is its own clause; the clauses
  // are ANDed. A clause whose matches are all empty after stripping matches nothing, so the rule never fires.
  const clauses = new Map<string, boolean>();
  for (const part of parts) {
    const key = part.part === 'when' ? `when${part.index}` : part.part;
    const kept = part.attributes.some((a) => a.row.ztunnel === 'kept' && a.values.length > 0);
    clauses.set(key, (clauses.get(key) ?? false) || kept);
  }
  const neverFires = [...clauses.values()].some((hasMatch) => !hasMatch);
  return neverFires ? { ...base, effect: 'no-effect' } : { ...base, effect: 'widened', converted: stripped(record(rule), droppedAttributes) };
}

/** The rule without the attributes ztunnel cannot read; a from/to entry left empty is gone (it matched nothing). */
function stripped(rule: Record<string, unknown>, dropped: readonly RuleAttribute[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...rule };
  for (const [part, inner] of [['from', 'source'], ['to', 'operation']] as const) {
    if (!Array.isArray(rule[part])) continue;
    out[part] = (rule[part] as unknown[]).flatMap((entry, index) => {
      const body = { ...record(record(entry)[inner]) };
      const before = Object.keys(body).length;
      for (const a of dropped) if (a.part === part && a.partIndex === index) delete body[a.name];
      return before > 0 && Object.keys(body).length === 0 ? [] : [{ ...record(entry), [inner]: body }];
    });
  }
  if (Array.isArray(rule.when)) out.when = (rule.when as unknown[]).filter((_, index) => !dropped.some((a) => a.part === 'when' && a.partIndex === index));
  return out;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
