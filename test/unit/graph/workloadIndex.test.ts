// The traffic model's workload indexes (by namespace, label, namespace + label, and namespaces by label) only
// narrow which workloads a selector is tested against: on random workspaces and selectors, every rule's
// subjects and every peer's matches through the indexes must be exactly what testing every workload gives,
// in inventory order (the order of pairs and edges), with declared and undeclared namespaces, in both
// settings for undeclared namespaces' labels.
import { describe, expect, it } from 'vitest';
import { peerEndpoints, ruleWorkloadMatches, workloadMatch } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { matchPeers } from '../../../server/src/analysis/graph/evaluateDirection';
import type { TrafficModel } from '../../../server/src/analysis/graph/trafficModel';
import { seededRandom } from '../../support/seededRandom';
import { cnp, deployment, modelOf, namespace, netpol, type K8sObject } from './trafficFixture';

function randomWorkspace(seed: number): K8sObject[] {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const chance = (p: number): boolean => next() < p;
  const namespaces = ['ns-a', 'ns-b', 'ns-c', 'ns-d', 'ns-e'];
  const teams = ['red', 'blue', 'green'];
  const apps = ['web', 'api', 'db', 'cache'];
  const objects: K8sObject[] = [];
  // Some namespaces have no Namespace object: their labels (other than the name) are unknown or absent.
  for (const ns of namespaces) if (chance(0.7)) objects.push(namespace(ns, { ...(chance(0.8) ? { team: pick(teams) } : {}), ...(chance(0.5) ? { env: pick(['prod', 'dev']) } : {}) }));
  // Up to 100 workloads, so a namespace selector without pod labels takes the per-namespace look-up too.
  for (let i = 0, count = 30 + (seed % 3) * 35; i < count; i++) {
    const labels: Record<string, string> = {};
    if (chance(0.9)) labels.app = pick(apps);
    if (chance(0.6)) labels.tier = pick(['front', 'back']);
    if (chance(0.2)) labels.team = pick(teams);
    // A few host-network pods: they carry the host's identity (entity host, reserved:host), not their labels.
    objects.push(deployment(pick(namespaces), `w-${i}`, labels, chance(0.08) ? { hostNetwork: true } : {}));
  }
  const labelSelector = (keys: Readonly<Record<string, readonly string[]>>): K8sObject => {
    const matchLabels: Record<string, string> = {};
    for (const [k, values] of Object.entries(keys)) if (chance(0.45)) matchLabels[k] = pick(values);
    const matchExpressions = chance(0.2) ? [{ key: pick(Object.keys(keys)), operator: pick(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: [pick(Object.values(keys).flat())] }] : undefined;
    return { ...(Object.keys(matchLabels).length || chance(0.5) ? { matchLabels } : {}), ...(matchExpressions ? { matchExpressions } : {}) };
  };
  const podKeys = { app: apps, tier: ['front', 'back'] };
  const namespaceKeys = { team: teams, env: ['prod', 'dev'], 'kubernetes.io/metadata.name': namespaces };
  for (let p = 0; p < 12; p++) {
    const ns = pick(namespaces);
    const peers = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
      const shape = Math.floor(next() * 3);
      if (shape === 0) return { podSelector: labelSelector(podKeys) };
      if (shape === 1) return { namespaceSelector: labelSelector(namespaceKeys) };
      return { namespaceSelector: labelSelector(namespaceKeys), podSelector: labelSelector(podKeys) };
    });
    objects.push(netpol(ns, `np-${p}`, { podSelector: labelSelector(podKeys), ingress: [{ from: peers }], egress: [{ to: peers }] }));
  }
  for (let p = 0; p < 8; p++) {
    const selector = (): K8sObject => {
      const s = labelSelector(podKeys);
      if (!chance(0.3)) return s;
      const labels = { ...((s.matchLabels as Record<string, string> | undefined) ?? {}) };
      if (chance(0.5)) labels['k8s:io.kubernetes.pod.namespace'] = pick(namespaces);
      else labels[`k8s:io.cilium.k8s.namespace.labels.team`] = pick(teams);
      return { ...s, matchLabels: labels };
    };
    objects.push(cnp(pick(namespaces), `cnp-${p}`, { endpointSelector: selector(), ingress: [{ fromEndpoints: [selector(), selector()] }], egress: [{ toEndpoints: [selector()] }] }));
  }
  // Peers that select no workload by labels but may still match one (entities; an ipBlock, a reserved label), beside selectors.
  objects.push(cnp(pick(namespaces), 'cnp-entities', { endpointSelector: labelSelector(podKeys), egress: [{ toEntities: [pick(['cluster', 'all', 'world', 'host'])] }, { toEndpoints: [{ matchLabels: { 'reserved:host': '' } }, labelSelector(podKeys)] }] }));
  objects.push(netpol(pick(namespaces), 'np-ipblock', { podSelector: labelSelector(podKeys), ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { podSelector: labelSelector(podKeys) }] }] }));
  return objects;
}

function checkIndexes(model: TrafficModel): number {
  const { workloads } = model.inventory;
  let peersChecked = 0;
  // Each workload's rule lists hold the rules selecting it in model order; workloads with the same rules share one
  // list object (what is worked out per list is then worked out once), and none is shared otherwise.
  const byText = new Map<string, readonly unknown[]>();
  for (const w of workloads) {
    for (const direction of ['ingress', 'egress'] as const) {
      const list = model.rulesFor(w, direction);
      const expected = model.rules.filter((r) => r.direction === direction && r.selects(w, model.context));
      expect(list).toEqual(expected);
      const text = `${direction}:${expected.map((r) => model.rules.indexOf(r)).join(',')}`;
      expect(byText.get(text) ?? list, `${w.id} ${direction}`).toBe(list);
      byText.set(text, list);
    }
  }
  for (const rule of model.rules) {
    expect(model.subjectsOf(rule).map((w) => w.id)).toEqual(workloads.filter((w) => rule.selects(w, model.context)).map((w) => w.id));
    if (rule.peers === 'any') continue;
    for (const peer of rule.peers) {
      if (!peer.selectsWorkloads) continue;
      peersChecked++;
      const matches = (w: (typeof workloads)[number]) => peer.match(model.workloadEndpoint(w), model.context) !== 'no';
      expect(model.candidateWorkloads(peer.candidates).filter(matches).map((w) => w.id)).toEqual(workloads.filter(matches).map((w) => w.id));
    }
    const plain = rule.peers.flatMap((peer) => (peer.selectsWorkloads ? workloads.filter((w) => peer.match(model.workloadEndpoint(w), model.context) !== 'no').map((w) => w.id) : []));
    expect(peerEndpoints(model, rule).flatMap((e) => (e.kind === 'workload' ? [e.workload.id] : []))).toEqual(plain);
    // The graph's template keys read a rule's matches from its peers' candidates (buildTrafficGraph.ts workloadMatch):
    // every workload gets the letter matchPeers gives.
    const matches = ruleWorkloadMatches(model, rule);
    const letter = { yes: 'y', no: 'n', unknown: '?' } as const;
    expect(workloads.map((w) => workloadMatch(matches, model.workloadEndpoint(w), model.context)).join('')).toBe(workloads.map((w) => letter[matchPeers(rule, model.workloadEndpoint(w), model.context)]).join(''));
  }
  return peersChecked;
}

describe('workload indexes narrow selector matching without changing it', () => {
  for (const undeclared of ['unknown', 'name-label-only'] as const) {
    it(`random workspaces, undeclared namespaces: ${undeclared}`, () => {
      let peers = 0;
      for (let seed = 1; seed <= 60; seed++) peers += checkIndexes(modelOf(randomWorkspace(seed), undeclared));
      // The random selectors did reach the indexed paths (a namespace selector, with and without a pod selector).
      expect(peers).toBeGreaterThan(500);
    });
  }

  it('a namespaceSelector peer tests only the workloads of the namespaces it can match', () => {
    const model = modelOf([
      namespace('a', { team: 'red' }),
      namespace('b', { team: 'blue' }),
      deployment('a', 'web', { app: 'web' }),
      deployment('b', 'web', { app: 'web' }),
      deployment('c', 'web', { app: 'web' }),
      netpol('a', 'np', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'red' } }, podSelector: { matchLabels: { app: 'web' } } }] }] }),
    ]);
    const [rule] = model.rules;
    const peer = rule.peers !== 'any' ? rule.peers[0] : undefined;
    // c has no Namespace object: its team label is unknown in the editor, so it stays a candidate.
    expect(model.candidateWorkloads(peer?.candidates).map((w) => w.id)).toEqual(['a/web', 'c/web']);
  });
});
