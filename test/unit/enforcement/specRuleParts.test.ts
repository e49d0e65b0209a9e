// specRuleParts (authorizationRuleAttributes.ts) keeps the parts of `spec.rules[i]` per rule object and index, for the
// classification and the ztunnel conversion to share: over seeded random AuthorizationPolicy rules, asked in random
// order and again, with one rule object listed at two indexes (a YAML alias), it equals rulePartsOf worked out afresh.
import { describe, expect, it } from 'vitest';
import { rulePartsOf, specRuleParts } from '../../../server/src/analysis/enforcement/authorizationRuleAttributes';
import { seededRandom } from '../../support/seededRandom';

describe('specRuleParts equals rulePartsOf', () => {
  it('over seeded random rules, repeated and aliased', () => {
    const next = seededRandom(4242);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const from = () => ({ source: pick([{ principals: ['cluster.local/ns/a/sa/b'] }, { namespaces: ['a'], ipBlocks: ['10.0.0.0/8'] }, { requestPrincipals: ['*'] }, { notNamespaces: ['x'] }, { unknownField: 1 }, {}]) });
    const to = () => ({ operation: pick([{ ports: ['8080'] }, { methods: ['GET'], paths: ['/x'] }, { hosts: ['a.example.com'] }, { notPorts: [9090] }, {}]) });
    const when = () => pick([{ key: 'request.headers[x-id]', values: ['1'] }, { key: 'source.ip', notValues: ['10.0.0.1'] }, { values: ['no key'] }, 'not a condition']);
    const rule = (): unknown =>
      pick([
        () => ({
          ...(next() < 0.6 ? { from: Array.from({ length: 1 + Math.floor(next() * 2) }, from) } : {}),
          ...(next() < 0.6 ? { to: Array.from({ length: 1 + Math.floor(next() * 2) }, to) } : {}),
          ...(next() < 0.4 ? { when: [when(), when()] } : {}),
        }),
        () => null,
        () => 'not a rule',
        () => ({ from: 'not a list' }),
      ])();
    let compared = 0;
    for (let p = 0; p < 150; p++) {
      const rules = Array.from({ length: 1 + Math.floor(next() * 4) }, rule);
      // An alias: the same rule object at another index.
      if (next() < 0.3) rules.push(rules[0]);
      for (let round = 0; round < 2; round++) {
        const order = rules.map((_, i) => i).sort(() => next() - 0.5);
        for (const i of order) {
          expect(specRuleParts(rules[i], i), `policy ${p} rule ${i}`).toEqual(rulePartsOf(rules[i], ['spec', 'rules', i]));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});
