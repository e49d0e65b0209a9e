// Classifies Istio security policies: each AuthorizationPolicy rule and its from/to/when parts, the
// PeerAuthentication policy-wide and port-level mTLS settings, and each RequestAuthentication jwtRule.
// The enforcer follows the attachment and data-plane mode; when the mode is unknown every outcome is kept.
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import type { PolicyDocument } from '../policyDocument';
import { labelsOf } from './dataplaneContext';
import { policyNamespace, type EnforcementWorkspace } from './enforcementWorkspace';
import { specRuleParts, type RuleAttribute, type RulePartShape } from './authorizationRuleAttributes';
import { resolveIstioAttachment, type IstioAttachment, type IstioOutcome } from './resolveIstioAttachment';
import { scopedPorts, type ScopedPort } from './istioPortProtocol';
import { convertForZtunnel, type ZtunnelRuleOutcome } from './ztunnelConversion';
import { higherLayer, type ClassificationDetail, type ClassifiedRule, type EnforcementAlternative, type Layer, type RuleAction, type RuleEffect } from './ruleEnforcement';
import { classificationWriter, fieldSpan, type ClassificationWriter, type RuleSpans } from './ruleSpans';
import { waypointInFrontOf } from '../workspace/waypoints';
import { servicesIn } from './dataplaneContext';
import { spanAt } from '../yaml/parseYamlDocuments';
import { listText, record, selectorText } from './ruleSummaryText';

const AP_DOC = 'https://istio.io/latest/docs/reference/config/security/authorization-policy/';
const ZTUNNEL_DOC = 'https://istio.io/latest/docs/ambient/usage/l4-policy/';
const PA_DOC = 'https://istio.io/latest/docs/reference/config/security/peer_authentication/';
const RA_DOC = 'https://istio.io/latest/docs/reference/config/security/request_authentication/';

interface Outcome {
  readonly layer: Layer;
  readonly effect: RuleEffect;
  readonly note: string;
  readonly needsWaypoint?: boolean;
}

/**
 * Detail `outcome` leaves spans empty and summaries blank; notes are written either way (the pitfalls read them).
 * `ruleOutcomes` also leaves out an AuthorizationPolicy rule's part entries (the pitfalls read rules only).
 */
export function classifyIstioRules(policy: PolicyDocument, workspace: EnforcementWorkspace, detail: ClassificationDetail = 'full'): ClassifiedRule[] {
  const write = classificationWriter(policy.yaml, detail);
  const spec = record(policy.value.spec);
  const namespace = policyNamespace(policy, workspace);
  const attachment = resolveIstioAttachment(spec, namespace, workspace.dataplane);
  switch (policy.kind.kind) {
    case 'AuthorizationPolicy':
      return classifyAuthorizationPolicy(policy, spec, namespace, attachment, workspace, write, detail !== 'ruleOutcomes');
    case 'PeerAuthentication':
      return classifyPeerAuthentication(policy, spec, attachment, write);
    case 'RequestAuthentication':
      return classifyRequestAuthentication(policy, spec, attachment, write);
    default:
      return [];
  }
}

/** `because` of a rule written in full; none (write.field) for outcomes. */
function because(policy: PolicyDocument, path: ValuePath, write: ClassificationWriter): SourceSpan {
  return write.full ? istioBecauseSpan(policy, path) : write.field(path);
}

/** Builds the rule with the primary outcome and keeps the others as alternatives. */
function withOutcomes(
  base: Omit<ClassifiedRule, 'span' | 'anchor' | 'layer' | 'enforcer' | 'mode' | 'effect' | 'note' | 'alternatives' | 'needsWaypoint'>,
  spans: RuleSpans,
  attachment: IstioAttachment,
  outcomeFor: (o: IstioOutcome) => Outcome,
): ClassifiedRule {
  const primary = attachment.primary;
  const main = withTargetCaveats(outcomeFor(primary), attachment);
  const alternatives: EnforcementAlternative[] = attachment.alternatives.map((o) => alternative(o, outcomeFor(o)));
  // Written out field by field, in the order spreading `base` gave: a spread of bases of several shapes took the
  // engine's slow copying path (a sixth of the settle pass's Istio time); the spans come apart for the same reason.
  const rule: Mutable<ClassifiedRule> = {
    path: base.path, span: spans.span, anchor: spans.anchor, because: base.because, becausePath: base.becausePath, action: base.action, summary: base.summary, upstream: base.upstream,
    layer: main.layer, enforcer: primary.enforcer, mode: primary.mode, effect: main.effect, note: `${main.note} — ${attachment.reason}`,
  };
  if (main.needsWaypoint) rule.needsWaypoint = true;
  if (alternatives.length > 0) rule.alternatives = alternatives;
  return rule;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The outcome of another mode's enforcer, with the keys a spread of the outcome gave, in its order (not a spread, as above). */
function alternative(o: IstioOutcome, outcome: Outcome): EnforcementAlternative {
  const out: Mutable<EnforcementAlternative> = { enforcer: o.enforcer, mode: o.mode, layer: outcome.layer, effect: outcome.effect, note: outcome.note };
  if ('needsWaypoint' in outcome) out.needsWaypoint = outcome.needsWaypoint;
  return out;
}

/**
 * targetRefs that no waypoint serves (waypoint-for workload/none, no use-waypoint label): when every target
 * is such, nothing enforces the policy for service traffic; a waypoint not in the workspace is a caveat.
 */
function withTargetCaveats(outcome: Outcome, attachment: IstioAttachment): Outcome {
  if (attachment.form !== 'targetRefs') return outcome;
  const refused = attachment.nonWaypointTargets;
  if (refused.length > 0 && refused.length === attachment.targetCount) {
    return { ...outcome, effect: 'ignored', needsWaypoint: undefined, note: `not enforced for service traffic: ${refused.map((t) => `${t.kind || 'target'} ${t.name}: ${t.why}`).join('; ')}` };
  }
  const unconfirmed = attachment.unconfirmedTargets ?? [];
  if (unconfirmed.length === 0) return outcome;
  return { ...outcome, note: `${outcome.note}; ${unconfirmed.map((t) => `${t.kind} ${t.name}: ${t.why}`).join('; ')}` };
}

/** Source identity attributes: behind a waypoint they see the waypoint's identity, not the client's. */
export function usesSourceIdentity(attributes: readonly RuleAttribute[]): boolean {
  return attributes.some((a) => /^(not)?(principals|namespaces|serviceAccounts)$|^source\.(principal|namespace)$/i.test(a.name));
}

function subjectOf(spec: Record<string, unknown>, namespace: string, attachment: IstioAttachment): string {
  if (attachment.form === 'targetRefs') {
    const refs = [...(Array.isArray(spec.targetRefs) ? spec.targetRefs : []), ...(spec.targetRef ? [spec.targetRef] : [])].map((r) => `${String(record(r).kind ?? '?')} ${String(record(r).name ?? '?')}`);
    return refs.join(', ');
  }
  if (attachment.form === 'selector') return `workloads ${selectorText(spec.selector)} in ${namespace}`;
  if (attachment.form === 'mesh') return 'every workload in the mesh';
  return `every workload in ${namespace}`;
}

function maxLayer(attributes: readonly RuleAttribute[], fallback: Layer): Layer {
  return attributes.reduce<Layer>((layer, a) => higherLayer(layer, a.row.layer), attributes.length === 0 ? fallback : 'L3');
}

function attributeText(a: RuleAttribute): string {
  return a.part === 'when' ? `${a.name} in [${a.values.join(', ')}]` : `${a.name} ${a.values.join(', ')}`;
}

function classifyAuthorizationPolicy(policy: PolicyDocument, spec: Record<string, unknown>, namespace: string, attachment: IstioAttachment, workspace: EnforcementWorkspace, write: ClassificationWriter, withParts: boolean): ClassifiedRule[] {
  const actionName = typeof spec.action === 'string' ? spec.action : 'ALLOW';
  const action = actionName.toLowerCase() as RuleAction;
  const subject = write.text(() => subjectOf(spec, namespace, attachment));
  const ztunnel = convertForZtunnel(spec);
  const selector = spec.selector === undefined ? undefined : labelsOf(record(spec.selector).matchLabels);
  const ports = attachment.form === 'targetRefs' ? [] : scopedPorts(workspace.dataplane, namespace, selector);
  const dryRun = String(record(record(policy.value.metadata).annotations)['istio.io/dry-run']).toLowerCase() === 'true';
  // The namespace's waypoint, unless it is in the workspace and refuses service traffic (istio.io/waypoint-for),
  // exactly as the graph routes through it (workspace/waypoints.ts).
  const waypoint = attachment.form === 'targetRefs' ? undefined : waypointInFrontOf(selector, servicesIn(workspace.dataplane, namespace), workspace.dataplane.namespaces.get(namespace) ?? {}, namespace, workspace.dataplane.waypoints)?.name;
  /** Caveats that hold whatever the rule says: dry run, and the waypoint identity seen by ztunnel. */
  const caveat = (o: IstioOutcome, outcome: Outcome, attributes: readonly RuleAttribute[]): Outcome => {
    if (dryRun) return { ...outcome, effect: 'ignored', note: o.enforcer === 'istio-ztunnel' ? 'istio.io/dry-run: ztunnel rejects dry-run policies unless AMBIENT_ENABLE_DRY_RUN_AUTHORIZATION_POLICY is on; not enforced' : 'istio.io/dry-run: evaluated and logged only, not enforced' };
    // The attributes are read only where the waypoint caveat can apply (a regex per attribute).
    if (o.enforcer === 'istio-ztunnel' && waypoint && usesSourceIdentity(attributes)) {
      return { ...outcome, note: `${outcome.note}; service traffic to these workloads goes through waypoint ${waypoint}: it reaches ztunnel with the waypoint's identity, so source identities here match the waypoint, not the client` };
    }
    return outcome;
  };
  const out: ClassifiedRule[] = [];
  const rules = Array.isArray(spec.rules) ? spec.rules : undefined;
  if (!rules || rules.length === 0) {
    const path: ValuePath = rules ? ['spec', 'rules'] : ['spec'];
    const summary = write.text(() => (actionName === 'ALLOW' ? `allow-nothing: every request to ${subject} is denied unless another ALLOW policy matches` : `${actionName} with no rules never matches`));
    out.push(withOutcomes(
      { path, because: because(policy, attachment.becausePath, write), becausePath: attachment.becausePath, action, summary, upstream: AP_DOC },
      write.rule(path),
      attachment,
      (o) => ({ layer: 'L4', effect: actionName === 'ALLOW' ? 'enforced' : 'no-effect', note: o.enforcer === 'istio-ztunnel' && ztunnel.unsupportedAction ? 'ztunnel does not support this action' : 'a policy without rules' }),
    ));
    return out;
  }
  rules.forEach((rule, i) => {
    const rulePath: ValuePath = ['spec', 'rules', i];
    const parts = specRuleParts(rule, i);
    const attributes = parts.flatMap((p) => p.attributes);
    const written = maxLayer(attributes, 'L4');
    const deciding = attributes.find((a) => a.row.layer === written);
    const conversion = ztunnel.rules[i];
    const summary = write.text(() => ruleSummary(actionName, parts, subject));
    const decidingPath = deciding?.path ?? rulePath;
    out.push(withOutcomes(
      { path: rulePath, because: because(policy, decidingPath, write), becausePath: decidingPath, action, summary, upstream: conversion.effect === 'enforced' ? (deciding?.row.upstream ?? AP_DOC) : ZTUNNEL_DOC },
      write.rule(rulePath),
      attachment,
      (o) => caveat(o, ruleOutcome(o, actionName, attributes, written, conversion, ports), attributes),
    ));
    if (!withParts) return;
    for (const part of parts) {
      const partLayer = maxLayer(part.attributes, 'L4');
      const partDeciding = part.attributes.find((a) => a.row.layer === partLayer)?.path ?? part.path;
      const summary = write.text(() => `${part.part} ${part.attributes.map(attributeText).join('; ') || '(empty: matches nothing)'}`);
      out.push(withOutcomes(
        { path: part.path, because: because(policy, partDeciding, write), becausePath: partDeciding, action, summary, upstream: part.attributes[0]?.row.upstream ?? AP_DOC },
        write.rule(part.path),
        attachment,
        (o) => caveat(o, partOutcome(o, part, partLayer, conversion), part.attributes),
      ));
    }
  });
  return out;
}

function ruleSummary(actionName: string, parts: readonly RulePartShape[], subject: string): string {
  const from = parts.filter((p) => p.part === 'from').map((p) => p.attributes.map(attributeText).join(' and ') || 'anyone').join(' or ') || 'anyone';
  const to = parts.filter((p) => p.part === 'to').map((p) => p.attributes.map(attributeText).join(' and ')).filter(Boolean).join(' or ');
  const when = parts.filter((p) => p.part === 'when').map((p) => p.attributes.map(attributeText).join('')).filter(Boolean).join(' and ');
  return `${actionName} ${from} → ${subject}${to ? `: ${to}` : ''}${when ? ` when ${when}` : ''}`;
}

function ruleOutcome(o: IstioOutcome, actionName: string, attributes: readonly RuleAttribute[], written: Layer, conversion: ZtunnelRuleOutcome, ports: readonly ScopedPort[]): Outcome {
  if (o.enforcer === 'istio-ztunnel') return ztunnelOutcome(actionName, attributes, conversion);
  const httpOnly = attributes.filter((a) => a.row.httpOnly);
  const label = o.enforcer === 'istio-waypoint' ? 'the waypoint' : o.enforcer === 'istio-gateway' ? 'the gateway' : 'the sidecar';
  if (httpOnly.length === 0) return { layer: written, effect: 'enforced', note: `${label} enforces every attribute of this rule` };
  const rulePorts = attributes.filter((a) => a.name === 'ports' && a.part === 'to').flatMap((a) => a.values);
  const inScope = rulePorts.length > 0 ? ports.filter((p) => rulePorts.includes(String(p.workloadPort))) : ports;
  const names = attributeNames(httpOnly);
  if (o.enforcer === 'istio-sidecar' && inScope.length > 0 && inScope.every((p) => p.protocol === 'tcp')) {
    const where = inScope.map((p) => `${p.service}:${String(p.workloadPort)}`).join(', ');
    if (actionName === 'ALLOW') return { layer: 'L4', effect: 'never-matches', note: `ports ${where} are plain TCP, so the sidecar skips this ALLOW rule (it uses ${names}): nothing it names is allowed` };
    if (actionName === 'DENY' || actionName === 'AUDIT') return { layer: 'L4', effect: 'widened', note: `ports ${where} are plain TCP, so the sidecar ignores ${names} and this DENY applies to all TCP traffic in scope` };
  }
  return { layer: written, effect: 'enforced', note: `${label} evaluates ${names} on HTTP ports; on plain TCP ports an ALLOW rule with them is skipped and a DENY rule loses them` };
}

function ztunnelOutcome(actionName: string, attributes: readonly RuleAttribute[], conversion: ZtunnelRuleOutcome): Outcome {
  const kept = attributes.filter((a) => a.row.ztunnel === 'kept');
  const layer = maxLayer(kept, 'L4');
  const dropped = attributeNames(conversion.droppedAttributes);
  // HTTP attributes keep their layer (semantics.md §B.4): the rule is still L7, only a waypoint enforces it.
  const written = maxLayer(attributes, 'L4');
  switch (conversion.effect) {
    case 'ignored':
      return { layer: 'L4', effect: 'ignored', note: `ztunnel does not support the ${actionName} action (ZtunnelAccepted=False): no effect` };
    case 'dropped':
      return { layer: written, effect: 'dropped', needsWaypoint: true, note: `ztunnel cannot read ${dropped}: this ALLOW rule is dropped, so the policy is stricter than written; attach it to a waypoint with targetRefs to enforce it` };
    case 'no-effect':
      return { layer: written, effect: 'no-effect', needsWaypoint: true, note: `ztunnel strips ${dropped}; what is left can never match, so this DENY rule has no effect; attach it to a waypoint with targetRefs to enforce it` };
    case 'widened':
      return { layer: written, effect: 'widened', needsWaypoint: true, note: `ztunnel strips ${dropped} and denies on the rest (${layer}): a wider deny than written; attach it to a waypoint with targetRefs to enforce it as written` };
    default:
      return { layer, effect: 'enforced', note: `ztunnel enforces this rule at ${layer}` };
  }
}

/** The attributes' names, each once: a rule with two operations lists `methods` and `paths` once per operation. */
function attributeNames(attributes: readonly RuleAttribute[]): string {
  return [...new Set(attributes.map((a) => a.name))].join(', ');
}

function partOutcome(o: IstioOutcome, part: RulePartShape, partLayer: Layer, conversion: ZtunnelRuleOutcome): Outcome {
  if (o.enforcer !== 'istio-ztunnel') return { layer: partLayer, effect: 'enforced', note: `${part.part} part` };
  const dropped = part.attributes.filter((a) => a.row.ztunnel === 'http-dropped');
  const layer = maxLayer(part.attributes.filter((a) => a.row.ztunnel === 'kept'), 'L4');
  if (conversion.effect === 'ignored') return { layer, effect: 'ignored', note: 'the whole rule is ignored at ztunnel' };
  if (conversion.effect === 'dropped') return { layer: partLayer, effect: 'dropped', needsWaypoint: true, note: `the whole rule is dropped at ztunnel (it uses ${attributeNames(conversion.droppedAttributes)})` };
  if (dropped.length === 0) return { layer, effect: 'enforced', note: `${part.part} part kept by ztunnel` };
  return { layer: partLayer, effect: conversion.effect, needsWaypoint: true, note: `ztunnel strips ${attributeNames(dropped)} from this part` };
}

function classifyPeerAuthentication(policy: PolicyDocument, spec: Record<string, unknown>, attachment: IstioAttachment, write: ClassificationWriter): ClassifiedRule[] {
  const out: ClassifiedRule[] = [];
  const mtls = record(spec.mtls);
  const mode = typeof mtls.mode === 'string' ? mtls.mode : 'UNSET';
  const path: ValuePath = spec.mtls === undefined ? ['spec'] : ['spec', 'mtls'];
  const becausePath: ValuePath = spec.mtls === undefined ? attachment.becausePath : ['spec', 'mtls', 'mode'];
  out.push(withOutcomes(
    { path, because: because(policy, becausePath, write), becausePath, action: 'mtls', summary: write.text(() => `mTLS ${mode} for ${attachment.form === 'mesh' ? 'the whole mesh' : attachment.form === 'namespace' ? `namespace ${policy.namespace ?? '(default)'}` : `workloads ${selectorText(spec.selector)}`}`), upstream: PA_DOC },
    write.rule(path),
    attachment,
    (o) => mtlsOutcome(o, mode),
  ));
  for (const [port, value] of Object.entries(record(spec.portLevelMtls))) {
    const portPath: ValuePath = ['spec', 'portLevelMtls', port];
    const portMode = String(record(value).mode ?? 'UNSET');
    out.push(withOutcomes(
      { path: portPath, because: because(policy, portPath, write), becausePath: portPath, action: 'mtls', summary: write.text(() => `mTLS ${portMode} on workload port ${port}`), upstream: PA_DOC },
      write.rule(portPath),
      attachment,
      (o) => mtlsOutcome(o, portMode),
    ));
  }
  return out;
}

function mtlsOutcome(o: IstioOutcome, mode: string): Outcome {
  if (o.enforcer !== 'istio-ztunnel') return { layer: 'L4', effect: 'enforced', note: `the inbound listener accepts ${mode === 'STRICT' ? 'only mTLS' : mode === 'DISABLE' ? 'only plaintext' : 'mTLS and plaintext'}` };
  // istiod only asks "is the effective mode STRICT?" for ambient (convertedSelectorPeerAuthentications), so DISABLE acts as PERMISSIVE.
  if (mode === 'DISABLE') return { layer: 'L4', effect: 'ignored', note: 'ztunnel has no DISABLE: it accepts plaintext and mTLS as with PERMISSIVE' };
  if (mode === 'STRICT') return { layer: 'L4', effect: 'enforced', note: 'ztunnel turns STRICT into a DENY of connections without a peer identity (plaintext from non-mesh pods)' };
  return { layer: 'L4', effect: 'enforced', note: 'ztunnel accepts plaintext and HBONE' };
}

function classifyRequestAuthentication(policy: PolicyDocument, spec: Record<string, unknown>, attachment: IstioAttachment, write: ClassificationWriter): ClassifiedRule[] {
  const rules = Array.isArray(spec.jwtRules) ? spec.jwtRules : [];
  return rules.map((rule, i) => {
    const path: ValuePath = ['spec', 'jwtRules', i];
    const r = record(rule);
    const issuer = typeof r.issuer === 'string' ? r.issuer : '(no issuer)';
    return withOutcomes(
      { path, because: because(policy, [...path, 'issuer'], write), becausePath: [...path, 'issuer'], action: 'authenticate', summary: write.text(() => `validates JWTs from ${issuer}${r.audiences ? ` for ${listText(r.audiences)}` : ''}; requests without a token pass with no request principal`), upstream: RA_DOC },
      write.rule(path),
      attachment,
      (o) => (o.enforcer === 'istio-ztunnel'
        ? { layer: 'L7', effect: 'ignored', note: 'ztunnel cannot read JWTs: attach the policy to a waypoint with targetRefs' }
        : { layer: 'L7', effect: 'enforced', note: 'the Envoy proxy validates the token on HTTP requests' }),
    );
  });
}

/**
 * The deciding field of an Istio rule (its `because`) from its deciding path: a `when` condition is named by its value
 * (`key: request.headers[x]`), so point at the value there; anything else at its key. The pitfalls place findings with it.
 */
export function istioBecauseSpan(policy: PolicyDocument, path: ValuePath): SourceSpan {
  return path[path.length - 1] === 'key' && path[path.length - 3] === 'when' ? spanAt(policy.yaml, path, 'value') : fieldSpan(policy.yaml, path);
}
