// The graph shares direction results between flows whose local rule lists are equal (createDirectionMemo):
// whatever the order flows are asked in, a memoised answer must be the plain directionPorts answer. Checked over
// the examples, every connectivity case of ../shared/corpus, and seeded random workspaces where many workloads
// hold equal rule lists, some with named ports (which depend on the destination and must not be shared).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveEndpoint } from '../../../server/src/analysis/graph/explainFlow';
import { createDirectionMemo, directionsOf, flowPorts, type TrafficModel } from '../../../server/src/analysis/graph/trafficModel';
import type { Endpoint } from '../../../server/src/analysis/graph/endpoint';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { requireResource } from '../../support/requirement';
import { seededRandom } from '../../support/seededRandom';
import { cnp, deployment, modelOf, namespace, netpol, type K8sObject } from './trafficFixture';

const root = path.resolve(__dirname, '../../..');
const corpus = path.resolve(root, '../shared/corpus/connectivity');
const corpusPresent = requireResource('the acceptance corpus (../shared/corpus/connectivity)', existsSync(corpus), 'check out the shared corpus next to the repository');

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return yamlFilesUnder(full);
      return /\.(ya?ml|json)$/.test(entry) ? [full] : [];
    });
}

function modelOfFiles(files: readonly string[]): TrafficModel {
  return analyzeWorkspaceTraffic(files.map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }))).model;
}

function workspaceModels(): { name: string; model: TrafficModel }[] {
  const out = [{ name: 'examples', model: modelOfFiles(yamlFilesUnder(path.join(root, 'examples'))) }];
  if (!corpusPresent) return out;
  for (const entry of readdirSync(corpus).sort()) {
    const full = path.join(corpus, entry);
    out.push({ name: `connectivity/${entry}`, model: modelOfFiles(statSync(full).isDirectory() ? yamlFilesUnder(full) : [full]) });
  }
  return out;
}

/** Every workload, and external peers resolved once (the graph hands out one object per external peer too). */
function endpointsOf(model: TrafficModel): Endpoint[] {
  const externals = ['world', 'host', 'remote-node', '10.1.2.3', '192.168.0.10', 'api.example.com'].flatMap((text) => {
    const resolved = resolveEndpoint(model, text);
    return 'endpoint' in resolved ? [resolved.endpoint] : [];
  });
  return [...model.inventory.workloads.map((w) => model.workloadEndpoint(w)), ...externals];
}

/** Asks `count` random flows (with repeats) through one memo and compares each with the plain computation. */
function checkRandomFlows(model: TrafficModel, seed: number, count: number): number {
  const next = seededRandom(seed);
  const endpoints = endpointsOf(model);
  const memo = createDirectionMemo(model);
  let compared = 0;
  for (let k = 0; k < count && endpoints.length > 1; k++) {
    const from = endpoints[Math.floor(next() * endpoints.length)];
    const to = endpoints[Math.floor(next() * endpoints.length)];
    expect(directionsOf(model, from, to, memo)).toEqual(directionsOf(model, from, to));
    const shared = flowPorts(model, from, to, memo);
    const plain = flowPorts(model, from, to);
    expect({ allowed: shared.allowed, unknown: shared.unknown, egress: shared.egress, ingress: shared.ingress, hop: shared.hop }).toEqual({
      allowed: plain.allowed, unknown: plain.unknown, egress: plain.egress, ingress: plain.ingress, hop: plain.hop,
    });
    compared++;
  }
  return compared;
}

/** A workspace where labels come from small pools, so many workloads are selected by the same rules. */
function randomWorkspace(seed: number): K8sObject[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const namespaces = ['a', 'b', 'c'];
  const apps = ['web', 'api', 'db'];
  const tiers = ['front', 'back'];
  const portChoices = [
    [{ name: 'http', containerPort: 8080 }],
    [{ name: 'http', containerPort: 9090 }],
    [{ name: 'grpc', containerPort: 7070 }, { name: 'http', containerPort: 8080 }],
    [],
  ];
  const objects: K8sObject[] = namespaces.map((ns) => namespace(ns, { team: pick(['red', 'blue']) }));
  for (let i = 0; i < 24; i++) objects.push(deployment(pick(namespaces), `w${i}`, { app: pick(apps), tier: pick(tiers) }, { ports: pick(portChoices) }));
  const selector = (): K8sObject => (next() < 0.2 ? {} : { matchLabels: next() < 0.5 ? { app: pick(apps) } : { tier: pick(tiers) } });
  const npPort = (): K8sObject => (next() < 0.3 ? { port: pick(['http', 'grpc']) } : { port: pick([80, 443, 8080, 9090]), protocol: pick(['TCP', 'UDP']) });
  const ciliumPort = (): K8sObject => ({ port: next() < 0.3 ? pick(['http', 'grpc']) : String(pick([80, 443, 8080, 9090])), protocol: pick(['TCP', 'UDP', 'ANY']) });
  for (let i = 0; i < 10; i++) {
    const ns = pick(namespaces);
    if (next() < 0.5) {
      const peer = (): K8sObject => (next() < 0.3 ? { namespaceSelector: { matchLabels: { team: pick(['red', 'blue']) } } } : next() < 0.2 ? { ipBlock: { cidr: '10.0.0.0/8' } } : { podSelector: selector() });
      const item = (key: 'from' | 'to'): K8sObject => ({ ...(next() < 0.8 ? { [key]: [peer()] } : {}), ...(next() < 0.6 ? { ports: [npPort()] } : {}) });
      const types = pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
      objects.push(netpol(ns, `np${i}`, { podSelector: selector(), policyTypes: types, ...(types.includes('Ingress') ? { ingress: [item('from')] } : {}), ...(types.includes('Egress') ? { egress: [item('to')] } : {}) }));
    } else {
      const peer = (direction: 'from' | 'to'): K8sObject => (next() < 0.2 ? { [`${direction}Entities`]: [pick(['world', 'host', 'cluster'])] } : next() < 0.2 ? { [`${direction}CIDR`]: ['10.0.0.0/8'] } : { [`${direction}Endpoints`]: [selector()] });
      const item = (direction: 'from' | 'to'): K8sObject => ({ ...peer(direction), ...(next() < 0.6 ? { toPorts: [{ ports: [ciliumPort()] }] } : {}) });
      const key = pick(['ingress', 'egress', 'ingressDeny', 'egressDeny']);
      objects.push(cnp(ns, `cnp${i}`, { endpointSelector: selector(), [key]: [item(key.startsWith('ingress') ? 'from' : 'to')] }));
    }
  }
  return objects;
}

describe('direction results shared between flows (createDirectionMemo)', () => {
  it('equal the plain computation over the examples and the connectivity corpus', () => {
    let compared = 0;
    for (const [i, { model }] of workspaceModels().entries()) compared += checkRandomFlows(model, 1000 + i, 300);
    expect(compared).toBeGreaterThan(300);
  });

  it('equal the plain computation over seeded random workspaces with equal rule lists and named ports', () => {
    let shared = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const model = modelOf(randomWorkspace(seed));
      checkRandomFlows(model, seed, 400);
      // The memo must actually be shared: the same result object for two workloads holding equal lists.
      const memo = createDirectionMemo(model);
      const endpoints = endpointsOf(model);
      const seen = new Set<object>();
      for (const to of endpoints) {
        for (const from of endpoints) {
          const egress = directionsOf(model, from, to, memo).egress;
          if (!egress || egress.allows.length + egress.denies.length === 0) continue;
          if (seen.has(egress)) shared++;
          seen.add(egress);
        }
      }
    }
    expect(shared).toBeGreaterThan(0);
  });
});
