// One binary search for the "which line / block / segment / chunk holds this offset" questions: the host, the
// YAML line index and the enforcement workspace each keep ascending starts and ask for the last one at or below.

/** Index of the last of `count` ascending keys that is at or below `value`; 0 when none is (or `count` is 0). */
export function lastIndexAtOrBelow(count: number, keyAt: (index: number) => number, value: number): number {
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (keyAt(middle) <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}
