// The test cases of ../shared/design/semantics.md §E, one row each: the rule that decides the case, its
// layer, enforcer and effect, and the finding that predicts the verdict. Flow verdicts (ALLOW/DENY for a
// concrete connection) are the traffic graph's job; here the verdict is asserted through what the
// annotator says about the rule (its effect, its summary, and the pitfall finding).
import { describe, expect, it } from 'vitest';
import type { EnforcerId, Layer, RuleAction, RuleEffect, RuleMode } from '../../../server/src/analysis/enforcement/ruleEnforcement';
import { analyzeWorkspaceText, yamlDocs } from './analyzeWorkspaceText';
import { webL7Spec } from '../../fixtures/webL7Policy';

const ns = (name: string, labels: Record<string, string> = {}): string =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n') || '    team: x'}\n`;
const ambient = (name: string): string => ns(name, { 'istio.io/dataplane-mode': 'ambient' });
const sidecar = (name: string): string => ns(name, { 'istio-injection': 'enabled' });
const service = (name: string, namespace: string, app: string, portName: string, port: number): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    app: ${app}\n  ports:\n  - name: ${portName}\n    port: ${port}\n    targetPort: ${port}\n`;
const cnp = (body: string, kind = 'CiliumNetworkPolicy', namespace = 'shop'): string =>
  `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata:\n  name: p\n${kind === 'CiliumNetworkPolicy' ? `  namespace: ${namespace}\n` : ''}spec:\n${body}`;
const ap = (namespace: string, body: string): string =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: ${namespace}\nspec:\n${body}`;

const dbIngress = `  endpointSelector:
    matchLabels:
      app: db
  ingress:
  - fromEndpoints:
    - matchLabels:
        app: api
    toPorts:
    - ports:
      - port: "5432"
        protocol: TCP
`;

const l7Public = webL7Spec;

interface Case {
  readonly id: string;
  readonly yaml: string;
  /** `docIndex#path` of the deciding rule; omitted when no rule should exist. */
  readonly at?: string;
  readonly layer?: Layer;
  readonly enforcer?: EnforcerId;
  readonly effect?: RuleEffect;
  readonly action?: RuleAction;
  readonly mode?: RuleMode;
  readonly summary?: RegExp;
  readonly note?: RegExp;
  readonly codes?: readonly string[];
  readonly noCodes?: readonly string[];
  readonly override?: 'sidecar' | 'ambient';
}

const cases: readonly Case[] = [
  { id: '1 no policy selects db → ALLOW', yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: db\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: db\n' },
  { id: '2 fromEndpoints api + 5432 → ALLOW (L4 eBPF)', yaml: cnp(dbIngress), at: '0#spec.ingress[0]', layer: 'L4', enforcer: 'cilium-bpf', action: 'allow', effect: 'enforced', summary: /pods app=api in shop → pods app=db in shop on TCP\/5432$/ },
  { id: '3 same, port 22 → DENY (only 5432 allowed)', yaml: cnp(dbIngress), at: '0#spec.ingress[0].toPorts[0]', layer: 'L4', enforcer: 'cilium-bpf', summary: /on TCP\/5432$/ },
  { id: '4 other-ns/api → DENY (namespace injected)', yaml: cnp(dbIngress), at: '0#spec.ingress[0]', enforcer: 'cilium-bpf', summary: /^allows pods app=api in shop /, note: /eBPF/ },
  { id: '5 fromEndpoints naming the namespace → ALLOW', yaml: cnp(dbIngress.replace('        app: api', '        k8s:io.kubernetes.pod.namespace: other\n        app: api')), at: '0#spec.ingress[0]', enforcer: 'cilium-bpf', summary: /allows endpoints k8s:io.kubernetes.pod.namespace=other, app=api →/ },
  { id: '6 CCNP fromEndpoints api → any namespace (L3 eBPF)', yaml: cnp('  endpointSelector:\n    matchLabels:\n      app: db\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: api\n', 'CiliumClusterwideNetworkPolicy'), at: '0#spec.ingress[0]', layer: 'L3', enforcer: 'cilium-bpf', summary: /endpoints app=api → endpoints app=db \(all namespaces\)/ },
  { id: '7 ingress: [{}] → DENY all ingress', yaml: cnp('  endpointSelector: {}\n  ingress:\n  - {}\n'), at: '0#spec.ingress[0]', layer: 'L3', enforcer: 'cilium-bpf', summary: /allows nothing, turns on ingress default deny/ },
  { id: '7b fromEndpoints: [] + 80 → DENY', yaml: cnp('  endpointSelector: {}\n  ingress:\n  - fromEndpoints: []\n    toPorts:\n    - ports:\n      - port: "80"\n'), at: '0#spec.ingress[0]', layer: 'L4', enforcer: 'cilium-bpf', effect: 'selects-nothing', codes: ['ML4011'] },
  { id: '7b toPorts 80 without peer → ALLOW any peer', yaml: cnp('  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n'), at: '0#spec.ingress[0]', layer: 'L4', enforcer: 'cilium-bpf', effect: 'enforced', summary: /allows any peer →/, noCodes: ['ML4011'] },
  { id: '8 http GET /public from prod → ALLOW (L7 Envoy)', yaml: cnp(l7Public), at: '0#spec.ingress[0].toPorts[0].rules.http[0]', layer: 'L7', enforcer: 'cilium-envoy', effect: 'enforced', summary: /only for HTTP GET \/public/ },
  { id: '9 same, POST → DENY 403', yaml: cnp(l7Public), at: '0#spec.ingress[0]', layer: 'L7', enforcer: 'cilium-envoy', note: /403/ },
  { id: '10 same, :8080 → DENY (drop in eBPF)', yaml: cnp(l7Public), at: '0#spec.ingress[0]', layer: 'L7', note: /other ports are dropped in the eBPF datapath/ },
  { id: '11 plus an L4-only allow → L7 cancelled', yaml: cnp(`${l7Public}  - fromEndpoints:\n    - matchLabels:\n        env: prod\n    toPorts:\n    - ports:\n      - port: "80"\n        protocol: TCP\n`), at: '0#spec.ingress[0].toPorts[0]', layer: 'L7', enforcer: 'cilium-envoy', effect: 'ignored', codes: ['ML4009'] },
  { id: '12 ingressDeny port 80 beats allow', yaml: cnp('  endpointSelector: {}\n  ingress:\n  - fromEndpoints:\n    - matchLabels:\n        app: client\n    toPorts:\n    - ports:\n      - port: "80"\n      - port: "81"\n  ingressDeny:\n  - fromEndpoints:\n    - matchLabels:\n        app: client\n    toPorts:\n    - ports:\n      - port: "80"\n'), at: '0#spec.ingressDeny[0]', layer: 'L4', enforcer: 'cilium-bpf', action: 'deny', note: /win over any allow/ },
  { id: '13 CCNP ingressDeny world beats CNP allow world', yaml: yamlDocs(cnp('  endpointSelector: {}\n  ingressDeny:\n  - fromEntities:\n    - world\n', 'CiliumClusterwideNetworkPolicy'), cnp('  endpointSelector: {}\n  ingress:\n  - fromEntities:\n    - world\n')), at: '0#spec.ingressDeny[0]', layer: 'L3', enforcer: 'cilium-bpf', action: 'deny', summary: /denies entities world →/ },
  { id: '14 toFQDNs with a DNS rule → ALLOW (IPs via DNS proxy)', yaml: cnp('  endpointSelector:\n    matchLabels:\n      app: app\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s:io.kubernetes.pod.namespace: kube-system\n        k8s-app: kube-dns\n    toPorts:\n    - ports:\n      - port: "53"\n        protocol: ANY\n      rules:\n        dns:\n        - matchPattern: "*"\n  - toFQDNs:\n    - matchName: api.example.com\n    toPorts:\n    - ports:\n      - port: "443"\n'), at: '0#spec.egress[1]', layer: 'L4', enforcer: 'cilium-bpf', note: /cilium-dns-proxy/, noCodes: ['ML4010'] },
  { id: '15 toFQDNs without a DNS rule → DENY (nothing learned)', yaml: cnp('  endpointSelector:\n    matchLabels:\n      app: app\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s-app: kube-dns\n    toPorts:\n    - ports:\n      - port: "53"\n  - toFQDNs:\n    - matchName: api.example.com\n'), at: '0#spec.egress[1]', layer: 'L3', enforcer: 'cilium-bpf', codes: ['ML4010'] },
  { id: '16 DNS pattern *.cilium.io → example.com REFUSED', yaml: cnp('  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s-app: kube-dns\n    toPorts:\n    - ports:\n      - port: "53"\n      rules:\n        dns:\n        - matchPattern: "*.cilium.io"\n'), at: '0#spec.egress[0].toPorts[0].rules.dns[0]', layer: 'L7', enforcer: 'cilium-dns-proxy', summary: /DNS pattern \*\.cilium\.io/, note: /REFUSED/ },
  { id: '17 toCIDRSet 10/8 except → never in-cluster pods', yaml: cnp('  endpointSelector: {}\n  egress:\n  - toCIDRSet:\n    - cidr: 10.0.0.0/8\n      except:\n      - 10.96.0.0/12\n'), at: '0#spec.egress[0]', layer: 'L3', enforcer: 'cilium-bpf', summary: /CIDR 10\.0\.0\.0\/8 except 10\.96\.0\.0\/12/, codes: ['ML4013'] },
  { id: '18 toEntities kube-apiserver → ALLOW', yaml: cnp('  endpointSelector: {}\n  egress:\n  - toEntities:\n    - kube-apiserver\n'), at: '0#spec.egress[0]', layer: 'L3', enforcer: 'cilium-bpf', summary: /entities kube-apiserver/ },
  { id: '19 serverNames → other SNI reset (TLS in Envoy)', yaml: cnp('  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - port: "443"\n      serverNames:\n      - one.one.one.one\n'), at: '0#spec.egress[0].toPorts[0]', layer: 'L7', enforcer: 'cilium-envoy', summary: /TLS SNI one\.one\.one\.one/ },
  { id: '20 ICMP rule in eBPF', yaml: cnp('  endpointSelector: {}\n  ingress:\n  - icmps:\n    - fields:\n      - type: 8\n        family: IPv4\n'), at: '0#spec.ingress[0]', layer: 'L3', enforcer: 'cilium-bpf', summary: /ICMP/ },
  { id: '21 CCNP no default deny + DNS intercept', yaml: cnp('  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: false\n    egress: false\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s-app: kube-dns\n    toPorts:\n    - ports:\n      - port: "53"\n      rules:\n        dns:\n        - matchPattern: "*"\n', 'CiliumClusterwideNetworkPolicy'), at: '0#spec.egress[0]', layer: 'L7', enforcer: 'cilium-dns-proxy' },
  { id: '21b UDP 53 is Cilium-only (Istio does not proxy UDP)', yaml: cnp('  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - port: "53"\n        protocol: UDP\n'), at: '0#spec.egress[0]', layer: 'L4', enforcer: 'cilium-bpf', summary: /UDP\/53/ },
  { id: '22 NetworkPolicy on ambient pod without 15008 → mesh DENY', yaml: yamlDocs(ambient('shop'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n  - ports:\n    - port: 9090\n      protocol: TCP\n'), at: '1#spec.ingress[0]', layer: 'L4', enforcer: 'k8s-netpol', mode: 'n/a', codes: ['ML4015'] },
  { id: '23 no AuthorizationPolicy → ALLOW', yaml: ambient('foo') },
  { id: '24 ambient ALLOW principals → L4 ztunnel', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/sleep"]\n')), at: '1#spec.rules[0]', layer: 'L4', enforcer: 'istio-ztunnel', mode: 'ambient', effect: 'enforced', noCodes: ['ML4001'] },
  // 25, 26, 29: the rule keeps its written layer L7 (issue 11 item 4, semantics.md §B.4); §E's table gives the
  // layer ztunnel decides the flow at (L4), which is the graph's verdict, not the rule annotation.
  { id: '25 ambient ALLOW + methods → rule dropped, fail closed', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: ALLOW\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/sleep"]\n    to:\n    - operation:\n        methods: ["GET"]\n')), at: '1#spec.rules[0]', layer: 'L7', enforcer: 'istio-ztunnel', effect: 'dropped', note: /methods/, codes: ['ML4001'] },
  { id: '26 ambient DENY methods POST only → no-op', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["POST"]\n')), at: '1#spec.rules[0]', layer: 'L7', enforcer: 'istio-ztunnel', effect: 'no-effect', codes: ['ML4002'], noCodes: ['ML4003'] },
  { id: '27 same DENY on a sidecar TCP port → DENY all TCP', yaml: yamlDocs(sidecar('foo'), service('httpbin', 'foo', 'httpbin', 'tcp-data', 9000), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["POST"]\n')), at: '2#spec.rules[0]', layer: 'L4', enforcer: 'istio-sidecar', mode: 'sidecar', effect: 'widened', codes: ['ML4007'] },
  { id: '28 same DENY on a sidecar HTTP port → 403 for POST only', yaml: yamlDocs(sidecar('foo'), service('httpbin', 'foo', 'httpbin', 'http-web', 8000), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        methods: ["POST"]\n')), at: '2#spec.rules[0]', layer: 'L7', enforcer: 'istio-sidecar', effect: 'enforced', noCodes: ['ML4007'] },
  { id: '29 ambient DENY ports 8080 + POST → wider deny', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - to:\n    - operation:\n        ports: ["8080"]\n        methods: ["POST"]\n')), at: '1#spec.rules[0]', layer: 'L7', enforcer: 'istio-ztunnel', effect: 'widened', codes: ['ML4003'] },
  { id: '30 ambient DENY principals + request.headers → no-op', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: DENY\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/x"]\n    when:\n    - key: request.headers[x-token]\n      values: ["a"]\n')), at: '1#spec.rules[0]', enforcer: 'istio-ztunnel', effect: 'no-effect', codes: ['ML4002'] },
  { id: '31 ambient AUDIT → no effect at ztunnel', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: httpbin\n  action: AUDIT\n  rules:\n  - to:\n    - operation:\n        ports: ["80"]\n')), at: '1#spec.rules[0]', enforcer: 'istio-ztunnel', effect: 'ignored', codes: ['ML4004'] },
  { id: '32 ALLOW targetRefs waypoint with methods → L7 waypoint', yaml: yamlDocs(ns('default', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }), 'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata:\n  name: waypoint\n  namespace: default\nspec:\n  gatewayClassName: istio-waypoint\n  listeners:\n  - name: mesh\n    port: 15008\n    protocol: HBONE\n', ap('default', '  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n  action: ALLOW\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n')), at: '2#spec.rules[0]', layer: 'L7', enforcer: 'istio-waypoint', mode: 'ambient', effect: 'enforced', noCodes: ['ML4001', 'ML4006'] },
  { id: '33 waypoint policy applies only at the waypoint (pod-IP traffic bypasses it)', yaml: yamlDocs(ambient('default'), ap('default', '  targetRefs:\n  - kind: Service\n    group: ""\n    name: svc\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n')), at: '1#spec.rules[0]', layer: 'L7', enforcer: 'istio-waypoint', note: /targetRefs/ },
  { id: '34 ambient selector ALLOW principals, service behind a waypoint → ztunnel sees the waypoint SA', yaml: yamlDocs(ns('foo', { 'istio.io/dataplane-mode': 'ambient', 'istio.io/use-waypoint': 'waypoint' }), ap('foo', '  selector:\n    matchLabels:\n      app: reviews\n  rules:\n  - from:\n    - source:\n        principals: ["cluster.local/ns/foo/sa/client"]\n')), at: '1#spec.rules[0]', layer: 'L4', enforcer: 'istio-ztunnel', note: /waypoint's identity/ },
  { id: '35 root namespace without selector → mesh-wide', yaml: yamlDocs(ambient('foo'), ambient('bar'), ap('istio-system', '  rules:\n  - from:\n    - source:\n        namespaces: ["foo"]\n')), at: '2#spec.rules[0]', layer: 'L4', enforcer: 'istio-ztunnel', note: /mesh/ },
  { id: '36 spec: {} → allow nothing', yaml: yamlDocs(ambient('foo'), 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: deny-all\n  namespace: foo\nspec: {}\n'), at: '1#spec', layer: 'L4', enforcer: 'istio-ztunnel', action: 'allow', summary: /allow-nothing/ },
  { id: '37 PeerAuthentication STRICT in ambient → plaintext DENY', yaml: yamlDocs(ambient('foo'), 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: strict\n  namespace: foo\nspec:\n  mtls:\n    mode: STRICT\n'), at: '1#spec.mtls', layer: 'L4', enforcer: 'istio-ztunnel', action: 'mtls', note: /without a peer identity/ },
  { id: '38 sidecar TCP ALLOW methods + ports 9000 → never matches', yaml: yamlDocs(sidecar('foo'), service('db', 'foo', 'db', 'tcp', 9000), ap('foo', '  selector:\n    matchLabels:\n      app: db\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n        ports: ["9000"]\n')), at: '2#spec.rules[0]', layer: 'L4', enforcer: 'istio-sidecar', effect: 'never-matches', codes: ['ML4008'] },
  { id: '39 Cilium HTTP rule on a sidecar pod → 503', yaml: yamlDocs(sidecar('shop'), cnp(l7Public)), at: '1#spec.ingress[0].toPorts[0].rules.http[0]', layer: 'L7', enforcer: 'cilium-envoy', codes: ['ML4014'] },
  { id: '40 Cilium default deny on ambient pods, no probe allow → probes DENY', yaml: yamlDocs(ambient('shop'), cnp(dbIngress)), at: '1#spec.ingress[0]', enforcer: 'cilium-bpf', codes: ['ML4016', 'ML4015'] },
  { id: '40 with the documented probe CCNP → no probe finding', yaml: yamlDocs(ambient('shop'), cnp(dbIngress), cnp('  endpointSelector: {}\n  enableDefaultDeny:\n    ingress: false\n  ingress:\n  - fromCIDR:\n    - 169.254.7.127/32\n', 'CiliumClusterwideNetworkPolicy')), at: '1#spec.ingress[0]', enforcer: 'cilium-bpf', noCodes: ['ML4016'] },
  { id: '41 RequestAuthentication on the waypoint', yaml: yamlDocs(ambient('foo'), 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: jwt\n  namespace: foo\nspec:\n  targetRefs:\n  - kind: Gateway\n    group: gateway.networking.k8s.io\n    name: waypoint\n  jwtRules:\n  - issuer: "https://issuer.example"\n'), at: '1#spec.jwtRules[0]', layer: 'L7', enforcer: 'istio-waypoint', action: 'authenticate', noCodes: ['ML4005'] },
  { id: '42 ztunnel DENY notPrincipals waypoint SA', yaml: yamlDocs(ambient('foo'), ap('foo', '  selector:\n    matchLabels:\n      app: reviews\n  action: DENY\n  rules:\n  - from:\n    - source:\n        notPrincipals: ["cluster.local/ns/foo/sa/waypoint"]\n')), at: '1#spec.rules[0]', layer: 'L4', enforcer: 'istio-ztunnel', action: 'deny', effect: 'enforced' },
];

describe('semantics.md §E cases', () => {
  it.each(cases)('$id', (c) => {
    const result = analyzeWorkspaceText(c.yaml, c.override);
    if (!c.at) {
      expect(result.rules).toEqual([]);
      return;
    }
    const rule = result.rule(c.at);
    if (c.layer) expect(rule.layer).toBe(c.layer);
    if (c.enforcer) expect(rule.enforcer).toBe(c.enforcer);
    if (c.effect) expect(rule.effect).toBe(c.effect);
    if (c.action) expect(rule.action).toBe(c.action);
    if (c.mode) expect(rule.mode).toBe(c.mode);
    if (c.summary) expect(rule.summary).toMatch(c.summary);
    if (c.note) expect(rule.note).toMatch(c.note);
    for (const code of c.codes ?? []) expect(result.codes()).toContain(code);
    for (const code of c.noCodes ?? []) expect(result.codes()).not.toContain(code);
    // Every rule of every case has a layer and an enforcer.
    for (const r of result.rules) expect([r.layer, r.enforcer].every(Boolean)).toBe(true);
  });
});
