// The connectivity scorers fail cases whose expectations disagree with the engine (they are not rubber stamps).
import { describe, expect, it } from 'vitest';
import { scorePolicyVerdicts } from '../../../server/src/conformance/connectivityPolicyVerdicts';
import { scoreConnlist } from '../../../server/src/conformance/connectivityConnlist';
import { parseProbeOutput, scoreCyclonusQueryTraffic } from '../../../server/src/conformance/connectivityCyclonus';

const verdictCase = (expect: string): string => `
case: t
format: policy-verdicts/v1
engine: cilium
namespaces: [{name: t}]
endpoints:
  - {name: client, namespace: t, labels: {kind: client}, serviceAccount: client}
  - {name: echo, namespace: t, labels: {kind: echo}, serviceAccount: echo}
policies:
  - apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: echo-ingress}
    spec:
      endpointSelector: {matchLabels: {kind: echo}}
      ingress:
        - fromEndpoints: [{matchLabels: {kind: client}}]
          toPorts: [{ports: [{port: "8080", protocol: TCP}]}]
queries:
  - {id: q01, from: client, to: echo, protocol: TCP, port: 8080, expect: allow}
  - {id: q02, from: client, to: echo, protocol: TCP, port: 9090, expect: ${expect}}
`;

describe('policy-verdicts/v1 scoring', () => {
  it('passes when every query matches', () => {
    const result = scorePolicyVerdicts('t', verdictCase('deny'));
    expect(result.passed).toBe(true);
    expect(result.checked).toBe(2);
  });

  it('fails and names the query when one verdict differs', () => {
    const result = scorePolicyVerdicts('t', verdictCase('allow'));
    expect(result.passed).toBe(false);
    expect(result.mismatches[0]).toMatch(/^q02 client -> echo TCP\/9090: expected allow, got deny \(ingress\/cilium-bpf: default deny/);
  });
});

describe('connlist scoring', () => {
  const files = [
    {
      file: 'a.yaml',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: a, namespace: ns}
spec: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b, namespace: ns}
spec: {template: {metadata: {labels: {app: b}}, spec: {containers: [{name: c}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-b, namespace: ns}
spec:
  podSelector: {matchLabels: {app: a}}
  ingress: [{from: [{podSelector: {matchLabels: {app: b}}}], ports: [{port: 80}]}]
`,
    },
  ];
  const expected = [
    '0.0.0.0-255.255.255.255[External] => ns/b[Deployment] : All Connections',
    'ns/a[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
    'ns/a[Deployment] => ns/b[Deployment] : All Connections',
    'ns/b[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
    'ns/b[Deployment] => ns/a[Deployment] : TCP 80',
  ];

  it('passes on the exact allowed-connection list', () => {
    expect(scoreConnlist({ name: 't', files, expected: expected.join('\n') })).toMatchObject({ passed: true, checked: 5 });
  });

  it('reports missing and extra lines', () => {
    const wrong = [...expected.slice(0, 4), 'ns/b[Deployment] => ns/a[Deployment] : All Connections'];
    const result = scoreConnlist({ name: 't', files, expected: wrong.join('\n') });
    expect(result.passed).toBe(false);
    expect(result.mismatches).toEqual(['missing: ns/b[Deployment] => ns/a[Deployment] : All Connections', 'extra:   ns/b[Deployment] => ns/a[Deployment] : TCP 80']);
  });
});

describe('cyclonus probe tables', () => {
  it('reads rows as sources and columns as destinations', () => {
    const text = ['Ingress:', '+-----+-----+-----+', '|     | X/A | X/B |', '+-----+-----+-----+', '| x/a | .   | X   |', '| x/b | X   | .   |', '+-----+-----+-----+'].join('\n');
    const [block] = parseProbeOutput(text);
    expect(block.get('Ingress')?.get('x/a')?.get('x/b')).toBe(false);
    expect(block.get('Ingress')?.get('x/b')?.get('x/b')).toBe(true);
  });
});

describe('cyclonus query-traffic scoring', () => {
  const policies = [{ file: 'deny.yaml', text: 'kind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata: {name: deny-in, namespace: t}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n' }];
  const pod = { Internal: { PodLabels: { app: 'web' }, NamespaceLabels: { team: 't' }, Namespace: 't' }, IP: '10.0.0.7' };
  const trafficJson = JSON.stringify([
    { Source: { IP: '1.2.3.4' }, Destination: pod, Protocol: 'TCP', ResolvedPort: 80 },
    { Source: pod, Destination: { IP: '1.2.3.4' }, Protocol: 'TCP', ResolvedPort: 443 },
  ]);

  it('reads one IS ALLOWED? verdict per flow, in order', () => {
    const expected = '| IS ALLOWED? | FALSE  |\n| IS ALLOWED? |  TRUE  |\n';
    expect(scoreCyclonusQueryTraffic({ name: 't', trafficJson, policies, expected })).toMatchObject({ passed: true, checked: 2 });
  });

  it('fails on a verdict that differs, and on a missing one', () => {
    const wrong = scoreCyclonusQueryTraffic({ name: 't', trafficJson, policies, expected: '| IS ALLOWED? | TRUE |\n| IS ALLOWED? | TRUE |\n' });
    expect(wrong.passed).toBe(false);
    expect(wrong.mismatches).toEqual(['flow 1 (cidr:1.2.3.4/32 -> t/destination TCP/80): expected allowed']);
    expect(scoreCyclonusQueryTraffic({ name: 't', trafficJson, policies, expected: '| IS ALLOWED? | FALSE |\n' }).passed).toBe(false);
  });
});
