// The workspace-level lookups of the pitfall pass (Cilium rule sources indexed by subject and selector,
// the mesh-interop facts): findings that depend on another file of the workspace, selectors that differ
// only in key order, a target not listed in the workspace, and a fresh workspace never reusing stale facts.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace, type AnalysedFile } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { canonicalJson } from '../../../server/src/analysis/enforcement/ciliumL7Cancellation';
import type { Finding } from '../../../server/src/analysis/model/finding';

const cnp = (name: string, namespace: string, selector: string, body: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  endpointSelector:\n${selector}${body}`;
const webApi = '    matchLabels:\n      app: web\n      tier: api\n';
const apiWeb = '    matchLabels:\n      tier: api\n      app: web\n';
const l7Ingress = '  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        role: a\n        env: b\n    toPorts:\n    - ports:\n      - port: "80"\n      rules:\n        http:\n        - method: GET\n';
const l4Ingress = '  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        env: b\n        role: a\n    toPorts:\n    - ports:\n      - port: "80"\n';
const ambientFoo = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio.io/dataplane-mode: ambient\n';

function files(...texts: [string, string][]): AnalysedFile[] {
  return texts.map(([key, text]) => ({ key, analysis: analyzeText(text) }));
}

/** Findings of the file `key` against the workspace of all `all` files. */
function findingsOf(all: AnalysedFile[], key: string): Finding[] {
  const workspace = buildEnforcementWorkspace(all);
  const file = all.find((f) => f.key === key)!;
  return analyzeEnforcement(file.analysis, workspace).flatMap((d) => d.findings);
}

describe('workspace neighbours of a Cilium rule', () => {
  it('an L4-only allow in another file cancels L7 rules, even with selector keys in another order, and names that file', () => {
    const all = files(['l7.yaml', cnp('l7', 'shop', webApi, l7Ingress)], ['l4.yaml', cnp('l4', 'shop', apiWeb, l4Ingress)]);
    const found = findingsOf(all, 'l7.yaml').filter((f) => f.code === 'ML4009');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('of l4.yaml#0');
    // The L4-only policy itself has no L7 rule to lose.
    expect(findingsOf(all, 'l4.yaml').map((f) => f.code)).not.toContain('ML4009');
  });

  it('the same selector in another namespace is another subject and cancels nothing', () => {
    const all = files(['l7.yaml', cnp('l7', 'shop', webApi, l7Ingress)], ['l4.yaml', cnp('l4', 'other', webApi, l4Ingress)]);
    expect(findingsOf(all, 'l7.yaml').map((f) => f.code)).not.toContain('ML4009');
  });

  it('a document that is not part of the workspace still sees the workspace policies', () => {
    const outside = analyzeText(cnp('l7', 'shop', webApi, l7Ingress));
    const workspace = buildEnforcementWorkspace(files(['l4.yaml', cnp('l4', 'shop', apiWeb, l4Ingress)]));
    const found = analyzeEnforcement(outside, workspace).flatMap((d) => d.findings).filter((f) => f.code === 'ML4009');
    expect(found).toHaveLength(1);
    expect(found[0].message).toContain('of l4.yaml#0');
  });

  it('a DNS rule in another file with the same selector (keys reordered) feeds toFQDNs', () => {
    const fqdn = cnp('fqdn', 'shop', webApi, '  egress:\n  - toFQDNs:\n    - matchName: api.example.com\n');
    const dns = cnp('dns', 'shop', apiWeb, '  egress:\n  - toPorts:\n    - ports:\n      - port: "53"\n      rules:\n        dns:\n        - matchPattern: "*"\n');
    expect(findingsOf(files(['fqdn.yaml', fqdn]), 'fqdn.yaml').map((f) => f.code)).toContain('ML4010');
    expect(findingsOf(files(['fqdn.yaml', fqdn], ['dns.yaml', dns]), 'fqdn.yaml').map((f) => f.code)).not.toContain('ML4010');
    // Another namespace's DNS rule does not serve these pods.
    expect(findingsOf(files(['fqdn.yaml', fqdn], ['dns.yaml', dns.replace('namespace: shop', 'namespace: other')]), 'fqdn.yaml').map((f) => f.code)).toContain('ML4010');
  });

  it('a cluster-wide DNS rule with an empty selector serves FQDN rules of every namespace, among many FQDN policies', () => {
    const fqdns = Array.from({ length: 500 }, (_, i): [string, string] => [`f${i}.yaml`, cnp(`f${i}`, `ns${i % 7}`, webApi, '  egress:\n  - toFQDNs:\n    - matchName: api.example.com\n')]);
    const ccnpDns = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: dns\nspec:\n  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - port: "53"\n      rules:\n        dns:\n        - matchPattern: "*"\n';
    const without = files(...fqdns);
    expect(findingsOf(without, 'f0.yaml').map((f) => f.code)).toContain('ML4010');
    const withDns = files(...fqdns, ['dns.yaml', ccnpDns]);
    expect(findingsOf(withDns, 'f0.yaml').map((f) => f.code)).not.toContain('ML4010');
    expect(findingsOf(withDns, 'f499.yaml').map((f) => f.code)).not.toContain('ML4010');
  });

  it('each workspace gets its own facts: adding a file changes the findings of the others', () => {
    const l7 = files(['l7.yaml', cnp('l7', 'shop', webApi, l7Ingress)]);
    expect(findingsOf(l7, 'l7.yaml').map((f) => f.code)).not.toContain('ML4009');
    expect(findingsOf([...l7, ...files(['l4.yaml', cnp('l4', 'shop', webApi, l4Ingress)])], 'l7.yaml').map((f) => f.code)).toContain('ML4009');
  });
});

describe('mesh-interop facts from other files', () => {
  const probeDeny = cnp('a', 'foo', '    {}\n', '  ingress:\n  - fromEntities:\n    - cluster\n').replace('endpointSelector:\n    {}\n', 'endpointSelector: {}\n');
  const probeAllow = cnp('probe', 'foo', '    {}\n', '  ingress:\n  - fromCIDR:\n    - 169.254.7.127/32\n').replace('endpointSelector:\n    {}\n', 'endpointSelector: {}\n');
  const http = cnp('h', 'foo', '    {}\n', '  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n      rules:\n        http:\n        - method: GET\n').replace('endpointSelector:\n    {}\n', 'endpointSelector: {}\n');
  const mtlsOff = (namespace: string) => `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: off\n  namespace: ${namespace}\nspec:\n  mtls:\n    mode: DISABLE\n`;

  it('a probe allow in another file satisfies ML4016', () => {
    expect(findingsOf(files(['ns.yaml', ambientFoo], ['a.yaml', probeDeny]), 'a.yaml').map((f) => f.code)).toContain('ML4016');
    expect(findingsOf(files(['ns.yaml', ambientFoo], ['a.yaml', probeDeny], ['probe.yaml', probeAllow]), 'a.yaml').map((f) => f.code)).not.toContain('ML4016');
  });

  it('mTLS DISABLE in another file of the same namespace lifts ML4014; another namespace does not', () => {
    expect(findingsOf(files(['ns.yaml', ambientFoo], ['h.yaml', http]), 'h.yaml').map((f) => f.code)).toContain('ML4014');
    expect(findingsOf(files(['ns.yaml', ambientFoo], ['h.yaml', http], ['pa.yaml', mtlsOff('foo')]), 'h.yaml').map((f) => f.code)).not.toContain('ML4014');
    expect(findingsOf(files(['ns.yaml', ambientFoo], ['h.yaml', http], ['pa.yaml', mtlsOff('bar')]), 'h.yaml').map((f) => f.code)).toContain('ML4014');
  });
});

describe('canonicalJson', () => {
  it('ignores key order and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('writes a self-containing value (YAML anchors) without recursing forever', () => {
    const selector: Record<string, unknown> = { matchLabels: { app: 'web' } };
    selector.self = selector;
    expect(canonicalJson(selector)).toBe('{"matchLabels":{"app":"web"},"self":"<cycle>"}');
  });

  it('a selector that contains itself does not stop the pass', () => {
    // Built by hand: analyzeText itself does not get through such a document yet (schema validation recurses).
    const analysis = analyzeText(cnp('l7', 'shop', webApi, l7Ingress));
    const selector = (analysis.documents[0].policy!.value.spec as { endpointSelector: Record<string, unknown> }).endpointSelector;
    selector.self = selector;
    const result = analyzeEnforcement(analysis, buildEnforcementWorkspace([{ key: 'a.yaml', analysis }]));
    expect(result).toHaveLength(1);
    expect(result[0].rules.length).toBeGreaterThan(0);
  });
});

describe('L7 cancellation among many policies with one subject', () => {
  const l4On = (port: string, peer = '    - matchLabels:\n        env: b\n        role: a\n') => `  ingress:\n  - fromEndpoints:\n${peer}    toPorts:\n    - ports:\n      - port: "${port}"\n`;
  const many = (count: number, last: string) =>
    files(
      ['l7.yaml', cnp('l7', 'shop', webApi, l7Ingress)],
      ...Array.from({ length: count }, (_, i): [string, string] => [`p${i}.yaml`, cnp(`p${i}`, 'shop', webApi, l4On(String(1000 + i)))]),
      ['last.yaml', cnp('last', 'shop', apiWeb, last)],
    );

  it('finds the one cancelling allow behind a thousand allows on other ports', () => {
    const found = findingsOf(many(1000, l4On('80')), 'l7.yaml').filter((f) => f.code === 'ML4009');
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('of last.yaml#0')]);
  });

  it('an allow for another peer or another port cancels nothing; a peerless one for the port does', () => {
    expect(findingsOf(many(50, l4On('80', '    - matchLabels:\n        role: other\n')), 'l7.yaml').map((f) => f.code)).not.toContain('ML4009');
    expect(findingsOf(many(50, l4On('81')), 'l7.yaml').map((f) => f.code)).not.toContain('ML4009');
    const peerless = '  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n';
    expect(findingsOf(many(50, peerless), 'l7.yaml').filter((f) => f.code === 'ML4009')).toHaveLength(1);
  });

  it('names the first cancelling allow in workspace order, the document itself first', () => {
    const all = files(
      ['a.yaml', cnp('a', 'shop', webApi, l4Ingress)],
      ['b.yaml', cnp('b', 'shop', webApi, l4Ingress)],
      ['self.yaml', cnp('self', 'shop', webApi, `${l7Ingress}${l4Ingress.replace('  ingress:\n', '')}`)],
    );
    expect(findingsOf(all, 'self.yaml').filter((f) => f.code === 'ML4009').map((f) => f.message)).toEqual([expect.stringMatching(/at spec\.ingress\[1\] covers/)]);
    const withoutOwn = files(['a.yaml', cnp('a', 'shop', webApi, l4Ingress)], ['b.yaml', cnp('b', 'shop', webApi, l4Ingress)], ['l7.yaml', cnp('l7', 'shop', webApi, l7Ingress)]);
    expect(findingsOf(withoutOwn, 'l7.yaml').filter((f) => f.code === 'ML4009').map((f) => f.message)).toEqual([expect.stringContaining('of a.yaml#0')]);
  });
});
