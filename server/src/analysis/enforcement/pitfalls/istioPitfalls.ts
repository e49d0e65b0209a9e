// Istio enforcement pitfalls (ML4001–ML4008), read off the classified rules: what ztunnel drops, strips
// or ignores, JWT rules in ambient without a waypoint, targetRefs no waypoint serves, and HTTP attributes
// on ports the sidecar treats as plain TCP. When the mode is unknown the ambient outcome is reported as
// information ("if … ambient"), since it may not apply.
import type { Finding } from '../../model/finding';
import { makeFinding } from '../../findings/findingCodes';
import type { PolicyDocument } from '../../policyDocument';
import { spanAt } from '../../yaml/parseYamlDocuments';
import { resolveIstioAttachment } from '../resolveIstioAttachment';
import { policyNamespace, type EnforcementWorkspace } from '../enforcementWorkspace';
import type { ClassifiedRule, EnforcementAlternative, RuleEffect } from '../ruleEnforcement';
import { fieldSpan } from '../ruleSpans';
import type { ValuePath } from '../../model/sourceSpan';
import { labelsOf, servicesIn } from '../dataplaneContext';
import { specRuleParts } from '../authorizationRuleAttributes';
import { istioBecauseSpan, usesSourceIdentity } from '../classifyIstioRules';
import { record } from '../ruleSummaryText';
import { waypointInFrontOf } from '../../workspace/waypoints';

/** Which finding a ztunnel or sidecar effect raises. Source per row: the code's registry entry. */
const effectCodes: readonly { enforcer: 'istio-ztunnel' | 'istio-sidecar'; effect: RuleEffect; code: string }[] = [
  { enforcer: 'istio-ztunnel', effect: 'dropped', code: 'ML4001' },
  { enforcer: 'istio-ztunnel', effect: 'no-effect', code: 'ML4002' },
  { enforcer: 'istio-ztunnel', effect: 'widened', code: 'ML4003' },
  { enforcer: 'istio-sidecar', effect: 'widened', code: 'ML4007' },
  { enforcer: 'istio-sidecar', effect: 'never-matches', code: 'ML4008' },
];

type Outcome = Pick<EnforcementAlternative, 'enforcer' | 'effect' | 'mode' | 'note'>;

/**
 * `classified`: the document's classified rules, in full or as outcomes only (classifyRules' detail `outcome`, whose
 * notes are written too and whose spans are not): a finding on a rule is placed from its deciding path. Only
 * AuthorizationPolicies and RequestAuthentications read them (a PeerAuthentication is not classified for this).
 */
export function istioPitfalls(policy: PolicyDocument, classified: () => readonly ClassifiedRule[], workspace: EnforcementWorkspace): Finding[] {
  const findings: Finding[] = [];
  const doc = policy.yaml;
  const index = doc.index;
  const spec = typeof policy.value.spec === 'object' && policy.value.spec !== null ? (policy.value.spec as Record<string, unknown>) : {};
  const kind = policy.kind.kind;
  const rules = kind === 'AuthorizationPolicy' || kind === 'RequestAuthentication' ? classified() : [];
  if (kind === 'AuthorizationPolicy') {
    // Rule-level entries (spec.rules[i]) only; their from/to/when parts would repeat the finding.
    for (const rule of rules) {
      if (rule.path.length !== 3 || rule.path[1] !== 'rules') continue;
      const alternatives = rule.alternatives ?? [];
      // The primary outcome, then the other modes'; a note is cut only for an outcome that raises a finding.
      for (let k = -1; k < alternatives.length; k++) {
        const outcome: Outcome = k < 0 ? rule : alternatives[k];
        const row = effectCodes.find((e) => e.enforcer === outcome.enforcer && e.effect === outcome.effect);
        if (!row) continue;
        const unsure = outcome.mode === 'unknown';
        const prefix = unsure ? `If these workloads run in ${outcome.enforcer === 'istio-ztunnel' ? 'ambient' : 'sidecar'} mode: ` : '';
        const note = k < 0 ? noteBeforeReason(rule.note) : outcome.note;
        findings.push(makeFinding(row.code, istioBecauseSpan(policy, rule.becausePath), `${prefix}${note}.`, index, unsure ? { severity: 'information' } : {}));
      }
    }
    const action = typeof spec.action === 'string' ? spec.action : 'ALLOW';
    const ztunnelOutcome = ztunnelOutcomeOf(rules);
    const behind = ztunnelOutcome ? sourceIdentityBehindWaypoint(spec, policyNamespace(policy, workspace), workspace) : undefined;
    if (behind && ztunnelOutcome) {
      const unsure = ztunnelOutcome.mode === 'unknown';
      findings.push(makeFinding('ML4018', fieldSpan(doc, behind.path), `${unsure ? 'If these workloads run in ambient mode: ' : ''}service traffic to these workloads goes through waypoint ${behind.waypoint}, so ztunnel sees the waypoint's identity as the source: ${behind.attribute} here matches the waypoint, not the client. Attach the policy to the waypoint with targetRefs to match clients.`, index, { ...(unsure ? { severity: 'information' as const } : {}), data: { waypoint: behind.waypoint } }));
    }
    if ((action === 'CUSTOM' || action === 'AUDIT') && ztunnelOutcome) {
      const unsure = ztunnelOutcome.mode === 'unknown';
      findings.push(makeFinding('ML4004', spanAt(doc, ['spec', 'action']), `${unsure ? 'If these workloads run in ambient mode: ' : ''}ztunnel does not support the ${action} action; istiod sets ZtunnelAccepted=False and the policy has no effect there. Attach it to a waypoint with targetRefs.`, index, unsure ? { severity: 'information' } : {}));
    }
  }
  if (kind === 'RequestAuthentication') {
    const ztunnel = ztunnelOutcomeOf(rules);
    if (ztunnel) {
      const unsure = ztunnel.mode === 'unknown';
      const at = spec.selector !== undefined ? fieldSpan(doc, ['spec', 'selector']) : spanAt(doc, ['kind']);
      findings.push(makeFinding('ML4005', at, `${unsure ? 'If these workloads run in ambient mode: ' : ''}ztunnel cannot validate JWTs, so this RequestAuthentication without targetRefs is not enforced in ambient mode; attach it to a waypoint with targetRefs.`, index, unsure ? { severity: 'information' } : {}));
    }
  }
  if (kind === 'AuthorizationPolicy' || kind === 'RequestAuthentication') {
    const attachment = resolveIstioAttachment(spec, policyNamespace(policy, workspace), workspace.dataplane);
    for (const target of attachment.nonWaypointTargets) {
      const path = spec.targetRefs !== undefined ? ['spec', 'targetRefs', target.index] : ['spec', 'targetRef'];
      findings.push(makeFinding('ML4006', spanAt(doc, path), `Nothing enforces this policy for ${target.kind || 'the target'} ${target.name}: ${target.why}.`, index));
    }
    // A waypoint the workspace does not hold may exist in the cluster: say what it takes, as information.
    for (const target of attachment.unconfirmedTargets ?? []) {
      const path = spec.targetRefs !== undefined ? ['spec', 'targetRefs', target.index] : ['spec', 'targetRef'];
      findings.push(makeFinding('ML4006', spanAt(doc, path), `${target.kind} ${target.name}: ${target.why}; otherwise nothing enforces this policy for service traffic.`, index, { severity: 'information' }));
    }
  }
  return findings;
}

/** The first source-identity attribute of a selector/namespace policy whose pods sit behind a waypoint. */
function sourceIdentityBehindWaypoint(spec: Record<string, unknown>, namespace: string, workspace: EnforcementWorkspace): { waypoint: string; path: ValuePath; attribute: string } | undefined {
  if (spec.targetRefs !== undefined || spec.targetRef !== undefined) return undefined;
  const selector = spec.selector === undefined ? undefined : labelsOf(record(record(spec.selector).matchLabels));
  const context = workspace.dataplane;
  const waypoint = waypointInFrontOf(selector, servicesIn(context, namespace), context.namespaces.get(namespace) ?? {}, namespace, context.waypoints);
  if (!waypoint) return undefined;
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  for (const [i, rule] of rules.entries()) {
    const identity = specRuleParts(rule, i).flatMap((p) => p.attributes).find((a) => usesSourceIdentity([a]));
    if (identity) return { waypoint: `${waypoint.namespace}/${waypoint.name}`, path: identity.path, attribute: identity.name };
  }
  return undefined;
}

/** The first ztunnel outcome of the rules, each rule's primary before its alternatives (its mode is what is read). */
function ztunnelOutcomeOf(rules: readonly ClassifiedRule[]): Pick<Outcome, 'mode'> | undefined {
  for (const rule of rules) {
    if (rule.enforcer === 'istio-ztunnel') return rule;
    const alternative = rule.alternatives?.find((a) => a.enforcer === 'istio-ztunnel');
    if (alternative) return alternative;
  }
  return undefined;
}

/** The note up to ` — ` (the attachment's reason follows it); a slice, not a split of the whole note. */
function noteBeforeReason(note: string): string {
  const end = note.indexOf(' — ');
  return end === -1 ? note : note.slice(0, end);
}
