// A toCIDRSet / fromCIDRSet entry with cidrGroupRef or cidrGroupSelector stands for the externalCIDRs of the
// CiliumCIDRGroups it names or selects; `except` is not supported together with a group. Upstream: cilium
// pkg/policy/api/cidr.go (CIDRRule.CIDRGroupRef, CIDRGroupSelector, ExceptCIDRs), pkg/k8s/apis/cilium.io/v2
// CiliumCIDRGroup (spec.externalCIDRs), Documentation/network/kubernetes/ciliumcidrgroup.rst.
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { parseYamlDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { cnp, deployment, flow, modelOf, namespace, yamlOf, type K8sObject } from './trafficFixture';

const sorted = <T>(list: readonly T[]) => list.map((x) => JSON.stringify(x)).sort();

const group = (name: string, cidrs: string[], labels: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'cilium.io/v2', kind: 'CiliumCIDRGroup', metadata: { name, labels }, spec: { externalCIDRs: cidrs },
});
const base = [namespace('shop'), deployment('shop', 'api', { app: 'api' })];
const egressTo = (set: K8sObject): K8sObject =>
  cnp('shop', 'api-out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toCIDRSet: [set], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] });

describe('cidrGroupRef / cidrGroupSelector peers', () => {
  const partners = group('partners', ['203.0.113.0/24', '198.51.100.7/32'], { team: 'pay' });
  const table: [string, K8sObject[], string, string][] = [
    ['an address of the named group', [partners, egressTo({ cidrGroupRef: 'partners' })], '203.0.113.9', 'allow'],
    ['a /32 of the named group', [partners, egressTo({ cidrGroupRef: 'partners' })], '198.51.100.7', 'allow'],
    ['an address outside every CIDR of the group', [partners, egressTo({ cidrGroupRef: 'partners' })], '192.0.2.1', 'deny'],
    ['a group the workspace does not hold', [egressTo({ cidrGroupRef: 'partners' })], '203.0.113.9', 'unknown'],
    ['groups picked by cidrGroupSelector.matchLabels', [partners, egressTo({ cidrGroupSelector: { matchLabels: { team: 'pay' } } })], '203.0.113.9', 'allow'],
    ['a selector that picks no group selects no address', [partners, egressTo({ cidrGroupSelector: { matchLabels: { team: 'other' } } })], '203.0.113.9', 'deny'],
  ];
  it.each(table)('%s', (_name, objects, to, expected) => {
    expect(flow(modelOf([...base, ...objects]), 'shop/api', to, 443).verdict).toBe(expected);
  });
});

describe('a CiliumCIDRGroup edited after the policy (the incremental traffic session recompiles its users)', () => {
  it('the verdict follows the group, not the compiled rules of the previous revision', () => {
    const host = new AnalysisHost();
    host.applyChange('policy.yaml', yamlOf([...base, egressTo({ cidrGroupRef: 'partners' })]));
    host.applyChange('group.yaml', yamlOf([group('partners', ['203.0.113.0/24'])]));
    const verdict = () => {
      const answer = host.snapshot().explainFlow({ from: 'shop/api', to: '203.0.113.9', protocol: 'TCP', port: 443 });
      return 'result' in answer ? answer.result.verdict : answer;
    };
    expect(verdict()).toBe('allow');
    host.applyChange('group.yaml', yamlOf([group('partners', ['198.51.100.0/24'])]));
    expect(verdict()).toBe('deny');
  });
});

describe('a CiliumCIDRGroup in the same file as other documents (the session reads the host\'s parsed documents)', () => {
  it('the group counts as it does when the file is read whole, and after an edit of another document', () => {
    const text = (port: string) => yamlOf([...base, group('partners', ['203.0.113.0/24']), cnp('shop', 'api-out', { endpointSelector: { matchLabels: { app: 'api' } }, egress: [{ toCIDRSet: [{ cidrGroupRef: 'partners' }], toPorts: [{ ports: [{ port, protocol: 'TCP' }] }] }] })]);
    const session = createTrafficSession();
    for (const port of ['443', '8443']) {
      const files = [{ file: 'all.yaml', text: text(port), documents: parseYamlDocuments(text(port)) }];
      session.update(files);
      const edges = session.graph().graph.edges;
      expect(sorted(edges)).toEqual(sorted(buildTrafficGraph(analyzeWorkspaceTraffic([{ file: 'all.yaml', text: text(port) }]).model).graph.edges));
      expect(edges.some((e) => e.from === 'shop/api' && e.to.startsWith('cidr:203.0.113.0/24') && e.verdict === 'allow' && e.port === Number(port))).toBe(true);
    }
  });
});
