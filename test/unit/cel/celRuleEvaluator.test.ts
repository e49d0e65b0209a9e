// The CEL evaluator: standard CEL via @marcbachmann/cel-js plus the Kubernetes extension functions
// the upstream CRD rules call; failures, evaluation errors and unsupported rules are kept apart.
import { describe, expect, it } from 'vitest';
import { compileCel, evaluateCelRule, toCelValue } from '../../../server/src/analysis/cel/celRuleEvaluator';
import { parseKubernetesUrl } from '../../../server/src/analysis/cel/kubernetesCelLibrary';
import { catalogEntries } from '../../../server/src/analysis/schema/schemaCatalog';

describe('evaluateCelRule on the rules Istio ships', () => {
  const onlyOne = '(has(self.selector) ? 1 : 0) + (has(self.targetRef) ? 1 : 0) + (has(self.targetRefs) ? 1 : 0) <= 1';

  it('passes and fails the "only one of" rule', () => {
    expect(evaluateCelRule({ rule: onlyOne }, { selector: {} })).toEqual({ kind: 'pass' });
    expect(evaluateCelRule({ rule: onlyOne }, { selector: {}, targetRef: { name: 'x' } })).toEqual({ kind: 'fail', message: undefined });
  });

  it('iterates map keys and converts them with int()', () => {
    const rule = 'self.all(key, 0 < int(key) && int(key) <= 65535)';
    expect(evaluateCelRule({ rule }, { '8080': { mode: 'STRICT' } }).kind).toBe('pass');
    expect(evaluateCelRule({ rule }, { '0': {} }).kind).toBe('fail');
    expect(evaluateCelRule({ rule }, { '70000': {} }).kind).toBe('fail');
    // A key that is not a number is an evaluation error, as in the API server.
    expect(evaluateCelRule({ rule }, { acd: {} })).toEqual({ kind: 'error', error: "type conversion error from 'string' to 'int'" });
  });

  it('compares durations', () => {
    const rule = "duration(self) >= duration('1ms')";
    expect(evaluateCelRule({ rule }, '10s').kind).toBe('pass');
    expect(evaluateCelRule({ rule }, '500us').kind).toBe('fail');
  });

  it('parses URLs with the Kubernetes url() library', () => {
    const rule = 'url(self).getScheme() in ["http", "https"]';
    expect(evaluateCelRule({ rule }, 'https://example.com/jwks.json').kind).toBe('pass');
    expect(evaluateCelRule({ rule }, 'ftp://example.com/jwks.json').kind).toBe('fail');
    expect(evaluateCelRule({ rule }, '/only/a/path').kind).toBe('fail');
    expect(evaluateCelRule({ rule }, 'no-scheme').kind).toBe('error');
  });

  it('uses string functions (contains, size) on scalars', () => {
    expect(evaluateCelRule({ rule: '!self.contains("*")' }, 'a*').kind).toBe('fail');
    expect(evaluateCelRule({ rule: 'self.all(key, key.size() != 0)' }, { '': 'x' }).kind).toBe('fail');
    expect(evaluateCelRule({ rule: 'self.size() == 0' }, '').kind).toBe('pass');
  });
});

describe('messageExpression', () => {
  it('becomes the failure message', () => {
    const outcome = evaluateCelRule({ rule: 'self.size() < 3', messageExpression: '"too long: " + string(self.size())' }, 'abcd');
    expect(outcome).toEqual({ kind: 'fail', message: 'too long: 4' });
  });

  it('is ignored when it does not evaluate to a string', () => {
    expect(evaluateCelRule({ rule: 'false', messageExpression: '1 + 1' }, 1)).toEqual({ kind: 'fail', message: undefined });
  });
});

describe('rules we cannot run are skipped, never thrown', () => {
  it('marks syntax errors and unknown functions as unsupported', () => {
    expect(evaluateCelRule({ rule: 'self.foo(' }, 1).kind).toBe('unsupported');
    expect(evaluateCelRule({ rule: 'quantity(self).isGreaterThan(quantity("1"))' }, '2').kind).toBe('unsupported');
  });

  it('skips transition rules: oldSelf is absent on create, as in the API server', () => {
    expect(evaluateCelRule({ rule: 'self == oldSelf' }, 1).kind).toBe('unsupported');
  });

  it('caches compiled programs by their text', () => {
    expect(compileCel('self == 1')).toBe(compileCel('self == 1'));
  });
});

describe('Kubernetes extension library', () => {
  it('splits URLs like Go net/url', () => {
    const url = parseKubernetesUrl('HTTPS://user@example.com:8443/a/b?x=1&x=2#frag');
    expect([url.scheme, url.host, url.hostname, url.port, url.escapedPath, url.query]).toEqual(['https', 'example.com:8443', 'example.com', '8443', '/a/b', 'x=1&x=2']);
    expect(parseKubernetesUrl('https://[::1]:80/').hostname).toBe('::1');
    expect(() => parseKubernetesUrl('a\u0008b')).toThrow(/control character/);
  });

  it('provides isURL, isCIDR, isIP, lists and regex helpers', () => {
    const cases: [string, unknown, boolean][] = [
      ['isURL(self)', 'https://x', true],
      ['isURL(self)', 'x', false],
      ['isCIDR(self)', '10.0.0.0/8', true],
      ['isCIDR(self)', '10.0.0.0', false],
      ['isIP(self)', '2001:db8::1', true],
      ['self.isSorted()', [1, 2, 3], true],
      ['self.sum() == 6', [1, 2, 3], true],
      ['self.max() == 3 && self.min() == 1', [3, 1, 2], true],
      ['self.find("[0-9]+") == "42"', 'ab42cd', true],
      ['self.findAll("[a-z]").size() == 4', 'ab42cd', true],
      ['self.replace("-", "_") == "a_b"', 'a-b', true],
    ];
    for (const [rule, self, expected] of cases) {
      expect([rule, evaluateCelRule({ rule }, self).kind]).toEqual([rule, expected ? 'pass' : 'fail']);
    }
  });

  it('converts integral numbers to CEL ints and keeps doubles', () => {
    expect(toCelValue({ a: [1, 1.5] })).toEqual({ a: [1n, 1.5] });
  });
});

describe('evaluation errors use cel-go wording', () => {
  it('rewords lookups and overloads', () => {
    expect(evaluateCelRule({ rule: 'self.a == 1' }, {})).toEqual({ kind: 'error', error: 'no such key: a' });
    expect(evaluateCelRule({ rule: 'self[3] == 1' }, [1])).toEqual({ kind: 'error', error: 'index out of bounds: index 3 >= size 1' });
    expect(evaluateCelRule({ rule: 'self.size() == 0' }, 3)).toEqual({ kind: 'error', error: "no such overload: 'int.size()'" });
  });
});

describe('every CEL rule the upstream CRDs ship', () => {
  it('compiles in our environment (none is silently skipped)', () => {
    const rules: string[] = [];
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(collect);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === 'x-kubernetes-validations') rules.push(...(value as { rule: string }[]).map((r) => r.rule));
          else collect(value);
        }
      }
    };
    for (const entry of catalogEntries()) collect(entry.schema);
    expect(rules.length).toBeGreaterThanOrEqual(22);
    const unsupported = [...new Set(rules)].filter((rule) => 'unsupported' in compileCel(rule));
    expect(unsupported).toEqual([]);
  });
});
