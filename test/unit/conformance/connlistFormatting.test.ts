// netpol-analyzer `list` formatting rules the connlist scorer must follow exactly.
// Upstream: np-guard/netpol-analyzer pkg/netpol/internal/common/connectionset.go (allProtocols = TCP, UDP,
// SCTP; updateIfAllConnections; String), pkg/netpol/eval/internal/k8s/netpol.go (rulePeersReferencedIPBlocks:
// each ipBlock is `cidr − except`, Split into intervals), pkg/netpol/eval/resources.go (getDisjointIPBlocks),
// np-guard/models pkg/netset/ipblock.go (Split, DisjointIPBlocks).
import { describe, expect, it } from 'vitest';
import { formatConnections, ipBlockIntervals, scoreConnlist } from '../../../server/src/conformance/connectivityConnlist';
import { emptyPortSet, portSetOf, unionPortSets, type PortSet } from '../../../server/src/analysis/graph/portSet';
import { formatIpv4 } from '../../../server/src/analysis/graph/ipRange';

const all = (p: 'TCP' | 'UDP' | 'SCTP'): PortSet => portSetOf(p, 1, 65535);
const icmp: PortSet = { ...emptyPortSet, other: true };

describe('connection sets in netpol-analyzer wording (connectionset.go)', () => {
  const table: [string, PortSet, string][] = [
    ['TCP, UDP and SCTP in full, no ICMP', unionPortSets(unionPortSets(all('TCP'), all('UDP')), all('SCTP')), 'All Connections'],
    ['TCP, UDP, SCTP in full plus ICMP', unionPortSets(unionPortSets(unionPortSets(all('TCP'), all('UDP')), all('SCTP')), icmp), 'All Connections'],
    ['TCP and UDP in full only', unionPortSets(all('TCP'), all('UDP')), 'TCP 1-65535,UDP 1-65535'],
    ['ICMP is outside the universe', unionPortSets(portSetOf('TCP', 80), icmp), 'TCP 80'],
    ['ICMP alone is no connection', icmp, 'No Connections'],
    ['protocols sorted as strings', unionPortSets(unionPortSets(portSetOf('UDP', 53), portSetOf('TCP', 8080, 8081)), portSetOf('SCTP', 7070)), 'SCTP 7070,TCP 8080-8081,UDP 53'],
    ['port lists comma-joined', unionPortSets(portSetOf('TCP', 80), portSetOf('TCP', 443)), 'TCP 80,443'],
  ];
  it.each(table)('%s', (_name, set, text) => {
    expect(formatConnections(set)).toBe(text);
  });
});

describe('an ipBlock is the merged set cidr − except (netpol.go, ipblock.go Split)', () => {
  const show = (intervals: [bigint, bigint][]): string[] => intervals.map(([a, b]) => `${formatIpv4(a)}-${formatIpv4(b)}`);
  const table: [string, string, string[], string[]][] = [
    ['no except', '10.0.0.0/8', [], ['10.0.0.0-10.255.255.255']],
    ['adjacent excepts leave one hole', '10.0.0.0/8', ['10.1.0.0/16', '10.2.0.0/16'], ['10.0.0.0-10.0.255.255', '10.3.0.0-10.255.255.255']],
    ['overlapping excepts merge', '10.0.0.0/8', ['10.1.0.0/16', '10.1.128.0/17'], ['10.0.0.0-10.0.255.255', '10.2.0.0-10.255.255.255']],
    ['an except outside the cidr cuts nothing', '10.0.0.0/8', ['192.168.0.0/16'], ['10.0.0.0-10.255.255.255']],
    ['an except at the start', '10.0.0.0/8', ['10.0.0.0/16'], ['10.1.0.0-10.255.255.255']],
    ['IPv6 is outside the IPv4 space', '2001:db8::/32', [], []],
  ];
  it.each(table)('%s', (_name, cidr, except, intervals) => {
    expect(show(ipBlockIntervals(cidr, except))).toEqual(intervals);
  });
});

describe('connlist external ranges are cut at the edges of each cidr − except set (resources.go getDisjointIPBlocks)', () => {
  const files = [
    {
      file: 'a.yaml',
      text: `apiVersion: apps/v1
kind: Deployment
metadata: {name: a, namespace: ns}
spec: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c}]}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: b, namespace: ns}
spec: {template: {metadata: {labels: {app: b}}, spec: {containers: [{name: c}]}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: a-out, namespace: ns}
spec:
  podSelector: {matchLabels: {app: a}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16, 10.2.0.0/16, 192.168.0.0/16]}}]
      ports: [{protocol: TCP}, {protocol: UDP}, {protocol: SCTP}]
`,
    },
  ];
  // Egress blocks: [10.0.0.0-10.0.255.255], [10.3.0.0-10.255.255.255] and 0.0.0.0/0 made disjoint; the
  // excepts 10.1/16 and 10.2/16 fall into one remainder interval; 192.168/16 is outside the cidr.
  const expected = [
    '0.0.0.0-255.255.255.255[External] => ns/a[Deployment] : All Connections',
    '0.0.0.0-255.255.255.255[External] => ns/b[Deployment] : All Connections',
    'ns/a[Deployment] => 10.0.0.0-10.0.255.255[External] : All Connections',
    'ns/a[Deployment] => 10.3.0.0-10.255.255.255[External] : All Connections',
    'ns/b[Deployment] => 0.0.0.0-9.255.255.255[External] : All Connections',
    'ns/b[Deployment] => 10.0.0.0-10.0.255.255[External] : All Connections',
    'ns/b[Deployment] => 10.1.0.0-10.2.255.255[External] : All Connections',
    'ns/b[Deployment] => 10.3.0.0-10.255.255.255[External] : All Connections',
    'ns/b[Deployment] => 11.0.0.0-255.255.255.255[External] : All Connections',
    'ns/b[Deployment] => ns/a[Deployment] : All Connections',
  ];

  it('matches the upstream list line for line', () => {
    const result = scoreConnlist({ name: 't', files, expected: expected.join('\n') });
    expect(result.mismatches).toEqual([]);
    expect(result.passed).toBe(true);
  });
});
