// Istio rules classified with detail `outcome` (no spans, no summaries) keep what the Istio pitfalls read: the
// same rules in the same order with the same outcomes and notes as `full`. The settle pass finds Istio pitfalls
// on outcomes and places a finding with the full rules (analyzeEnforcement.ts); this proves both equal the eager
// answer over seeded random AuthorizationPolicies, PeerAuthentications and RequestAuthentications in ambient,
// sidecar and unknown-mode namespaces, with and without a waypoint, dry run, targetRefs and plain-TCP ports.
// The settle pass asks for `ruleOutcomes` (no part entries): the same rules less the parts.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { classifyRules } from '../../../server/src/analysis/enforcement/classifyRules';
import { findEnforcementPitfalls } from '../../../server/src/analysis/enforcement/pitfalls/findEnforcementPitfalls';
import type { ClassifiedRule } from '../../../server/src/analysis/enforcement/ruleEnforcement';
import { seededRandom } from '../../support/seededRandom';

function randomIstioWorkspace(seed: number): string {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const maybe = (p: number): boolean => next() < p;
  const documents: unknown[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'amb', labels: { 'istio.io/dataplane-mode': 'ambient', ...(maybe(0.5) ? { 'istio.io/use-waypoint': 'wp' } : {}) } } },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'side', labels: { 'istio-injection': 'enabled' } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: pick(['amb', 'side', 'other']) }, spec: { selector: { app: 'web' }, ports: [{ name: pick(['tcp-db', 'http-web', 'grpc']), port: 80, targetPort: 8080 }] } },
  ];
  if (maybe(0.6)) {
    documents.push({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'wp', namespace: 'amb', labels: { 'istio.io/waypoint-for': pick(['service', 'workload', 'all']) } }, spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] } });
  }
  const attachment = (): Record<string, unknown> => {
    const which = pick(['selector', 'namespace', 'targetRefs', 'targetRef']);
    if (which === 'selector') return { selector: { matchLabels: { app: pick(['web', 'db']) } } };
    if (which === 'targetRefs') return { targetRefs: [{ kind: pick(['Service', 'Gateway']), group: pick(['', 'gateway.networking.k8s.io']), name: pick(['web', 'wp', 'missing']) }] };
    if (which === 'targetRef') return { targetRef: { kind: 'Gateway', group: 'gateway.networking.k8s.io', name: pick(['wp', 'gw']) } };
    return {};
  };
  const from = () => ({ source: pick([{ principals: ['cluster.local/ns/a/sa/b'] }, { namespaces: ['a'] }, { ipBlocks: ['10.0.0.0/8'] }, { requestPrincipals: ['*'] }, { notNamespaces: ['x'] }, {}]) });
  const to = () => ({ operation: pick([{ ports: ['8080'] }, { methods: ['GET'] }, { paths: ['/x'], ports: ['8080'] }, { hosts: ['a.example.com'] }, { notPorts: ['9090'] }, {}]) });
  const when = () => pick([{ key: 'request.headers[x-id]', values: ['1'] }, { key: 'source.ip', values: ['10.0.0.1'] }, { key: 'source.principal', values: ['p'] }]);
  const rule = (): Record<string, unknown> => ({
    ...(maybe(0.6) ? { from: Array.from({ length: 1 + Math.floor(next() * 2) }, from) } : {}),
    ...(maybe(0.6) ? { to: Array.from({ length: 1 + Math.floor(next() * 2) }, to) } : {}),
    ...(maybe(0.3) ? { when: [when()] } : {}),
  });
  for (let i = 0; i < 8; i++) {
    const namespace = pick(['amb', 'side', 'other', 'istio-system']);
    const annotations = maybe(0.1) ? { annotations: { 'istio.io/dry-run': 'true' } } : {};
    const kind = pick(['AuthorizationPolicy', 'AuthorizationPolicy', 'AuthorizationPolicy', 'PeerAuthentication', 'RequestAuthentication']);
    const metadata = { name: `p${i}`, namespace, ...annotations };
    if (kind === 'AuthorizationPolicy') {
      const action = pick(['ALLOW', 'DENY', 'CUSTOM', 'AUDIT', undefined]);
      const rules = maybe(0.15) ? (maybe(0.5) ? [] : undefined) : Array.from({ length: 1 + Math.floor(next() * 3) }, rule);
      documents.push({ apiVersion: 'security.istio.io/v1', kind, metadata, spec: { ...attachment(), ...(action ? { action } : {}), ...(action === 'CUSTOM' ? { provider: { name: 'ext' } } : {}), ...(rules ? { rules } : {}) } });
    } else if (kind === 'PeerAuthentication') {
      documents.push({ apiVersion: 'security.istio.io/v1', kind, metadata, spec: { ...(maybe(0.5) ? { selector: { matchLabels: { app: 'web' } } } : {}), ...(maybe(0.8) ? { mtls: { mode: pick(['STRICT', 'PERMISSIVE', 'DISABLE', 'UNSET']) } } : {}), ...(maybe(0.3) ? { portLevelMtls: { 8080: { mode: pick(['STRICT', 'DISABLE']) } } } : {}) } });
    } else {
      documents.push({ apiVersion: 'security.istio.io/v1', kind, metadata, spec: { ...attachment(), jwtRules: [{ issuer: 'https://issuer.example.com', ...(maybe(0.5) ? { audiences: ['a', 'b'] } : {}) }] } });
    }
  }
  return documents.map((d) => JSON.stringify(d)).join('\n---\n');
}

/** What the Istio pitfalls read of a rule: everything but its spans and summary. */
function outcomeOf(rule: ClassifiedRule): unknown {
  return {
    path: rule.path, layer: rule.layer, enforcer: rule.enforcer, mode: rule.mode, action: rule.action, effect: rule.effect, note: rule.note,
    needsWaypoint: rule.needsWaypoint, alternatives: rule.alternatives, becausePath: rule.becausePath, upstream: rule.upstream,
  };
}

describe('Istio classification detail `outcome` and the settle pass that reads it', () => {
  it('equals `full` on every outcome and note, and the findings equal the eager pass, over seeded random Istio policies', () => {
    let rules = 0;
    let findings = 0;
    let partsLeftOut = 0;
    const codes = new Set<string>();
    for (let seed = 1; seed <= 200; seed++) {
      const analysis = analyzeText(randomIstioWorkspace(seed));
      const workspace = buildEnforcementWorkspace([{ key: 'file:///istio.yaml', analysis }]);
      const lazy = analyzeEnforcement(analysis, workspace);
      const policies = analysis.documents.filter((d) => d.policy);
      expect(lazy.length, `seed ${seed}`).toBe(policies.length);
      policies.forEach((document, i) => {
        const policy = document.policy!;
        const full = classifyRules(policy, workspace, 'full');
        const outcome = classifyRules(policy, workspace, 'outcome');
        expect(outcome.map(outcomeOf), `seed ${seed} #${i}`).toEqual(full.map(outcomeOf));
        // The pitfalls' detail: the same without an AuthorizationPolicy rule's part entries (spec.rules[i].from[j], …).
        const ruleLevel = full.filter((r) => !(policy.kind.kind === 'AuthorizationPolicy' && r.path.length > 3));
        expect(classifyRules(policy, workspace, 'ruleOutcomes').map(outcomeOf), `seed ${seed} #${i}`).toEqual(ruleLevel.map(outcomeOf));
        if (ruleLevel.length < full.length) partsLeftOut++;
        const eager = findEnforcementPitfalls(policy, full, workspace);
        // Spans compared by value (start, end), as the client receives them.
        expect(JSON.parse(JSON.stringify(lazy[i].findings)), `seed ${seed} #${i}`).toEqual(JSON.parse(JSON.stringify(eager)));
        expect(lazy[i].rules).toEqual(full);
        rules += full.length;
        findings += eager.length;
        for (const f of eager) codes.add(f.code);
      });
    }
    expect(rules).toBeGreaterThan(1000);
    expect(findings).toBeGreaterThan(100);
    expect(partsLeftOut).toBeGreaterThan(100);
    // The rule-level findings placed from the full rules are reached.
    for (const code of ['ML4001', 'ML4002', 'ML4003']) expect(codes.has(code), code).toBe(true);
  });
});
