// An edge lists the rules of the flow's steps that gave its verdict, each once, in step order
// (buildTrafficGraph.ts edgeFor). Long step lists (a workload's isolating rules, which every default-deny edge of
// it names) are turned into references once per list and shared by the edges (referencesOf): over seeded random
// workspaces with several isolating policies per workload, every workload-to-workload edge must list what its
// own flow evaluation lists, rule for rule and range for range.
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { createRuleAnnotator } from '../../../server/src/analysis/graph/ruleClassification';
import { createRuleReferencer } from '../../../server/src/analysis/graph/ruleReference';
import { flowPorts, flowVerdictAt } from '../../../server/src/analysis/graph/trafficModel';
import type { RuleRef } from '../../../server/src/analysis/graph/trafficGraphModel';
import { seededRandom } from '../../support/seededRandom';
import { authz, cnp, deployment, modelOf, namespace, netpol, type K8sObject } from './trafficFixture';

function workspace(seed: number): K8sObject[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number): boolean => next() < p;
  const apps = ['web', 'api', 'db'];
  const objects: K8sObject[] = [namespace('a', chance(0.5) ? { 'istio.io/dataplane-mode': 'ambient' } : {}), namespace('b', { 'istio-injection': 'enabled' })];
  const count = 6 + Math.floor(next() * 8);
  for (let i = 0; i < count; i++) {
    objects.push(deployment(pick(['a', 'b']), `w${i}`, { app: pick(apps), id: `w${i}` }, { sa: pick(['sa-0', 'sa-1']), ports: [{ name: 'http', containerPort: pick([8080, 8081]) }, { containerPort: 9090 }] }));
  }
  const policies = 4 + Math.floor(next() * 10);
  for (let p = 0; p < policies; p++) {
    const ns = pick(['a', 'b']);
    const selector = chance(0.3) ? {} : { matchLabels: { app: pick(apps) } };
    const kind = Math.floor(next() * 4);
    if (kind === 0) {
      objects.push(netpol(ns, `np${p}`, { podSelector: selector, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: pick(apps) } } }], ports: [{ port: pick([8080, 9090, 'http']) }] }] }));
    } else if (kind === 1) {
      objects.push(netpol(ns, `eg${p}`, { podSelector: selector, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: pick(apps) } } }] }] }));
    } else if (kind === 2) {
      objects.push(cnp(ns, `cnp${p}`, { endpointSelector: selector, ingress: [{ fromEndpoints: [{ matchLabels: { app: pick(apps) } }], toPorts: [{ ports: [{ port: pick(['8080', '9090']), protocol: 'TCP' }] }] }], ...(chance(0.4) ? { ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: pick(apps) } }] }] } : {}) }));
    } else {
      objects.push(authz(ns, `ap${p}`, { selector, action: pick(['ALLOW', 'DENY']), rules: [{ from: [{ source: { principals: [`cluster.local/ns/${pick(['a', 'b'])}/sa/${pick(['sa-0', 'sa-1'])}`] } }] }] }));
    }
  }
  return objects;
}

describe('edge rule lists', () => {
  it('list the deciding steps\' rules of the edge\'s own flow (seeded random workspaces)', () => {
    let shared = 0;
    let checked = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const model = modelOf(workspace(seed));
      const { graph } = buildTrafficGraph(model, { evaluateEveryPair: seed % 2 === 0 });
      const referencer = createRuleReferencer(createRuleAnnotator(model.inventory));
      const endpoints = new Map(model.inventory.workloads.map((w) => [w.id, model.workloadEndpoint(w)]));
      const lists = new Set<readonly RuleRef[]>();
      for (const edge of graph.edges) {
        if (edge.rules.length >= 3) {
          if (lists.has(edge.rules)) shared++;
          lists.add(edge.rules);
        }
        const from = endpoints.get(edge.from);
        const to = endpoints.get(edge.to);
        if (!from || !to) continue;
        const flow = flowVerdictAt(model, from, to, flowPorts(model, from, to), edge.protocol === 'ANY' ? 'TCP' : edge.protocol, edge.port ?? 1);
        const expected: RuleRef[] = [];
        for (const step of flow.steps) {
          if (step.verdict !== edge.verdict) continue;
          for (const r of step.rules) {
            const ref = referencer(r.policy, r.path, r.enforcer);
            if (!expected.includes(ref)) expected.push(ref);
          }
        }
        expect(JSON.stringify(edge.rules), `seed ${seed}: ${edge.from} -> ${edge.to} ${edge.protocol}/${edge.port}`).toBe(JSON.stringify(expected));
        checked++;
      }
    }
    // The workspaces reach the shared lists, and not on empty graphs.
    expect(shared).toBeGreaterThan(20);
    expect(checked).toBeGreaterThan(500);
  });
});
