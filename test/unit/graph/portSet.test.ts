// Port set algebra against membership: the set operations hand back an operand or the empty set when that is
// the answer (the graph calls them several times per flow), so on random interval lists every result must
// still hold exactly the ports the operation says, as sorted disjoint intervals, and never alter an operand.
import { describe, expect, it } from 'vitest';
import { allPortSet, emptyPortSet, intersectPortSets, MAX_PORT, portProtocols, portSetHas, subtractPortSets, unionPortSets, type Interval, type PortSet } from '../../../server/src/analysis/graph/portSet';
import { seededRandom } from '../../support/seededRandom';

function randomSet(next: () => number): PortSet {
  const shape = Math.floor(next() * 8);
  if (shape === 0) return emptyPortSet;
  if (shape === 1) return allPortSet;
  const intervals = (): Interval[] => {
    if (next() < 0.2) return [[1, MAX_PORT]];
    const out: Interval[] = [];
    // Small ports so intervals meet, touch and nest; sometimes the ends of the range.
    let at = next() < 0.3 ? 1 : 1 + Math.floor(next() * 20);
    for (let n = Math.floor(next() * 4); n > 0 && at <= MAX_PORT; n--) {
      const hi = next() < 0.1 ? MAX_PORT : Math.min(MAX_PORT, at + Math.floor(next() * 10));
      out.push([at, hi]);
      at = hi + 2 + Math.floor(next() * 10);
    }
    return out;
  };
  return { TCP: intervals(), UDP: next() < 0.5 ? intervals() : [], SCTP: next() < 0.3 ? intervals() : [], other: next() < 0.5 };
}

/** Ports where membership can change: every interval end and its neighbours, in both operands. */
function probes(...sets: PortSet[]): number[] {
  const out = new Set<number>([1, 2, MAX_PORT - 1, MAX_PORT]);
  for (const set of sets) for (const p of portProtocols) for (const [lo, hi] of set[p]) for (const x of [lo - 1, lo, lo + 1, hi - 1, hi, hi + 1]) if (x >= 1 && x <= MAX_PORT) out.add(x);
  return [...out];
}

function wellFormed(set: PortSet): boolean {
  return portProtocols.every((p) => set[p].every(([lo, hi], i) => lo >= 1 && hi <= MAX_PORT && lo <= hi && (i === 0 || set[p][i - 1][1] < lo)));
}

describe('port set operations', () => {
  it('union, intersection and difference hold exactly the right ports on random sets', () => {
    const next = seededRandom(7);
    const operations = [
      ['union', unionPortSets, (x: boolean, y: boolean) => x || y],
      ['intersect', intersectPortSets, (x: boolean, y: boolean) => x && y],
      ['subtract', subtractPortSets, (x: boolean, y: boolean) => x && !y],
    ] as const;
    for (let round = 0; round < 3000; round++) {
      const a = randomSet(next);
      const b = next() < 0.1 ? a : randomSet(next);
      const before = JSON.stringify([a, b]);
      for (const [name, operation, expected] of operations) {
        const result = operation(a, b);
        expect(wellFormed(result), `${name} ${before}`).toBe(true);
        for (const protocol of [...portProtocols, 'ICMP'] as const) {
          for (const port of protocol === 'ICMP' ? [0] : probes(a, b)) {
            expect(portSetHas(result, protocol, port), `${name} ${protocol} ${port} of ${before}`).toBe(expected(portSetHas(a, protocol, port), portSetHas(b, protocol, port)));
          }
        }
      }
      expect(JSON.stringify([a, b])).toBe(before);
    }
  });
});
