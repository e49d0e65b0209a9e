// convertForZtunnel against the conversions listed in semantics.md §B.5 and istiod's
// pilot/pkg/serviceregistry/ambient/authorization.go (handleRule, hasEffectiveRules, httpSources).
import { describe, expect, it } from 'vitest';
import { convertForZtunnel } from '../../../server/src/analysis/enforcement/ztunnelConversion';

const cases: readonly { name: string; spec: Record<string, unknown>; effects: string[]; allowsNothing?: boolean }[] = [
  { name: 'DENY to.methods only → no effect', spec: { action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] }, effects: ['no-effect'] },
  { name: 'DENY from.principals + to.methods → no effect (empty to clause)', spec: { action: 'DENY', rules: [{ from: [{ source: { principals: ['x'] } }], to: [{ operation: { methods: ['GET'] } }] }] }, effects: ['no-effect'] },
  { name: 'DENY from.principals + when request.headers → no effect', spec: { action: 'DENY', rules: [{ from: [{ source: { principals: ['x'] } }], when: [{ key: 'request.headers[x]', values: ['a'] }] }] }, effects: ['no-effect'] },
  { name: 'DENY to ports + methods → wider (all traffic to the port)', spec: { action: 'DENY', rules: [{ to: [{ operation: { ports: ['8080'], methods: ['POST'] } }] }] }, effects: ['widened'] },
  { name: 'DENY from principals + notRequestPrincipals → wider', spec: { action: 'DENY', rules: [{ from: [{ source: { principals: ['x'], notRequestPrincipals: ['*'] } }] }] }, effects: ['widened'] },
  { name: 'DENY with an extra {} rule → that rule matches everything', spec: { action: 'DENY', rules: [{ to: [{ operation: { methods: ['GET'] } }] }, {}] }, effects: ['no-effect', 'enforced'] },
  { name: 'DENY with an L4 when key is kept', spec: { action: 'DENY', rules: [{ when: [{ key: 'destination.port', values: ['22'] }] }] }, effects: ['enforced'] },
  { name: 'ALLOW rules with HTTP attributes are dropped; all dropped → allows nothing', spec: { rules: [{ to: [{ operation: { paths: ['/a'] } }] }, { from: [{ source: { requestPrincipals: ['*'] } }] }] }, effects: ['dropped', 'dropped'], allowsNothing: true },
  { name: 'ALLOW keeps L4-only rules', spec: { rules: [{ to: [{ operation: { paths: ['/a'] } }] }, { from: [{ source: { namespaces: ['a'] } }] }] }, effects: ['dropped', 'enforced'], allowsNothing: false },
  { name: 'ALLOW with trustDomains is dropped (reported as unsupported)', spec: { rules: [{ from: [{ source: { trustDomains: ['td'] } }] }] }, effects: ['dropped'], allowsNothing: true },
  { name: 'ALLOW with a non-L4 when key (source.serviceAccount) is dropped', spec: { rules: [{ when: [{ key: 'source.serviceAccount', values: ['a/b'] }] }] }, effects: ['dropped'], allowsNothing: true },
  { name: 'AUDIT is not converted', spec: { action: 'AUDIT', rules: [{ to: [{ operation: { ports: ['80'] } }] }] }, effects: ['ignored'] },
];

describe('convertForZtunnel', () => {
  it.each(cases)('$name', ({ spec, effects, allowsNothing }) => {
    const outcome = convertForZtunnel(spec);
    expect(outcome.rules.map((r) => r.effect)).toEqual(effects);
    if (allowsNothing !== undefined) expect(outcome.allowsNothing).toBe(allowsNothing);
  });

  it('names the dropped attributes', () => {
    const outcome = convertForZtunnel({ action: 'DENY', rules: [{ from: [{ source: { principals: ['x'], notRequestPrincipals: ['*'] } }], to: [{ operation: { ports: ['80'], hosts: ['a'] } }] }] });
    expect(outcome.rules[0].droppedAttributes.map((a) => a.name).sort()).toEqual(['hosts', 'notRequestPrincipals']);
  });

  it('never throws on half-typed rules', () => {
    for (const rules of [null, 'x', [null], [{ from: 'x' }], [{ from: [null] }], [{ when: [{}] }], [{ to: [{ operation: null }] }]]) {
      expect(() => convertForZtunnel({ action: 'DENY', rules })).not.toThrow();
    }
  });
});
