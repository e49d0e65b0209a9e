// A RuleRef reads its range when asked (ruleReference.ts: one shared getter, its state under a symbol that is not
// enumerable): what the answer carries must not depend on that. JSON (CLI, LSP), structured clone (the worker's
// postMessage) and deep equality see the wire fields only, range included, in the order the model declares them.
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import type { RuleRef } from '../../../server/src/analysis/graph/trafficGraphModel';
import { cnp, deployment, modelOf, namespace, netpol } from './trafficFixture';

function plain(ref: RuleRef): Record<string, unknown> {
  return {
    file: ref.file,
    range: ref.range,
    policy: ref.policy,
    kind: ref.kind,
    path: ref.path,
    ...(ref.enforcer !== undefined ? { enforcer: ref.enforcer } : {}),
    ...(ref.layer !== undefined ? { layer: ref.layer, label: ref.label } : {}),
  };
}

describe('rule references', () => {
  it('carry the wire fields only, range included, through JSON, structured clone and deep equality', () => {
    const model = modelOf([
      namespace('a'),
      deployment('a', 'web', { app: 'web' }),
      deployment('a', 'api', { app: 'api' }),
      netpol('a', 'np', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }] }),
      cnp('a', 'cnp', { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{ toEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: '9090', protocol: 'TCP' }] }] }] }),
    ]);
    const refs = [...new Set(buildTrafficGraph(model).graph.edges.flatMap((e) => e.rules))];
    expect(refs.length).toBeGreaterThan(1);
    for (const ref of refs) {
      const expected = plain(ref);
      expect(ref.range.start.line).toBeGreaterThan(0);
      expect(Object.keys(ref)).toEqual(Object.keys(expected));
      expect(JSON.stringify(ref)).toBe(JSON.stringify(expected));
      expect(structuredClone(ref)).toEqual(expected);
      expect(ref).toEqual(expected);
      expect(Object.getOwnPropertySymbols(ref).every((s) => !Object.getOwnPropertyDescriptor(ref, s)!.enumerable)).toBe(true);
    }
  });
});
