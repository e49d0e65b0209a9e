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

/** Which finding a ztunnel or sidecar effect raises. Source per row: the code's registry entry. */
const effectCodes: readonly { enforcer: 'istio-ztunnel' | 'istio-sidecar'; effect: RuleEffect; code: string }[] = [
  { enforcer: 'istio-ztunnel', effect: 'dropped', code: 'ML4001' },
  { enforcer: 'istio-ztunnel', effect: 'no-effect', code: 'ML4002' },
  { enforcer: 'istio-ztunnel', effect: 'widened', code: 'ML4003' },
  { enforcer: 'istio-sidecar', effect: 'widened', code: 'ML4007' },
  { enforcer: 'istio-sidecar', effect: 'never-matches', code: 'ML4008' },
];

type Outcome = Pick<EnforcementAlternative, 'enforcer' | 'effect' | 'mode' | 'note'>;

export function istioPitfalls(policy: PolicyDocument, rules: readonly ClassifiedRule[], workspace: EnforcementWorkspace): Finding[] {
  const findings: Finding[] = [];
  const doc = policy.yaml;
  const index = doc.index;
  const spec = typeof policy.value.spec === 'object' && policy.value.spec !== null ? (policy.value.spec as Record<string, unknown>) : {};
  const kind = policy.kind.kind;
  if (kind === 'AuthorizationPolicy') {
    // Rule-level entries (spec.rules[i]) only; their from/to/when parts would repeat the finding.
    const ruleLevel = rules.filter((r) => r.path.length === 3 && r.path[1] === 'rules');
    for (const rule of ruleLevel) {
      for (const outcome of outcomesOf(rule)) {
        const row = effectCodes.find((e) => e.enforcer === outcome.enforcer && e.effect === outcome.effect);
        if (!row) continue;
        const unsure = outcome.mode === 'unknown';
        const prefix = unsure ? `If these workloads run in ${outcome.enforcer === 'istio-ztunnel' ? 'ambient' : 'sidecar'} mode: ` : '';
        findings.push(makeFinding(row.code, rule.because, `${prefix}${outcome.note}.`, index, unsure ? { severity: 'information' } : {}));
      }
    }
    const action = typeof spec.action === 'string' ? spec.action : 'ALLOW';
    const ztunnelOutcome = rules.flatMap(outcomesOf).find((o) => o.enforcer === 'istio-ztunnel');
    if ((action === 'CUSTOM' || action === 'AUDIT') && ztunnelOutcome) {
      const unsure = ztunnelOutcome.mode === 'unknown';
      findings.push(makeFinding('ML4004', spanAt(doc, ['spec', 'action']), `${unsure ? 'If these workloads run in ambient mode: ' : ''}ztunnel does not support the ${action} action; istiod sets ZtunnelAccepted=False and the policy has no effect there. Attach it to a waypoint with targetRefs.`, index, unsure ? { severity: 'information' } : {}));
    }
  }
  if (kind === 'RequestAuthentication') {
    const ztunnel = rules.flatMap(outcomesOf).find((o) => o.enforcer === 'istio-ztunnel');
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
  }
  return findings;
}

function outcomesOf(rule: ClassifiedRule): Outcome[] {
  return [{ enforcer: rule.enforcer, effect: rule.effect, mode: rule.mode, note: rule.note.split(' — ')[0] }, ...(rule.alternatives ?? [])];
}
