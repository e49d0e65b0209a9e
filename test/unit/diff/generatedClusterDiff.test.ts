// On the bench's generated cluster (NetworkPolicy, Cilium L7/FQDN/CIDR/deny rules, Istio principals, ambient and
// sidecar namespaces; bench/graph.mjs), the pairs the diff selects must find exactly what evaluating every pair finds.
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- bench/graph.mjs is plain JavaScript without declarations; generate() returns { file, text }[].
import { generate } from '../../../bench/graph.mjs';
import { diffConnectivity } from '../../../server/src/analysis/diff/connectivityDiff';
import type { ConnectivityDiff } from '../../../server/src/analysis/diff/diffModel';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';

const files: { file: string; text: string }[] = generate(60, 6, 30);
const editPort = (text: string): string => (text.includes('"8080"') ? text.replace('"8080"', '"8081"') : text.includes('9090') ? text.replace('9090', '9091') : text.replace('"443"', '"444"'));
const head = analyzeWorkspaceTraffic(files).model;
const lines = (d: ConnectivityDiff): string[] => d.changes.map((c) => `${c.kind} ${c.from.id} > ${c.to.id}: ${c.base?.ports} => ${c.head?.ports} [${c.aspects.join()}]`).sort();

describe('diff on the generated cluster', () => {
  it.each([1, 3, 4])('one policy different (p-%i): the selected pairs find what every pair finds', (index) => {
    const base = analyzeWorkspaceTraffic(files.map((f) => (f.file === `policies/p-${index}.yaml` ? { ...f, text: editPort(f.text) } : f))).model;
    const fast = diffConnectivity(base, head);
    expect(fast.changes.length).toBeGreaterThan(0);
    expect(lines(fast)).toEqual(lines(diffConnectivity(base, head, { exhaustive: true })));
    expect(fast.stats.pairsEvaluated).toBeLessThan(200);
  });

  it('every policy different: the same, on far fewer pairs', () => {
    const base = analyzeWorkspaceTraffic(files.map((f) => (f.file.startsWith('policies/') ? { ...f, text: editPort(f.text) } : f))).model;
    const fast = diffConnectivity(base, head);
    const full = diffConnectivity(base, head, { exhaustive: true });
    expect(lines(fast)).toEqual(lines(full));
    expect(fast.stats.pairsEvaluated).toBeLessThan(full.stats.pairsEvaluated / 4);
  });
});
