// A traffic model built from the previous one (trafficModel.ts: its world, its compiled rules, the account of the
// rules that changed) must not keep that previous model alive: a session builds one model per edit, so a chain
// of models each holding its predecessor would keep every revision's inventory, rules and indexes for as long as
// the editor runs. Checked with the collector: after a chain of models, compiled or not, only the last one is
// referenced by the test, and the earlier ones are collected.
import { describe, expect, it } from 'vitest';
import { isCollected } from '../../support/garbageCollection';
import { buildTrafficModel, ruleChangesSince, type TrafficModel } from '../../../server/src/analysis/graph/trafficModel';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import { inventoryFileFromText, mergeInventory, readInventoryFragment } from '../../../server/src/analysis/inventory/buildInventory';
import { parseYamlDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';

function policyFile(version: number): string {
  const policy = (n: number) =>
    `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p-${n}\n  namespace: shop\nspec:\n  endpointSelector:\n    matchLabels:\n      app: a${n}\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            app: b${n}\n      toPorts:\n        - ports:\n            - port: "${8000 + version}"\n              protocol: TCP\n`;
  return [policy(1), policy(2)].join('---\n');
}

const workloads = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: a1\n  namespace: shop\n  labels:\n    app: a1\n';

function inventoryAt(version: number, withWorkloads: boolean) {
  const files = [readInventoryFragment(inventoryFileFromText('policies.yaml', policyFile(version)), 'default')];
  if (withWorkloads) files.push(readInventoryFragment(inventoryFileFromText('workloads.yaml', workloads), 'default'));
  return mergeInventory(files, { defaultNamespace: 'default' });
}

/** Builds `length` models, each from the one before (as a session does), reading rules when `compile`. */
function chain(length: number, withWorkloads: boolean, compile: boolean): { readonly first: WeakRef<TrafficModel>; readonly last: TrafficModel } {
  // As a session does while only policies change: the same workload, namespace and service objects each time.
  const base = inventoryAt(0, withWorkloads);
  let model = buildTrafficModel(base);
  if (compile) void model.rules.length;
  const first = new WeakRef(model);
  for (let version = 1; version < length; version++) {
    const previous = model;
    model = buildTrafficModel({ ...base, policies: inventoryAt(version, withWorkloads).policies }, {}, { rulesFrom: previous, model: previous });
    if (compile) {
      void model.rules.length;
      // The account of changed rules is there while the caller holds the previous model.
      expect(ruleChangesSince(model, previous)).toBeDefined();
    }
  }
  return { first, last: model };
}


describe('a traffic model does not keep the model it was built from', () => {
  for (const [label, withWorkloads, compile] of [
    ['policies only, rules never read', false, false],
    ['policies only, rules read every time', false, true],
    ['with workloads, rules read every time', true, true],
    ['with workloads, rules never read', true, false],
  ] as const) {
    it(label, async () => {
      const { first, last } = chain(6, withWorkloads, compile);
      expect(await isCollected(first)).toBe(true);
      // The last model still answers.
      expect(last.rules.length).toBe(2);
    });
  }
});

describe('a traffic session keeps only its current model', () => {
  for (const [label, withWorkloads, drawGraph] of [
    ['policies only, no graph asked', false, false],
    ['with workloads, the graph drawn after each edit', true, true],
  ] as const) {
    it(label, async () => {
      const session = createTrafficSession();
      const files = (version: number) => {
        const policies = policyFile(version);
        return [
          { file: 'policies.yaml', text: policies, documents: parseYamlDocuments(policies) },
          ...(withWorkloads ? [{ file: 'workloads.yaml', text: workloads, documents: parseYamlDocuments(workloads) }] : []),
        ];
      };
      const first = new WeakRef(session.update(files(0)).model);
      if (drawGraph) session.graph();
      for (let version = 1; version < 6; version++) {
        session.update(files(version));
        if (drawGraph) session.graph();
      }
      expect(await isCollected(first)).toBe(true);
    });
  }
});
