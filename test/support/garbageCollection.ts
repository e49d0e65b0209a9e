// For tests that prove memory is released: the collector, exposed at run time (vitest's workers do not start with
// --expose-gc), and whether a weakly held object was collected.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * True when `ref`'s target is gone after full collections. A WeakRef's target lives at least until the job that
 * made or read it ends, so the collection runs on a later turn (and once more after another, for finalised parents).
 */
export async function isCollected(ref: WeakRef<object>): Promise<boolean> {
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  return ref.deref() === undefined;
}
