// Issue 11 item 6: pitfalls test coverage, not presence.
// toFQDNs: the DNS proxy learns IPs only for names a DNS rule lets it see (cilium Documentation/security/policy/
// layer3.rst "DNS based"; pattern syntax pkg/fqdn/matchpattern), matched with the graph's fqdnPattern.ts.
// CIDR rules: Cilium CIDR peers never select Cilium-managed pods (layer3.rst "IP/CIDR based"), so a CIDR that
// overlaps a pod/node range (0.0.0.0/0) is as ineffective for pods there as one inside it.
import { describe, expect, it } from 'vitest';
import { analyzeWorkspaceText, yamlDocs } from './analyzeWorkspaceText';

const fqdnPolicy = (selector: string, dns: string): string => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: a
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: web
  egress:
  - toFQDNs:
    - ${selector}
${dns ? `  - toEndpoints:
    - matchLabels:
        k8s:io.kubernetes.pod.namespace: kube-system
    toPorts:
    - ports:
      - port: "53"
        protocol: ANY
      rules:
        dns:
        - ${dns}
` : ''}`;

function ml4010(text: string): string[] {
  return analyzeWorkspaceText(text).findings.filter((f) => f.code === 'ML4010').map((f) => f.message);
}

describe('ML4010: a DNS rule must cover the toFQDNs name', () => {
  it.each([
    ['matchName covered by the same matchName', 'matchName: api.example.com', 'matchName: api.example.com', false],
    ['matchName covered by a pattern', 'matchName: api.example.com', 'matchPattern: "*.example.com"', false],
    ['matchName covered by *', 'matchName: api.example.com', 'matchPattern: "*"', false],
    ['matchName not covered by another domain', 'matchName: api.example.com', 'matchPattern: "*.other.org"', true],
    ['matchName not covered by a different name', 'matchName: api.example.com', 'matchName: www.example.com', true],
    ['matchPattern covered by the same pattern', 'matchPattern: "*.example.com"', 'matchPattern: "*.example.com"', false],
    ['matchPattern covered by **.', 'matchPattern: "*.example.com"', 'matchPattern: "**.example.com"', false],
    ['matchPattern not covered', 'matchPattern: "*.example.com"', 'matchName: example.org', true],
  ])('%s', (_name, selector, dns, reported) => {
    const messages = ml4010(fqdnPolicy(selector, dns));
    expect(messages.length).toBe(reported ? 1 : 0);
    if (reported) expect(messages[0]).toMatch(/do not cover this name/);
  });

  it('still says there is no DNS rule at all when none exists', () => {
    expect(ml4010(fqdnPolicy('matchName: api.example.com', ''))).toEqual([expect.stringMatching(/no egress rule for these endpoints has a DNS rule/)]);
  });

  it('reads DNS rules of a clusterwide policy that selects every endpoint', () => {
    const ccnp = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: dns
spec:
  endpointSelector: {}
  egress:
  - toEndpoints:
    - {}
    toPorts:
    - ports:
      - port: "53"
        protocol: ANY
      rules:
        dns:
        - matchPattern: "*.example.com"
`;
    expect(ml4010(yamlDocs(fqdnPolicy('matchName: api.example.com', ''), ccnp))).toEqual([]);
    expect(ml4010(yamlDocs(fqdnPolicy('matchName: api.example.org', ''), ccnp))).toEqual([expect.stringMatching(/api\.example\.org .*do not cover/)]);
  });
});

const ipBlock = (cidr: string, except = ''): string =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: ${cidr}\n${except ? `        except: ${except}\n` : ''}`;

describe('ML4013: CIDR rules that reach pod/node ranges', () => {
  it.each([
    ['inside 10.0.0.0/8', ipBlock('10.1.0.0/16'), /lies in 10\.0\.0\.0\/8/],
    ['0.0.0.0/0 overlaps the private ranges', ipBlock('0.0.0.0/0'), /0\.0\.0\.0\/0 also covers 10\.0\.0\.0\/8 .*as ineffective/],
    ['0.0.0.0/0 except 10/8 still covers 172.16/12', ipBlock('0.0.0.0/0', '[10.0.0.0/8]'), /also covers 172\.16\.0\.0\/12/],
    ['0.0.0.0/0 except every private range', ipBlock('0.0.0.0/0', '[10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10]'), undefined],
    ['a public range', ipBlock('8.8.8.0/24'), undefined],
    ['Cilium toCIDR 0.0.0.0/0', 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDR: [0.0.0.0/0]\n', /also covers 10\.0\.0\.0\/8/],
    ['Cilium toCIDRSet 0.0.0.0/0 with the private ranges excepted', 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDRSet:\n    - cidr: 0.0.0.0/0\n      except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10]\n', undefined],
  ])('%s', (_name, text, expected) => {
    const messages = analyzeWorkspaceText(text).findings.filter((f) => f.code === 'ML4013').map((f) => f.message);
    if (expected) expect(messages).toEqual([expect.stringMatching(expected)]);
    else expect(messages).toEqual([]);
  });
});
