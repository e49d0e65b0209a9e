// The one binary search the line index, block text, document segments, viewport chunks and the enforcement
// workspace share: compared with a linear scan on random ascending keys, values below, between, on and past them.
import { describe, expect, it } from 'vitest';
import { lastIndexAtOrBelow } from '../../../server/src/analysis/lastIndexAtOrBelow';
import { seededRandom } from '../../support/seededRandom';

function linear(keys: readonly number[], value: number): number {
  let found = 0;
  keys.forEach((key, i) => {
    if (key <= value) found = i;
  });
  return found;
}

describe('lastIndexAtOrBelow', () => {
  it('equals a linear scan', () => {
    const random = seededRandom(77);
    for (let round = 0; round < 2_000; round++) {
      const keys: number[] = [];
      let at = Math.floor(random() * 5);
      for (let n = Math.floor(random() * 12); n > 0; n--) {
        keys.push(at);
        at += Math.floor(random() * 4); // repeated keys included
      }
      const value = Math.floor(random() * (at + 6)) - 3;
      expect(lastIndexAtOrBelow(keys.length, (i) => keys[i], value), `${keys} / ${value}`).toBe(linear(keys, value));
    }
  });
});
