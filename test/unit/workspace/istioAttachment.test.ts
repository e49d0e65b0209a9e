// workloadsSelectedBy reads the policy's selector once for a whole workload list (istioAttachment.ts): it must
// pick exactly the workloads attachesToWorkload accepts one by one (selector subset of the pod labels, the
// policy's namespace or the root namespace, never by selector with targetRefs: istio pilot/pkg/model/policyattachment.go).
import { describe, expect, it } from 'vitest';
import { attachesToWorkload, workloadsSelectedBy, type IstioPolicyLike, type SelectableWorkload } from '../../../server/src/analysis/workspace/istioAttachment';
import { seededRandom } from '../../support/seededRandom';

describe('workloadsSelectedBy', () => {
  it('selects what attachesToWorkload accepts, for random policies and workloads', () => {
    const random = seededRandom(20261205);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const namespaces = ['istio-system', 'a', 'b'];
    const labels = (): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const key of ['app', 'tier', 'version']) if (random() < 0.6) out[key] = pick(['x', 'y', 'z']);
      return out;
    };
    let selected = 0;
    for (let round = 0; round < 300; round++) {
      const spec: Record<string, unknown> = {};
      const shape = random();
      if (shape < 0.5) spec.selector = { matchLabels: { ...labels(), ...(random() < 0.2 ? { n: 1 } : {}) } };
      else if (shape < 0.6) spec.selector = {};
      else if (shape < 0.7) spec.selector = 'bad';
      else if (shape < 0.8) spec.targetRefs = [{ kind: 'Gateway', name: 'w' }];
      const policy: IstioPolicyLike = { namespace: random() < 0.9 ? pick(namespaces) : undefined, value: { spec } };
      const workloads: SelectableWorkload[] = Array.from({ length: 12 }, () => ({ namespace: pick(namespaces), labels: { ...labels(), ...(random() < 0.2 ? { n: '1' } : {}) } }));
      const expected = workloads.filter((w) => attachesToWorkload(policy, w, 'istio-system'));
      selected += expected.length;
      expect(workloadsSelectedBy(policy, workloads, 'istio-system')).toEqual(expected);
    }
    // The random cases do select workloads (the comparison is not all empty lists).
    expect(selected).toBeGreaterThan(300);
  });
});
