// A revision's snapshot, and what it built (analyses, enforcement, the traffic model and graph), must be freed once
// later revisions were answered: an editor makes one revision per keystroke. With the collector: after edits that
// each settle the diagnostics and draw the graph, the first snapshot and its traffic model are gone.
import { describe, expect, it } from 'vitest';
import { isCollected } from '../../support/garbageCollection';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';

const workloads = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: shop\n  labels:\n    app: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  namespace: shop\n  labels:\n    app: api\n';
const policy = (port: number) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  endpointSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            app: web\n      toPorts:\n        - ports:\n            - port: "${port}"\n              protocol: TCP\n`;

function settle(host: AnalysisHost, uri: string) {
  for (const _ of host.prepare()) void _;
  const snapshot = host.snapshot();
  for (const _ of snapshot.settleSteps(uri)) void _;
  snapshot.diagnostics(uri);
  snapshot.trafficGraph();
  return snapshot;
}


describe('a revision is freed once later ones were answered', () => {
  for (const layout of ['one file', 'two files'] as const) {
    it(layout, async () => {
      const host = new AnalysisHost();
      const uri = 'file:///w/policies.yaml';
      const write = (port: number) => {
        if (layout === 'one file') host.applyChange(uri, `${workloads}---\n${policy(port)}`);
        else {
          host.applyChange(uri, policy(port));
          host.applyChange('file:///w/workloads.yaml', workloads);
        }
      };
      // Only weak references to the first revision outlive this function (an async test's locals stay alive).
      const firstRevision = () => {
        write(8000);
        const first = settle(host, uri);
        expect(first.trafficGraph().graph.edges.length).toBeGreaterThan(0);
        return { firstSnapshot: new WeakRef(first), firstModel: new WeakRef(first.traffic().model) };
      };
      const { firstSnapshot, firstModel } = firstRevision();
      for (let port = 8001; port < 8006; port++) {
        write(port);
        settle(host, uri);
      }
      expect([await isCollected(firstSnapshot), await isCollected(firstModel)]).toEqual([true, true]);
    });
  }
});
