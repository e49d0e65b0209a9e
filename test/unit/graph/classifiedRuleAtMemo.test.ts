// classifiedRuleAt keeps one path map per classified rule list (ruleClassification.ts): asked again and again for
// the same list, with any path, it must name the rule a fresh scan names: the same path, else the nearest
// enclosing rule, else the first rule under the path.
import { describe, expect, it } from 'vitest';
import { classifiedRuleAt } from '../../../server/src/analysis/graph/ruleClassification';
import type { ClassifiedRule } from '../../../server/src/analysis/enforcement/ruleEnforcement';
import type { ValuePath } from '../../../server/src/analysis/model/sourceSpan';
import { seededRandom } from '../../support/seededRandom';

function plainRuleAt(rules: readonly ClassifiedRule[], path: ValuePath): ClassifiedRule | undefined {
  for (let n = path.length; n > 0; n--) {
    const prefix = path.slice(0, n);
    // The last rule listed for a path wins, as in a map built from the list.
    const hit = rules.filter((r) => r.path.length === prefix.length && r.path.every((p, i) => p === prefix[i])).pop();
    if (hit) return hit;
  }
  return rules.find((r) => path.every((part, i) => r.path[i] === part));
}

describe('classifiedRuleAt with its per-list path map', () => {
  it('names the rule a plain scan names, for repeated questions about the same lists', () => {
    const random = seededRandom(5122026);
    const part = (): string | number => (random() < 0.5 ? ['spec', 'ingress', 'egress', 'toPorts', 'rules'][Math.floor(random() * 5)] : Math.floor(random() * 3));
    const path = (): ValuePath => Array.from({ length: Math.floor(random() * 5) }, part);
    const lists = Array.from({ length: 40 }, () => Array.from({ length: Math.floor(random() * 8) }, () => ({ path: path() }) as unknown as ClassifiedRule));
    let found = 0;
    for (let ask = 0; ask < 4000; ask++) {
      const rules = lists[Math.floor(random() * lists.length)];
      const at = path();
      const expected = plainRuleAt(rules, at);
      if (expected) found++;
      expect(classifiedRuleAt(rules, at)).toBe(expected);
    }
    // The random paths do hit rules (the comparison is not all undefined).
    expect(found).toBeGreaterThan(400);
  });
});
