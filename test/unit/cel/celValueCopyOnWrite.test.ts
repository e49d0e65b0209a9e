// toCelValue copies only the way down to an integer (cel/celRuleEvaluator.ts): on seeded random values it equals
// the full deep conversion, never changes its input, keeps the parts without integers as they are, and a rule
// evaluates the same against it as against the full conversion (the CRD rules of the bundled Istio schemas, which
// run on every document of an open, plus rules that read numbers).
import { describe, expect, it } from 'vitest';
import { compileCel, evaluateCelRule, toCelValue } from '../../../server/src/analysis/cel/celRuleEvaluator';
import { seededRandom } from '../../support/seededRandom';

/** The plain conversion: every map and list copied, integral numbers as BigInt. */
function fullCopy(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(fullCopy);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fullCopy(child)]));
  return value;
}

const keys = ['selector', 'targetRef', 'targetRefs', 'principals', 'namespaces', 'serviceAccounts', 'portLevelMtls', 'matchLabels', 'jwksUri', 'jwks', 'ports', 'port', 'mode', '8080', 'app'];

function randomValue(random: () => number, depth: number): unknown {
  const pick = random();
  if (depth <= 0 || pick < 0.35) {
    const scalar = random();
    if (scalar < 0.3) return `s${Math.floor(random() * 5)}`;
    if (scalar < 0.45) return Math.floor(random() * 70000);
    if (scalar < 0.55) return random() * 10;
    if (scalar < 0.7) return random() < 0.5;
    if (scalar < 0.8) return null;
    return '';
  }
  if (pick < 0.6) return Array.from({ length: Math.floor(random() * 4) }, () => randomValue(random, depth - 1));
  const map: Record<string, unknown> = {};
  const size = Math.floor(random() * 5);
  for (let i = 0; i < size; i++) map[keys[Math.floor(random() * keys.length)]] = randomValue(random, depth - 1);
  return map;
}

const rules = [
  '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1',
  '(has(self.serviceAccounts) || has(self.notServiceAccounts)) ? (!has(self.principals) && !has(self.namespaces)) : true',
  'has(self.portLevelMtls) ? (((has(self.selector) && has(self.selector.matchLabels)) ? self.selector.matchLabels : {}).size() > 0) : true',
  '(has(self.jwksUri) ? 1 : 0) + (has(self.jwks_uri) ? 1 : 0) + (has(self.jwks) ? 1 : 0) <= 1',
  'self.all(key, key.size() != 0)',
  'has(self.port) ? self.port > 0 : true',
  'has(self.ports) ? self.ports.size() < 3 : true',
  'self == self',
];

describe('toCelValue', () => {
  it('equals the full conversion, leaves its input unchanged and shares what holds no integer', () => {
    const random = seededRandom(4242);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(random, 4);
      const before = structuredClone(value);
      const converted = toCelValue(value);
      expect(converted).toEqual(fullCopy(value));
      expect(value).toEqual(before);
      if (JSON.stringify(value, (_, v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? 'int' : v)).includes('"int"')) continue;
      expect(converted).toBe(value);
    }
  });

  it('keeps a `__proto__` key as an own entry, not as the prototype', () => {
    const value = JSON.parse('{"__proto__": {"a": 1}, "b": "x"}') as Record<string, unknown>;
    const converted = toCelValue(value) as Record<string, unknown>;
    expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
    expect(Object.hasOwn(converted, '__proto__')).toBe(true);
    expect(converted).toEqual(fullCopy(value));
  });

  it('a rule evaluates the same as against the full conversion', () => {
    const random = seededRandom(99);
    for (let i = 0; i < 600; i++) {
      const self = randomValue(random, 3);
      for (const rule of rules) {
        const program = compileCel(rule);
        if (!('program' in program)) throw new Error(`rule does not compile: ${rule}`);
        let expected: string;
        try {
          const result = program.program({ self: fullCopy(self) });
          expected = result === true ? 'pass' : result === false ? 'fail' : 'unsupported';
        } catch {
          expected = 'error';
        }
        expect([rule, self, evaluateCelRule({ rule }, self).kind]).toEqual([rule, self, expected]);
      }
    }
  });
});
