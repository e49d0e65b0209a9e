// The one wording of a classified rule's enforcement, shared by hover, inlay hints, the CLI and the
// graph legend: a short label (`L7 · Envoy (node)`) and a sentence with the why.
import { enforcerCatalog } from './enforcerCatalog';
import type { ClassifiedRule, EnforcementAlternative, RuleEffect } from './ruleEnforcement';

const effectWords: Record<RuleEffect, string> = {
  enforced: '',
  dropped: 'dropped',
  widened: 'widened',
  'no-effect': 'no effect',
  ignored: 'ignored',
  'selects-nothing': 'selects nothing',
  'never-matches': 'never matches',
};

type Outcome = Pick<ClassifiedRule, 'layer' | 'enforcer' | 'effect' | 'mode' | 'needsWaypoint'>;

// What ztunnel does with a rule whose attributes only a waypoint reads (semantics.md §B.5).
const withoutWaypointWords: Partial<Record<RuleEffect, string>> = {
  dropped: 'dropped by ztunnel',
  widened: 'widened by ztunnel',
  'no-effect': 'no effect at ztunnel',
};

function outcomeLabel(o: Outcome): string {
  // The written layer stays; the enforcer that would read it is a waypoint, which is not in the path.
  if (o.needsWaypoint) return `${o.layer} · needs a waypoint — ${withoutWaypointWords[o.effect] ?? `${effectWords[o.effect] || 'enforced'} at ztunnel`}`;
  const effect = effectWords[o.effect];
  return `${o.layer} · ${enforcerCatalog[o.enforcer].shortLabel}${effect ? ` (${effect})` : ''}`;
}

/** `L7 · Envoy (node)`; with an unknown mode `L7 · sidecar | L4 · ztunnel (dropped)`. */
export function enforcementLabel(rule: ClassifiedRule): string {
  const outcomes: Outcome[] = [rule, ...(rule.alternatives ?? [])];
  const label = outcomes.map(outcomeLabel).join(' | ');
  return rule.mode === 'unknown' ? `${label} — mode?` : label;
}

export function alternativeSentence(alternative: EnforcementAlternative): string {
  // A gateway alternative does not depend on the data-plane mode (its pods run Envoy in both).
  if (alternative.mode === 'n/a') {
    return `Also ${alternative.layer}, enforced by ${enforcerCatalog[alternative.enforcer].component}${alternative.effect === 'enforced' ? '' : ` (${effectWords[alternative.effect]})`}: ${alternative.note}.`;
  }
  if (alternative.needsWaypoint) return `In ${alternative.mode === 'unknown' ? 'the other' : alternative.mode} mode: ${alternative.layer}, needs a waypoint: ${enforcerCatalog[alternative.enforcer].component} cannot read it (${effectWords[alternative.effect] || 'enforced'}): ${alternative.note}.`;
  return `In ${alternative.mode === 'unknown' ? 'the other' : alternative.mode} mode: ${alternative.layer}, enforced by ${enforcerCatalog[alternative.enforcer].component}${alternative.effect === 'enforced' ? '' : ` (${effectWords[alternative.effect]})`}: ${alternative.note}.`;
}

/** A sentence for hover and the CLI: layer, enforcer, where it runs, why, and the other outcomes. */
export function describeEnforcement(rule: ClassifiedRule): string {
  const entry = enforcerCatalog[rule.enforcer];
  const mode = rule.mode === 'unknown' ? ' if the workloads run sidecars' : rule.mode === 'n/a' ? '' : ` (${rule.mode} mode)`;
  const effect = rule.effect === 'enforced' ? '' : ` — ${effectWords[rule.effect]}`;
  const main = rule.needsWaypoint
    ? `${rule.layer}, needs a waypoint: ${entry.component}${mode} cannot read it${effect}: ${rule.note}.`
    : `${rule.layer}, enforced by ${entry.component}, in ${entry.runsIn}${mode}${effect}: ${rule.note}.`;
  return [main, ...(rule.alternatives ?? []).map(alternativeSentence)].join(' ');
}
