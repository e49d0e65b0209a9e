// parseCidr keeps one parse per CIDR text (a bounded memo): every answer, first or repeated, before and after the
// memo is cleared, must equal the prefix arithmetic done independently here with plain numbers.
import { describe, expect, it } from 'vitest';
import { parseCidr } from '../../../server/src/analysis/graph/ipRange';
import { seededRandom } from '../../support/seededRandom';

function expectedV4(octets: readonly number[], prefix: number): { first: bigint; last: bigint } | undefined {
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const value = ((octets[0] * 256 + octets[1]) * 256 + octets[2]) * 256 + octets[3];
  const size = 2 ** (32 - prefix);
  const first = Math.floor(value / size) * size;
  return { first: BigInt(first), last: BigInt(first + size - 1) };
}

describe('parseCidr', () => {
  it('answers repeated and fresh texts alike, across more distinct texts than the memo keeps', () => {
    const random = seededRandom(4021);
    const seen: { text: string; octets: number[]; prefix: number }[] = [];
    for (let i = 0; i < 12_000; i++) {
      const reuse = seen.length > 0 && random() < 0.4;
      const entry = reuse
        ? seen[Math.floor(random() * seen.length)]
        : (() => {
            // Mostly valid octets and prefixes; some out of range, to check malformed texts are memoised as malformed.
            const octets = Array.from({ length: 4 }, () => Math.floor(random() * (random() < 0.05 ? 400 : 256)));
            const prefix = Math.floor(random() * (random() < 0.05 ? 40 : 33));
            const made = { text: `${octets.join('.')}/${prefix}`, octets, prefix };
            seen.push(made);
            return made;
          })();
      const expected = expectedV4(entry.octets, entry.prefix);
      const got = parseCidr(entry.text);
      if (expected === undefined) expect(got, entry.text).toBeUndefined();
      else expect(got, entry.text).toEqual({ v6: false, ...expected });
    }
  });

  it('shares one frozen range per text, so no caller can change another caller’s answer', () => {
    const a = parseCidr('10.0.0.0/8');
    expect(parseCidr('10.0.0.0/8')).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(parseCidr('fd00::/8')).toEqual({ v6: true, first: 0xfdn << 120n, last: (0xfdn << 120n) + (1n << 120n) - 1n });
    expect(parseCidr('1.2.3/8')).toBeUndefined();
  });
});
