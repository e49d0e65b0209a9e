// Each ML4xxx code not already driven by the §E cases, plus the negative and unknown-mode behaviour
// of the pitfall runner, and a guard that every registered ML4xxx code is produced by some test input.
import { describe, expect, it } from 'vitest';
import { allFindingCodes } from '../../../server/src/analysis/findings/findingCodes';
import { analyzeWorkspaceText, yamlDocs } from './analyzeWorkspaceText';

const ambientNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio.io/dataplane-mode: ambient\n';
const sidecarNs = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: foo\n  labels:\n    istio-injection: enabled\n';
const apWithMethods = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ap\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: web\n  rules:\n  - to:\n    - operation:\n        methods: ["GET"]\n';

/** One input per ML4xxx code; the test below checks each yields its code. */
export const pitfallSamples: Readonly<Record<string, string>> = {
  ML4001: yamlDocs(ambientNs, apWithMethods),
  ML4002: yamlDocs(ambientNs, apWithMethods.replace('  rules:', '  action: DENY\n  rules:')),
  ML4003: yamlDocs(ambientNs, apWithMethods.replace('  rules:', '  action: DENY\n  rules:').replace('        methods: ["GET"]', '        methods: ["GET"]\n        ports: ["8080"]')),
  ML4004: yamlDocs(ambientNs, apWithMethods.replace('  rules:', '  action: CUSTOM\n  provider:\n    name: ext\n  rules:')),
  ML4005: yamlDocs(ambientNs, 'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: jwt\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: web\n  jwtRules:\n  - issuer: https://issuer.example\n'),
  ML4006: yamlDocs(ambientNs, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n', apWithMethods.replace('  selector:\n    matchLabels:\n      app: web\n', '  targetRefs:\n  - kind: Service\n    group: ""\n    name: web\n')),
  ML4007: yamlDocs(sidecarNs, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  selector:\n    app: web\n  ports:\n  - name: tcp\n    port: 9000\n', apWithMethods.replace('  rules:', '  action: DENY\n  rules:')),
  ML4008: yamlDocs(sidecarNs, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: foo\nspec:\n  selector:\n    app: web\n  ports:\n  - name: mongo\n    port: 27017\n', apWithMethods),
  ML4009: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n      rules:\n        http:\n        - method: GET\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: b\n  namespace: shop\nspec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n',
  ML4010: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toFQDNs:\n    - matchPattern: "*.example.com"\n',
  ML4011: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDR: []\n',
  ML4012: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  ingress:\n  - fromEndpoints:\n    - {}\n',
  ML4013: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  podSelector: {}\n  egress:\n  - to:\n    - ipBlock:\n        cidr: 192.168.10.0/24\n',
  ML4014: yamlDocs(ambientNs, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: foo\nspec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n      rules:\n        http:\n        - method: GET\n'),
  ML4015: yamlDocs(ambientNs, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: foo\nspec:\n  endpointSelector: {}\n  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n'),
  ML4016: yamlDocs(ambientNs, 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: foo\nspec:\n  endpointSelector: {}\n  ingress:\n  - fromEntities:\n    - cluster\n'),
  ML4017: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - port: 80\n    targetPort: 8080\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - ports:\n    - port: 80\n',
  ML4018: yamlDocs(ambientNs.replace('istio.io/dataplane-mode: ambient', 'istio.io/dataplane-mode: ambient\n    istio.io/use-waypoint: wp'), 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: a\n  namespace: foo\nspec:\n  selector:\n    matchLabels:\n      app: web\n  rules:\n  - from:\n    - source:\n        namespaces: ["bar"]\n'),
  ML4019: 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDRSet:\n    - cidrGroupRef: partners\n',
};

describe('enforcement pitfalls', () => {
  it.each(Object.entries(pitfallSamples))('%s is produced by its sample', (code, yaml) => {
    const result = analyzeWorkspaceText(yaml);
    expect(result.codes()).toContain(code);
    const finding = result.findings.find((f) => f.code === code)!;
    // The span points into the text and the message is plain words, not a stack trace.
    expect(finding.span.end).toBeGreaterThan(finding.span.start);
    expect(finding.message).not.toMatch(/at .*\.ts:\d+/);
  });

  it('has a sample for every registered ML4xxx code', () => {
    const registered = allFindingCodes.filter((c) => c.code.startsWith('ML4')).map((c) => c.code);
    expect(registered.length).toBeGreaterThan(10);
    expect(Object.keys(pitfallSamples).sort()).toEqual([...registered].sort());
  });

  it('names the dropped HTTP fields in the ztunnel warning', () => {
    const result = analyzeWorkspaceText(pitfallSamples.ML4001);
    const finding = result.findings.find((f) => f.code === 'ML4001')!;
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('methods');
    expect(result.text.slice(finding.span.start, finding.span.end)).toBe('methods');
  });

  it('names each dropped HTTP field once when several operations use it (examples/policies/istio/payments.yaml)', () => {
    const twoOperations = apWithMethods.replace('        methods: ["GET"]\n', '        methods: ["POST"]\n        paths: ["/a"]\n    - operation:\n        methods: ["GET"]\n        paths: ["/b"]\n');
    const result = analyzeWorkspaceText(yamlDocs(ambientNs, twoOperations));
    const finding = result.findings.find((f) => f.code === 'ML4001')!;
    expect(finding.message).toContain('ztunnel cannot read methods, paths:');
    expect(result.rule('1#spec.rules[0]').note).toContain('ztunnel cannot read methods, paths:');
  });

  it('reports the ambient outcome as information when the mode is unknown', () => {
    const result = analyzeWorkspaceText(apWithMethods);
    const finding = result.findings.find((f) => f.code === 'ML4001')!;
    expect(finding.severity).toBe('information');
    expect(finding.message).toMatch(/^If these workloads run in ambient mode/);
    const rule = result.rule('spec.rules[0]');
    expect(rule.mode).toBe('unknown');
    expect(rule.enforcer).toBe('istio-sidecar');
    expect(rule.alternatives?.map((a) => [a.enforcer, a.layer, a.effect])).toEqual([['istio-ztunnel', 'L7', 'dropped']]);
  });

  it('the setting overrides workspace labels', () => {
    const result = analyzeWorkspaceText(yamlDocs(sidecarNs, apWithMethods), 'ambient');
    expect(result.rule('1#spec.rules[0]').enforcer).toBe('istio-ztunnel');
    expect(result.findings.find((f) => f.code === 'ML4001')?.severity).toBe('warning');
  });

  it('does not warn about ztunnel for sidecar workloads or waypoint-bound policies', () => {
    expect(analyzeWorkspaceText(yamlDocs(sidecarNs, apWithMethods)).codes()).not.toContain('ML4001');
    const waypoint = apWithMethods.replace('  selector:\n    matchLabels:\n      app: web\n', '  targetRefs:\n  - kind: Gateway\n    name: waypoint\n');
    expect(analyzeWorkspaceText(yamlDocs(ambientNs, waypoint)).codes()).not.toContain('ML4001');
  });

  it('a dry-run policy is not enforced and raises no ztunnel pitfall', () => {
    const dryRun = apWithMethods.replace('  namespace: foo\n', '  namespace: foo\n  annotations:\n    istio.io/dry-run: "true"\n');
    const result = analyzeWorkspaceText(yamlDocs(ambientNs, dryRun));
    expect(result.rule('1#spec.rules[0]').effect).toBe('ignored');
    expect(result.rule('1#spec.rules[0]').note).toMatch(/dry-run/);
    expect(result.codes()).not.toContain('ML4001');
  });

  it('an L4 allow for a different port does not cancel L7 rules', () => {
    const yaml = pitfallSamples.ML4009.replace(/port: "80"\n$/, 'port: "81"\n');
    expect(analyzeWorkspaceText(yaml).codes()).not.toContain('ML4009');
  });

  it('a DNS rule in a cluster-wide policy feeds toFQDNs in namespaced ones', () => {
    const dns = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: dns\nspec:\n  endpointSelector: {}\n  egress:\n  - toPorts:\n    - ports:\n      - port: "53"\n      rules:\n        dns:\n        - matchPattern: "*"\n';
    expect(analyzeWorkspaceText(yamlDocs(pitfallSamples.ML4010, dns)).codes()).not.toContain('ML4010');
  });

  it('allowing 15008 satisfies the HBONE check', () => {
    const yaml = pitfallSamples.ML4015.replace('      - port: "80"\n', '      - port: "80"\n      - port: "15008"\n');
    expect(analyzeWorkspaceText(yaml).codes()).not.toContain('ML4015');
  });

  it('public CIDRs are not flagged', () => {
    expect(analyzeWorkspaceText(pitfallSamples.ML4013.replace('192.168.10.0/24', '8.8.8.0/24')).codes()).not.toContain('ML4013');
  });
});

describe('CIDR pitfall per list', () => {
  it('reports a list of private CIDRs once, with how many and examples', () => {
    const cidrs = Array.from({ length: 1000 }, (_, i) => `    - 10.0.${i >> 8}.${i & 255}/32`).join('\n');
    const yaml = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toCIDR:\n${cidrs}\n    - 8.8.8.8/32\n`;
    const result = analyzeWorkspaceText(yaml);
    const found = result.findings.filter((f) => f.code === 'ML4013');
    expect(found).toHaveLength(1);
    expect(found[0].message).toMatch(/^1000 of these CIDRs \(10\.0\.0\.0\/32, 10\.0\.0\.1\/32, 10\.0\.0\.2\/32, …\) lie in 10\.0\.0\.0\/8/);
    expect(yaml.slice(found[0].span.start, found[0].span.end)).toBe('toCIDR');
  });
});
