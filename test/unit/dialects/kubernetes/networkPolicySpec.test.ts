// One test per ML25xx code: a tiny NetworkPolicy the API server's validation refuses, where the finding lands,
// and an accepted twin that must stay clean. Label-selector codes are also checked on Cilium selectors.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../server/src/analysis/analyzeFile';
import type { Finding } from '../../../../server/src/analysis/model/finding';

const netpol = (spec: string): string => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: default\nspec:\n${spec}`;

function findings(text: string, code: string): Finding[] {
  return analyzeText(text).findings.filter((f) => f.code === code);
}

function marked(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

describe('label selectors', () => {
  it('ML2501: an unknown operator in a NetworkPolicy selector', () => {
    const text = netpol('  podSelector:\n    matchExpressions:\n    - key: app\n      operator: Equals\n      values: [web]\n');
    const [f] = findings(text, 'ML2501');
    expect(marked(text, f)).toBe('Equals');
    expect(f.message).toContain('not a valid selector operator');
  });

  it('ML2502: In without values, Exists with values', () => {
    const text = netpol('  podSelector:\n    matchExpressions:\n    - key: app\n      operator: In\n      values: []\n    - key: tier\n      operator: Exists\n      values: [x]\n    - key: env\n      operator: NotIn\n      values: [dev]\n');
    const list = findings(text, 'ML2502');
    expect(list.map((f) => marked(text, f))).toEqual(['[]', '[x]']);
    expect(list[0].message).toContain("must be specified when `operator` is 'In'");
    expect(list[1].message).toContain("may not be specified when `operator` is 'Exists'");
    // Cilium endpoint selectors and CIDR-group selectors go through the same rule.
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: default\nspec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - matchExpressions:\n      - {key: app, operator: NotIn}\n  - toCIDRSet:\n    - cidrGroupSelector:\n        matchExpressions:\n        - {key: env, operator: DoesNotExist, values: [x]}\n';
    expect(findings(cilium, 'ML2502').map((f) => f.message)).toEqual([
      "`spec.egress[0].toEndpoints[0].matchExpressions[0].values` must be specified when `operator` is 'NotIn'; a requirement with no values can never match.",
      "`spec.egress[1].toCIDRSet[0].cidrGroupSelector.matchExpressions[0].values` may not be specified when `operator` is 'DoesNotExist'.",
    ]);
  });

  it('ML2503: invalid label keys, with Cilium source prefixes allowed', () => {
    const text = netpol('  podSelector:\n    matchLabels:\n      "my app": web\n      app.kubernetes.io/name: web\n');
    expect(findings(text, 'ML2503').map((f) => marked(text, f))).toEqual(['"my app"']);
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: default\nspec:\n  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: default\n      any:app: web\n  ingress:\n  - fromEndpoints:\n    - matchExpressions:\n      - key: "k8s:bad key"\n        operator: Exists\n';
    expect(findings(cilium, 'ML2503').map((f) => marked(cilium, f))).toEqual(['"k8s:bad key"']);
  });

  it('ML2504: invalid label values in NetworkPolicy selectors', () => {
    const text = netpol('  podSelector:\n    matchLabels:\n      app: "web server"\n    matchExpressions:\n    - key: tier\n      operator: In\n      values: [front-end, "-x"]\n');
    expect(findings(text, 'ML2504').map((f) => marked(text, f))).toEqual(['"web server"', '"-x"']);
  });
});

describe('NetworkPolicy peers and ipBlock', () => {
  it('ML2510: an ipBlock cidr that is not a CIDR', () => {
    const text = netpol('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.0.0.1\n');
    const [f] = findings(text, 'ML2510');
    expect(marked(text, f)).toBe('10.0.0.1');
    expect(findings(netpol('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: ""\n'), 'ML2510')[0].message).toContain('is required');
    // Kubernetes parses sloppily: IPv4 leading zeros are tolerated (unlike Cilium's netip).
    expect(findings(netpol('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock:\n        cidr: 010.0.0.0/8\n'), 'ML2510')).toEqual([]);
  });

  it('ML2511: except must be a strict subset of cidr', () => {
    const text = netpol('  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 10.0.0.0/16\n        except:\n        - 10.0.1.0/24\n        - 10.0.0.0/16\n        - 10.1.0.0/24\n');
    expect(findings(text, 'ML2511').map((f) => marked(text, f))).toEqual(['10.0.0.0/16', '10.1.0.0/24']);
  });

  it('ML2512: an empty peer', () => {
    const text = netpol('  podSelector: {}\n  ingress:\n  - from:\n    - {}\n');
    const [f] = findings(text, 'ML2512');
    expect(marked(text, f)).toBe('{}');
    expect(f.message).toContain('must specify a peer');
  });

  it('ML2513: ipBlock together with a selector; pod+namespace selectors together are fine', () => {
    const text = netpol('  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n      ipBlock:\n        cidr: 10.0.0.0/8\n');
    expect(findings(text, 'ML2513').map((f) => marked(text, f))).toEqual(['ipBlock']);
    expect(findings(netpol('  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n      namespaceSelector: {}\n'), 'ML2513')).toEqual([]);
  });
});

describe('NetworkPolicy ports and policyTypes', () => {
  const ports = (entries: string): string => netpol(`  podSelector: {}\n  ingress:\n  - ports:\n${entries}`);

  it('ML2514: protocol must be TCP, UDP or SCTP', () => {
    const text = ports('    - protocol: tcp\n      port: 80\n    - protocol: SCTP\n      port: 80\n');
    expect(findings(text, 'ML2514').map((f) => marked(text, f))).toEqual(['tcp']);
  });

  it('ML2515: port numbers between 1 and 65535', () => {
    const text = ports('    - port: 0\n    - port: 65536\n    - port: 443\n');
    expect(findings(text, 'ML2515').map((f) => marked(text, f))).toEqual(['0', '65536']);
  });

  it('ML2516: named ports; a quoted number is a name', () => {
    const text = ports('    - port: "8080"\n    - port: HTTP\n    - port: http-alt\n');
    const list = findings(text, 'ML2516');
    expect(list.map((f) => marked(text, f))).toEqual(['"8080"', 'HTTP']);
    expect(list[0].message).toContain('Write the number unquoted');
  });

  it('ML2517: endPort below port', () => {
    const text = ports('    - port: 9000\n      endPort: 8000\n    - port: 9000\n      endPort: 9000\n');
    expect(findings(text, 'ML2517').map((f) => marked(text, f))).toEqual(['8000']);
  });

  it('ML2518: endPort without a numeric port', () => {
    const text = ports('    - port: http\n      endPort: 90\n    - endPort: 90\n');
    expect(findings(text, 'ML2518').map((f) => marked(text, f))).toEqual(['endPort', 'endPort']);
  });

  it('ML2519: policyTypes values and count', () => {
    const text = netpol('  podSelector: {}\n  policyTypes: [Ingress, egress]\n');
    expect(findings(text, 'ML2519').map((f) => marked(text, f))).toEqual(['egress']);
    expect(findings(netpol('  podSelector: {}\n  policyTypes: [Ingress, Egress, Ingress]\n'), 'ML2519')).toHaveLength(1);
    expect(findings(netpol('  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'), 'ML2519')).toEqual([]);
  });
});

describe('object metadata', () => {
  it('ML2520: name must be a DNS subdomain and namespace a DNS label, for NetworkPolicy and Cilium kinds', () => {
    const text = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: Allow_Web\n  namespace: team.a\nspec:\n  podSelector: {}\n';
    expect(findings(text, 'ML2520').map((f) => marked(text, f))).toEqual(['Allow_Web', 'team.a']);
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: UPPER\n  namespace: default\nspec:\n  endpointSelector: {}\n  ingress:\n  - {}\n';
    expect(findings(cilium, 'ML2520').map((f) => marked(cilium, f))).toEqual(['UPPER']);
    expect(findings(netpol('  podSelector: {}\n'), 'ML2520')).toEqual([]);
  });
});

describe('malformed input', () => {
  it('never throws on shapes the schema rejects', () => {
    const shapes = [
      '  podSelector: []\n  ingress: 3\n',
      '  podSelector: {matchExpressions: [null, {operator: 3}, {key: 4, operator: In, values: x}]}\n  egress: [null, {to: [null, 3, {ipBlock: {cidr: 5, except: 3}}], ports: [null, {port: [], endPort: "x"}]}]\n  policyTypes: Ingress\n',
    ];
    for (const body of shapes) expect(() => analyzeText(netpol(body)), body).not.toThrow();
  });
});
