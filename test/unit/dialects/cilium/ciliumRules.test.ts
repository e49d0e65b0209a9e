// One test per ML2xxx code: a tiny policy that upstream's sanitiser refuses, the finding it must produce,
// where it lands, and a near-identical accepted policy that must stay clean.
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../../server/src/analysis/analyzeFile';
import type { Finding } from '../../../../server/src/analysis/model/finding';

const cnp = (spec: string, kind = 'CiliumNetworkPolicy'): string =>
  `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n${kind === 'CiliumNetworkPolicy' ? '  namespace: default\n' : ''}${spec}`;

function findings(text: string, code: string): Finding[] {
  return analyzeText(text).findings.filter((f) => f.code === code);
}

/** The text a finding underlines. */
function marked(text: string, finding: Finding): string {
  return text.slice(finding.span.start, finding.span.end);
}

describe('Cilium policy envelope', () => {
  it('ML2001: neither spec nor specs is an empty policy; specs: [] alone warns', () => {
    const none = cnp('');
    expect(findings(none, 'ML2001')).toHaveLength(1);
    expect(findings(none, 'ML2001')[0].severity).toBe('error');
    const emptySpecs = cnp('specs: []\n');
    expect(findings(emptySpecs, 'ML2001').map((f) => f.severity)).toEqual(['warning']);
    expect(findings(cnp('spec:\n  endpointSelector: {}\n  ingress:\n  - {}\n'), 'ML2001')).toEqual([]);
  });

  it('ML2002: a rule whose sections are all empty lists', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  ingress: []\n  egress: []\n');
    const [f] = findings(text, 'ML2002');
    expect(marked(text, f)).toBe('ingress');
    expect(f.message).toContain('rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny');
    expect(findings(cnp('spec:\n  endpointSelector: {}\n  ingress: []\n  egress:\n  - {}\n'), 'ML2002')).toEqual([]);
  });

  it('ML2003: nodeSelector in a namespaced CNP, but not in a CCNP', () => {
    const body = 'spec:\n  nodeSelector: {}\n  ingress:\n  - {}\n';
    const text = cnp(body);
    expect(findings(text, 'ML2003').map((f) => marked(text, f))).toEqual(['nodeSelector']);
    expect(findings(text, 'ML2003')[0].message).toContain('rule cannot have NodeSelector');
    expect(findings(cnp(body, 'CiliumClusterwideNetworkPolicy'), 'ML2003')).toEqual([]);
  });

  it('ML2028: a CNP endpointSelector pinned to another namespace', () => {
    const text = cnp('spec:\n  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: other\n  ingress:\n  - {}\n');
    const [f] = findings(text, 'ML2028');
    expect([f.severity, marked(text, f)]).toEqual(['warning', 'other']);
    expect(findings(cnp('spec:\n  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: default\n  ingress:\n  - {}\n'), 'ML2028')).toEqual([]);
    const ccnp = cnp('spec:\n  endpointSelector:\n    matchLabels:\n      k8s:io.kubernetes.pod.namespace: other\n  ingress:\n  - {}\n', 'CiliumClusterwideNetworkPolicy');
    expect(findings(ccnp, 'ML2028')).toEqual([]);
  });

  it('ML2030: a CNP selecting reserved:init; a CCNP may', () => {
    const body = 'spec:\n  endpointSelector:\n    matchLabels:\n      reserved:init: ""\n  ingress:\n  - fromEntities: [host]\n';
    const text = cnp(body);
    expect(findings(text, 'ML2030').map((f) => marked(text, f))).toEqual(['reserved:init']);
    const expression = cnp('spec:\n  endpointSelector:\n    matchExpressions:\n    - key: reserved:init\n      operator: Exists\n  ingress:\n  - {}\n');
    expect(findings(expression, 'ML2030')).toHaveLength(1);
    expect(findings(cnp(body, 'CiliumClusterwideNetworkPolicy'), 'ML2030')).toEqual([]);
  });

  it('ML2031: metadata.namespace on a CCNP is ignored', () => {
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: p\n  namespace: team-a\nspec:\n  endpointSelector: {}\n  ingress:\n  - {}\n';
    const [f] = findings(text, 'ML2031');
    expect([f.severity, marked(text, f)]).toEqual(['warning', 'team-a']);
    expect(findings(cnp('spec:\n  endpointSelector: {}\n  ingress:\n  - {}\n'), 'ML2031')).toEqual([]);
  });

  it('checks every rule of specs, naming its index', () => {
    const text = cnp('specs:\n- endpointSelector: {}\n  ingress:\n  - {}\n- endpointSelector: {}\n  ingress:\n  - fromEntities: [world]\n    fromCIDR: [10.0.0.0/8]\n');
    const [f] = findings(text, 'ML2004');
    expect(f.message).toContain('`specs[1].ingress[0]`');
  });
});

describe('Cilium rule items', () => {
  it('ML2004: two peer kinds in one item, underlining the second', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - {}\n    toCIDR:\n    - 10.0.0.0/8\n');
    const [f] = findings(text, 'ML2004');
    expect(marked(text, f)).toBe('toCIDR');
    expect(f.message).toMatch(/combining To(Endpoints|CIDR) and To(CIDR|Endpoints) is not supported yet/);
    // toFQDNs is an egress-allow peer only; the same pair split over two items is fine.
    expect(findings(cnp('spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - {}\n  - toCIDR:\n    - 10.0.0.0/8\n'), 'ML2004')).toEqual([]);
    // An empty peer list does not count as a peer kind (upstream counts len > 0).
    expect(findings(cnp('spec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints: []\n    toCIDR:\n    - 10.0.0.0/8\n'), 'ML2004')).toEqual([]);
  });

  it('ML2005: toServices with toPorts is a version warning', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  egress:\n  - toServices:\n    - k8sService: {serviceName: api, namespace: default}\n    toPorts:\n    - ports:\n      - port: "443"\n        protocol: TCP\n');
    const [f] = findings(text, 'ML2005');
    expect(f.severity).toBe('warning');
    expect(marked(text, f)).toBe('toServices');
  });

  it('ML2006: icmps together with toPorts', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n        protocol: TCP\n    icmps:\n    - fields:\n      - type: 8\n');
    expect(findings(text, 'ML2006').map((f) => marked(text, f))).toEqual(['icmps']);
    expect(findings(text, 'ML2006')[0].message).toContain('the ICMPs block may only be present without ToPorts');
    expect(findings(cnp('spec:\n  endpointSelector: {}\n  ingress:\n  - icmps:\n    - fields:\n      - type: 8\n'), 'ML2006')).toEqual([]);
  });

  it('ML2029: ICMP type names must belong to the field family', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  ingress:\n  - icmps:\n    - fields:\n      - type: PacketTooBig\n      - type: PacketTooBig\n        family: IPv6\n      - type: EchoRequest\n      - type: 8\n');
    const list = findings(text, 'ML2029');
    expect(list.map((f) => marked(text, f))).toEqual(['PacketTooBig']);
    expect(list[0].message).toContain('set `family: IPv6`');
  });

  it('ML2024: fromNodes needs the node-selector-labels agent option', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  ingress:\n  - fromNodes:\n    - matchLabels: {role: worker}\n');
    const [f] = findings(text, 'ML2024');
    expect(f.severity).toBe('information');
    expect(f.message).toContain('--enable-node-selector-labels');
  });

  it('ML2025: enableDefaultDeny for a direction without items', () => {
    const text = cnp('spec:\n  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: true\n    egress: false\n  egress:\n  - toEntities: [world]\n');
    const list = findings(text, 'ML2025');
    expect(list.map((f) => marked(text, f))).toEqual(['true']);
    expect(list[0].message).toContain('drops all ingress');
  });
});

describe('Cilium host policies', () => {
  const ccnp = (section: string, rules: string): string =>
    cnp(`spec:\n  nodeSelector: {}\n  ${section}:\n  - toPorts:\n    - ports:\n      - port: "53"\n        protocol: UDP\n      rules:\n${rules}`, 'CiliumClusterwideNetworkPolicy');

  it('ML2007: L7 on host ingress, HTTP on host egress; DNS on host egress is allowed', () => {
    const http = '        http:\n        - method: GET\n';
    expect(findings(ccnp('ingress', http), 'ML2007')[0].message).toContain('L7 policy is not supported on host ingress yet');
    expect(findings(ccnp('egress', http), 'ML2007')[0].message).toContain('L7 protocol HTTP is not supported on host egress yet');
    expect(findings(ccnp('egress', '        dns:\n        - matchPattern: "*"\n'), 'ML2007')).toEqual([]);
  });
});

describe('Cilium toPorts', () => {
  const withPorts = (section: string, portRule: string): string =>
    cnp(`spec:\n  endpointSelector: {}\n  ${section}:\n  - toPorts:\n    - ${portRule.trim().replace(/\n/g, '\n      ')}\n`);

  it('ML2008: DNS rules on ingress', () => {
    const text = withPorts('ingress', 'ports:\n- port: "53"\n  protocol: ANY\nrules:\n  dns:\n  - matchName: example.com');
    expect(findings(text, 'ML2008').map((f) => marked(text, f))).toEqual(['dns']);
    expect(findings(withPorts('egress', 'ports:\n- port: "53"\n  protocol: ANY\nrules:\n  dns:\n  - matchName: example.com'), 'ML2008')).toEqual([]);
  });

  it('ML2009: HTTP on UDP and on an unset (ANY) protocol; DNS on UDP is fine', () => {
    const udp = withPorts('ingress', 'ports:\n- port: "80"\n  protocol: UDP\nrules:\n  http:\n  - method: GET');
    const [f] = findings(udp, 'ML2009');
    expect(f.message).toContain('L7 rules can only apply to TCP (not UDP) except for DNS rules');
    expect(marked(udp, f)).toBe('UDP');
    const any = withPorts('ingress', 'ports:\n- port: "80"\nrules:\n  http:\n  - method: GET');
    expect(findings(any, 'ML2009')[0].message).toContain('not ANY');
    expect(findings(withPorts('egress', 'ports:\n- port: "53"\n  protocol: UDP\nrules:\n  dns:\n  - matchPattern: "*"'), 'ML2009')).toEqual([]);
  });

  it('ML2010: DNS rules without ports', () => {
    const text = withPorts('egress', 'rules:\n  dns:\n  - matchPattern: "*"');
    expect(findings(text, 'ML2010')[0].message).toContain('port 53 must be specified for DNS rules');
  });

  it('ML2011: DNS rules on a port range', () => {
    const text = withPorts('egress', 'ports:\n- port: "53"\n  endPort: 60\n  protocol: UDP\nrules:\n  dns:\n  - matchPattern: "*"');
    const [f] = findings(text, 'ML2011');
    expect(marked(text, f)).toBe('60');
  });

  it('ML2012: L7 rules with port 0', () => {
    const text = withPorts('ingress', 'ports:\n- port: "0"\n  protocol: TCP\nrules:\n  http:\n  - {}');
    const [f] = findings(text, 'ML2012');
    expect(marked(text, f)).toBe('"0"');
  });

  it('ML2013 and ML2014: listener on ingress, listener with L7 rules', () => {
    const listener = 'ports:\n- port: "443"\n  protocol: TCP\nlistener:\n  envoyConfig:\n    kind: CiliumEnvoyConfig\n    name: cfg\n  name: mine';
    expect(findings(withPorts('ingress', listener), 'ML2013')[0].message).toContain('Listener is not allowed on ingress (mine)');
    expect(findings(withPorts('egress', listener), 'ML2013')).toEqual([]);
    const withRules = withPorts('egress', `${listener}\nrules:\n  http:\n  - method: GET`);
    expect(findings(withRules, 'ML2014')[0].message).toContain('Listener is not allowed with L7 rules (mine)');
  });

  it('ML2015: serverNames with L7 rules need terminatingTLS', () => {
    const text = withPorts('egress', 'ports:\n- port: "443"\n  protocol: TCP\nserverNames:\n- api.example.com\nrules:\n  http:\n  - method: GET');
    expect(findings(text, 'ML2015').map((f) => marked(text, f))).toEqual(['serverNames']);
    const terminated = withPorts('egress', 'ports:\n- port: "443"\n  protocol: TCP\nserverNames:\n- api.example.com\nterminatingTLS:\n  secret:\n    name: tls\nrules:\n  http:\n  - method: GET');
    expect(findings(terminated, 'ML2015')).toEqual([]);
  });

  it('ML2017: a port entry without port, except for port-less protocols', () => {
    const text = withPorts('egress', 'ports:\n- protocol: TCP');
    expect(findings(text, 'ML2017')[0].message).toContain('port must be specified');
    expect(findings(withPorts('egress', 'ports:\n- protocol: VRRP'), 'ML2017')).toEqual([]);
  });

  it('ML2018: ports that are neither numbers nor names; names and Go number forms are fine', () => {
    const big = withPorts('egress', 'ports:\n- port: "70000"\n  protocol: TCP');
    expect(findings(big, 'ML2018')[0].message).toContain('unable to parse port "70000"');
    expect(findings(withPorts('egress', 'ports:\n- port: "1"\n  protocol: VRRP'), 'ML2018')[0].message).toContain('must be empty or 0');
    expect(findings(withPorts('egress', 'ports:\n- port: http-alt\n  protocol: TCP\n- port: "8080"\n  protocol: TCP'), 'ML2018')).toEqual([]);
  });

  it('ML2021: HTTP fields are RE2 regexes, not globs', () => {
    const text = withPorts('ingress', 'ports:\n- port: "80"\n  protocol: TCP\nrules:\n  http:\n  - method: "*"\n    path: "/api/(?=v1)"');
    const list = findings(text, 'ML2021');
    expect(list.map((f) => marked(text, f))).toEqual(['"/api/(?=v1)"', '"*"']);
    expect(list[1].message).toContain('error parsing regexp "*": missing argument to repetition operator');
    const fine = withPorts('ingress', 'ports:\n- port: "80"\n  protocol: TCP\nrules:\n  http:\n  - method: "GET|POST"\n    path: "/(?i)public/.*"\n    host: "(?P<sub>[a-z]+)\\\\.example\\\\.com"');
    expect(findings(fine, 'ML2021')).toEqual([]);
  });

  it('ML2022: generic l7 rules without l7proto', () => {
    const text = withPorts('ingress', 'ports:\n- port: "80"\n  protocol: TCP\nrules:\n  l7:\n  - action: deny');
    expect(findings(text, 'ML2022').map((f) => marked(text, f))).toEqual(['l7']);
  });

  // Source: cilium pkg/policy/api/l7.go PortRuleL7.Sanitize ("Empty key not allowed"), run by
  // rule_validation.go L7Rules.sanitize for every l7 entry once l7proto is set.
  it.each([
    ['an empty key next to a real one', 'l7proto: envoy.filters.network.myproto\n  l7:\n  - action: read\n    "": x', ['""']],
    ['an empty key in the second entry only', 'l7proto: myproto\n  l7:\n  - action: read\n  - "": ""', ['""']],
    ['non-empty keys', 'l7proto: myproto\n  l7:\n  - action: read\n    path: /x', []],
    ['an empty l7 entry (matches everything)', 'l7proto: myproto\n  l7:\n  - {}', []],
  ])('ML2033: generic l7 rule with %s', (_name, rules, expected) => {
    const text = withPorts('ingress', `ports:\n- port: "80"\n  protocol: TCP\nrules:\n  ${rules}`);
    const list = findings(text, 'ML2033');
    expect(list.map((f) => marked(text, f))).toEqual(expected);
    if (list.length) expect(list[0].message).toContain('Empty key not allowed');
  });

  it('ML2023: endPort below port is an empty range', () => {
    const text = withPorts('egress', 'ports:\n- port: "8080"\n  endPort: 80\n  protocol: TCP');
    const [f] = findings(text, 'ML2023');
    expect(f.severity).toBe('warning');
    expect(findings(withPorts('egress', 'ports:\n- port: "8080"\n  endPort: 8090\n  protocol: TCP'), 'ML2023')).toEqual([]);
  });

  it('ML2026: Kafka rules are deprecated', () => {
    const text = withPorts('ingress', 'ports:\n- port: "9092"\n  protocol: TCP\nrules:\n  kafka:\n  - role: produce\n    topic: t');
    expect(findings(text, 'ML2026').map((f) => [f.severity, marked(text, f)])).toEqual([['warning', 'kafka']]);
  });

  it('ML2027: more than 40 ports in a deny rule', () => {
    const ports = Array.from({ length: 41 }, (_, i) => `- port: "${1000 + i}"\n  protocol: TCP`).join('\n');
    const text = withPorts('ingressDeny', `ports:\n${ports}`);
    expect(findings(text, 'ML2027')[0].message).toContain('too many ports, the max is 40');
    const forty = Array.from({ length: 40 }, (_, i) => `- port: "${1000 + i}"\n  protocol: TCP`).join('\n');
    expect(findings(withPorts('ingressDeny', `ports:\n${forty}`), 'ML2027')).toEqual([]);
    // Deny port entries are still parsed; L7 fields there are unknown fields, left to the schema.
    expect(findings(withPorts('egressDeny', 'ports:\n- port: "70000"'), 'ML2018')).toHaveLength(1);
    expect(findings(withPorts('ingressDeny', 'ports:\n- port: "53"\nrules:\n  dns:\n  - matchPattern: "*"'), 'ML2008')).toEqual([]);
  });
});

describe('Cilium CIDR peers', () => {
  const egress = (item: string): string => cnp(`spec:\n  endpointSelector: {}\n  egress:\n  - ${item.trim().replace(/\n/g, '\n    ')}\n`);

  it('ML2020: except outside its cidr, or of another family', () => {
    const text = egress('toCIDRSet:\n- cidr: 10.0.0.0/8\n  except:\n  - 10.96.0.0/12\n  - 192.168.0.0/16\n  - 10.0.0.0/7\n  - "2001:db8::/64"');
    expect(findings(text, 'ML2020').map((f) => marked(text, f))).toEqual(['192.168.0.0/16', '10.0.0.0/7', '"2001:db8::/64"']);
  });

  it('ML2032: an except as large as its cidr leaves nothing', () => {
    const text = egress('toCIDRSet:\n- cidr: 10.0.0.0/8\n  except:\n  - 10.1.0.0/8\n  - 10.1.0.0/16');
    expect(findings(text, 'ML2032').map((f) => [f.severity, marked(text, f)])).toEqual([['warning', '10.1.0.0/8']]);
  });
});

describe('malformed input', () => {
  it('never throws on shapes the schema rejects', () => {
    const shapes = [
      'spec: []\n',
      'spec: 7\nspecs: {a: 1}\n',
      'spec:\n  endpointSelector: []\n  ingress: x\n  egress: [null, 3, []]\n',
      'spec:\n  endpointSelector: {matchLabels: [], matchExpressions: {}}\n  egress:\n  - toPorts: [null, {ports: 3, rules: []}, {ports: [null, {port: {}}], rules: {http: [null, {path: 3}], dns: 5}}]\n    toCIDRSet: [{cidr: 3, except: [null, 4]}]\n',
      'spec:\n  nodeSelector: {}\n  enableDefaultDeny: []\n  ingress:\n  - toPorts: [{rules: {http: [{}]}, listener: []}]\n    icmps: 4\n',
    ];
    for (const body of shapes) {
      const text = cnp(body, 'CiliumClusterwideNetworkPolicy');
      expect(() => analyzeText(text), body).not.toThrow();
    }
  });
});
