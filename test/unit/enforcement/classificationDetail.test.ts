// The graph classifies rules with detail `outcome` (no spans, no words); hover and inlay hints with `full`.
// Both come from one walk (classifyRules.ts), and this proves their outcomes equal: every policy of the
// examples and of ../shared/corpus (valid, connectivity, diff), and seeded random Cilium policies (that share
// subjects, so L7 cancellation across policies is exercised) and NetworkPolicies give the same rules in the same order with the
// same layer, enforcer, mode, action, effect, waypoint need, alternatives, deciding path and label.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyRules } from '../../../server/src/analysis/enforcement/classifyRules';
import { enforcementLabel } from '../../../server/src/analysis/enforcement/describeEnforcement';
import type { ClassifiedRule } from '../../../server/src/analysis/enforcement/ruleEnforcement';
import { enforcementWorkspaceOf, policyDocumentOf } from '../../../server/src/analysis/graph/ruleClassification';
import { analyzeWorkspaceTraffic, type WorkspaceText } from '../../../server/src/analysis/graph/workspaceTraffic';
import { requireResource } from '../../support/requirement';
import { yamlFilesUnder } from '../../support/yamlFilesUnder';
import { seededRandom } from '../../support/seededRandom';

const root = path.resolve(__dirname, '../../..');
const corpus = path.resolve(root, '../shared/corpus');
const corpusPresent = requireResource('the acceptance corpus (../shared/corpus)', existsSync(corpus), 'check out the shared corpus next to the repository');


function outcomeOf(rule: ClassifiedRule): unknown {
  return {
    path: rule.path, layer: rule.layer, enforcer: rule.enforcer, mode: rule.mode, action: rule.action, effect: rule.effect,
    needsWaypoint: rule.needsWaypoint, alternatives: rule.alternatives?.map((a) => ({ enforcer: a.enforcer, mode: a.mode, layer: a.layer, effect: a.effect, needsWaypoint: a.needsWaypoint })),
    becausePath: rule.becausePath, label: enforcementLabel(rule),
  };
}

/** Classifies every policy of a workspace both ways; returns how many rules were compared. */
function compareWorkspace(files: readonly WorkspaceText[]): number {
  const { inventory } = analyzeWorkspaceTraffic(files).model;
  const workspace = enforcementWorkspaceOf(inventory);
  let compared = 0;
  for (const policy of inventory.policies) {
    const document = policyDocumentOf(policy);
    if (!document) continue;
    const full = classifyRules(document, workspace, 'full');
    const outcome = classifyRules(document, workspace, 'outcome');
    expect(outcome.map(outcomeOf), `${policy.source.file} ${policy.name}`).toEqual(full.map(outcomeOf));
    compared += full.length;
  }
  return compared;
}

function filesOf(paths: readonly string[]): WorkspaceText[] {
  return paths.map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }));
}

/** Cilium policies over a few subjects, with peers, ports, L7 rules, TLS, ICMP, empty lists and empty items; and NetworkPolicies. */
function randomCiliumWorkspace(seed: number): WorkspaceText[] {
  const next = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)];
  const maybe = (p: number): boolean => next() < p;
  const selector = () => (maybe(0.2) ? {} : { matchLabels: { app: pick(['web', 'api']) } });
  const peer = (direction: 'from' | 'to'): Record<string, unknown> => {
    const which = pick(['Endpoints', 'Entities', 'CIDR', 'FQDNs', 'empty', 'none']);
    if (which === 'none') return {};
    if (which === 'empty') return { [`${direction}Endpoints`]: [] };
    if (which === 'Endpoints') return { [`${direction}Endpoints`]: [selector()] };
    if (which === 'Entities') return { [`${direction}Entities`]: [pick(['world', 'cluster', 'host'])] };
    if (which === 'CIDR') return { [`${direction}CIDR`]: ['10.0.0.0/8'] };
    return direction === 'to' ? { toFQDNs: [{ matchName: 'api.example.com' }] } : { fromEntities: ['world'] };
  };
  const rules = (): Record<string, unknown> => {
    const kind = pick(['http', 'dns', 'kafka', 'l7proto', 'none', 'none']);
    if (kind === 'http') return { rules: { http: maybe(0.3) ? [] : [{ method: pick(['GET', 'POST']), path: '/x' }] } };
    if (kind === 'dns') return { rules: { dns: [{ matchPattern: '*.example.com' }] } };
    if (kind === 'kafka') return { rules: { kafka: [{ topic: 't' }] } };
    if (kind === 'l7proto') return { rules: { l7proto: 'r2d2', l7: [{ cmd: 'READ' }] } };
    return {};
  };
  const toPorts = () => [{ ports: [{ port: pick(['80', '8080', '53']), protocol: pick(['TCP', 'UDP', 'ANY']) }], ...rules(), ...(maybe(0.1) ? { serverNames: ['a.example.com'] } : {}) }];
  const item = (direction: 'from' | 'to'): Record<string, unknown> => {
    if (maybe(0.08)) return {};
    if (maybe(0.08)) return { ...peer(direction), icmps: [{ fields: [{ type: 8 }] }] };
    return { ...peer(direction), ...(maybe(0.7) ? { toPorts: toPorts() } : {}) };
  };
  const documents: string[] = [];
  for (let i = 0; i < 6; i++) {
    const spec: Record<string, unknown> = { endpointSelector: selector() };
    for (const key of ['ingress', 'egress', 'ingressDeny', 'egressDeny']) {
      if (maybe(0.5)) spec[key] = Array.from({ length: 1 + Math.floor(next() * 3) }, () => item(key.startsWith('ingress') ? 'from' : 'to'));
    }
    const clusterwide = maybe(0.15);
    documents.push(JSON.stringify({ apiVersion: 'cilium.io/v2', kind: clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy', metadata: { name: `p${i}`, ...(clusterwide ? {} : { namespace: 'a' }) }, ...(maybe(0.15) ? { specs: [spec, { endpointSelector: selector(), ingress: [item('from')] }] } : { spec }) }));
  }
  // NetworkPolicies: isolation without rules, empty items, peers with and without ports.
  for (let i = 0; i < 3; i++) {
    const types = pick([undefined, ['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    const npItem = (key: 'from' | 'to'): Record<string, unknown> => (maybe(0.15) ? {} : { ...(maybe(0.7) ? { [key]: [maybe(0.3) ? { ipBlock: { cidr: '10.0.0.0/8' } } : { podSelector: selector() }] } : {}), ...(maybe(0.5) ? { ports: [{ port: pick([80, 443]) }] } : {}) });
    const spec: Record<string, unknown> = { podSelector: selector(), ...(types ? { policyTypes: types } : {}) };
    if (maybe(0.6)) spec.ingress = maybe(0.2) ? [] : [npItem('from')];
    if (maybe(0.5)) spec.egress = maybe(0.2) ? [] : [npItem('to')];
    documents.push(JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `np${i}`, namespace: 'a' }, spec }));
  }
  return [{ file: 'random.yaml', text: documents.join('\n---\n') }];
}

describe('classification detail `outcome` (graph) equals `full` (hover) on every outcome', () => {
  it('over the examples and the corpus', () => {
    let compared = compareWorkspace(filesOf(yamlFilesUnder(path.join(root, 'examples'))));
    if (corpusPresent) {
      for (const part of ['valid', 'connectivity', 'diff']) {
        const dir = path.join(corpus, part);
        if (!existsSync(dir)) continue;
        for (const entry of readdirSync(dir).sort()) {
          const full = path.join(dir, entry);
          compared += compareWorkspace(filesOf(statSync(full).isDirectory() ? yamlFilesUnder(full) : /\.(ya?ml|json)$/.test(entry) ? [full] : []));
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('over seeded random Cilium policies sharing subjects (L7 cancellation across policies) and NetworkPolicies', () => {
    let compared = 0;
    let cancelled = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const files = randomCiliumWorkspace(seed);
      compared += compareWorkspace(files);
      const { inventory } = analyzeWorkspaceTraffic(files).model;
      const workspace = enforcementWorkspaceOf(inventory);
      for (const policy of inventory.policies) {
        const document = policyDocumentOf(policy);
        if (document) cancelled += classifyRules(document, workspace, 'outcome').filter((r) => r.effect === 'ignored').length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
    // The random policies must reach the cross-policy part of the outcome too.
    expect(cancelled).toBeGreaterThan(0);
  });
});
