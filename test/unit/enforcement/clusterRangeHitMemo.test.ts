// ML4013's range check (ciliumPitfalls.ts clusterRangeHit) keeps its answer per CIDR and except list: seeded random
// CIDRs (pod ranges, ranges covering them, public ones, malformed), excepts (cutting the shared part out or not, texts
// that would read alike if joined) asked in random order, repeats included, give what the uncached check gives.
import { describe, expect, it } from 'vitest';
import { clusterRangeHit, rangeHit } from '../../../server/src/analysis/enforcement/pitfalls/ciliumPitfalls';
import { seededRandom } from '../../support/seededRandom';

describe('clusterRangeHit keeps answers that equal the uncached check', () => {
  it('over seeded random CIDRs and except lists, each asked several times', () => {
    const next = seededRandom(4013);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
    const octet = () => Math.floor(next() * 256);
    const cidr = (): string =>
      pick([
        () => `10.${octet()}.0.0/${pick([8, 16, 24])}`,
        () => `172.${16 + Math.floor(next() * 20)}.0.0/${pick([12, 16, 20])}`,
        () => `192.168.${octet()}.0/24`,
        () => `100.${64 + Math.floor(next() * 70)}.0.0/10`,
        () => `${pick(['0.0.0.0/0', '0.0.0.0/1', '8.8.8.8/32', '::/0', 'fd00::/8', '2001:db8::/32'])}`,
        () => pick(['not-a-cidr', '10.0.0.0/33', '', '10.0.0.0/8 10.1.0.0/16']),
      ])();
    const except = (): unknown =>
      pick([
        () => undefined,
        () => [],
        () => Array.from({ length: 1 + Math.floor(next() * 3) }, cidr),
        () => ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'],
        () => ['10.0.0.0/8 172.16.0.0/12'],
        () => [cidr(), 42],
        () => 'not-a-list',
        () => Array.from({ length: 10 }, cidr),
      ])();
    // Except lists whose texts would read alike if joined with a space: one malformed entry, or two that cut the range out.
    const alike = ['10.5.0.0/16', '10.0.0.0/8', '172.16.4.0/24'].flatMap((c) => [
      { cidr: c, except: ['10.0.0.0/8 172.16.0.0/12'] },
      { cidr: c, except: ['10.0.0.0/8', '172.16.0.0/12'] },
    ]);
    const cases = [...alike, ...Array.from({ length: 600 }, () => ({ cidr: cidr(), except: except() }))];
    let hits = 0;
    for (let round = 0; round < 3; round++) {
      for (const { cidr: c, except: e } of round === 0 ? cases : [...cases].sort(() => next() - 0.5)) {
        const expected = rangeHit(c, e);
        expect(clusterRangeHit(c, e), `${c} except ${JSON.stringify(e)}`).toEqual(expected);
        if (expected) hits++;
      }
    }
    // Both answers are reached: hits (contained and covering) and misses.
    expect(hits).toBeGreaterThan(300);
    expect(hits).toBeLessThan(cases.length * 3);
  });
});
