// Quick fixes: each asserted on the exact edit (range and text) and on the text it produces, which keeps the
// user's comments and formatting. Findings come from the real analysis (analyzeText + analyzeEnforcement).
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace } from '../../../server/src/analysis/enforcement/analyzeEnforcement';
import { codeActionsAt, editDistance, type CodeActionSuggestion, type SpanEdit } from '../../../server/src/analysis/features/codeActions';
import { workspaceValueIndex } from '../../../server/src/analysis/features/workspaceValues';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { schemaAt } from '../../../server/src/analysis/schema/schemaCatalog';

const URI = 'file:///p.yaml';
const NS_URI = 'file:///ns.yaml';

function actionsFor(text: string, workspace: { uri: string; text: string }[] = [], dataplaneMode: 'auto' | 'ambient' | 'sidecar' = 'auto'): CodeActionSuggestion[] {
  const analysis = analyzeText(text);
  const others = workspace.map((f) => ({ key: f.uri, analysis: analyzeText(f.text) }));
  const enforcement = buildEnforcementWorkspace([{ key: URI, analysis }, ...others], dataplaneMode, 'default');
  const findings = [...analysis.findings, ...analyzeEnforcement(analysis, enforcement).flatMap((d) => d.findings)];
  const model = analyzeWorkspaceTraffic([{ file: URI, text }, ...workspace.map((f) => ({ file: f.uri, text: f.text }))], { dataplaneMode }).model;
  return codeActionsAt({ uri: URI, text, analysis, schemaAt, workspace: () => workspaceValueIndex(model.inventory), defaultNamespace: 'default' }, findings, { start: 0, end: text.length });
}

function apply(text: string, edits: readonly SpanEdit[]): string {
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, edit.span.start) + edit.newText + out.slice(edit.span.end);
  return out;
}

function only(actions: CodeActionSuggestion[], code: string): CodeActionSuggestion {
  const hits = actions.filter((a) => a.fixes?.code === code);
  expect(hits, actions.map((a) => `${a.fixes?.code} ${a.title}`).join('\n')).toHaveLength(1);
  return hits[0];
}

describe('quick fixes', () => {
  it('ML4017: replaces the Service port with its targetPort, quoted as written (cilium policy language.rst: toPorts match the pod port)', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    app: web\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n';
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromEndpoints:\n    - {}\n    toPorts:\n    - ports:\n      - port: "80" # the web port\n        protocol: TCP\n';
    const action = only(actionsFor(text, [{ uri: 'file:///svc.yaml', text: service }]), 'ML4017');
    const start = text.indexOf('"80"');
    expect(action.edits).toEqual([{ uri: URI, span: { start, end: start + 4 }, newText: '"8080"' }]);
    expect(apply(text, action.edits)).toBe(text.replace('"80" # the web port', '"8080" # the web port'));
  });

  it('ML1003: corrects the case of an enum value, keeping its quotes (cilium PortProtocol.Protocol enum)', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\nspec:\n  endpointSelector: {}\n  ingress:\n    - toPorts:\n        - ports:\n            - port: "80"\n              protocol: "tcp" # web\n`;
    const action = only(actionsFor(text), 'ML1003');
    const start = text.indexOf('"tcp"');
    expect(action.edits).toEqual([{ uri: URI, span: { start, end: start + 5 }, newText: '"TCP"' }]);
    expect(apply(text, action.edits)).toBe(text.replace('"tcp"', '"TCP"'));
    expect(action.title).toBe("Change to 'TCP'");
  });

  it('ML1001: renames a misspelled key to the nearest key the schema allows there', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\nspec:\n  endpointSelector: {}\n  ingress:\n    - toPort:   # typo\n        - ports:\n            - port: "80"\n`;
    const action = only(actionsFor(text), 'ML1001');
    const start = text.indexOf('toPort:');
    expect(action.edits).toEqual([{ uri: URI, span: { start, end: start + 'toPort'.length }, newText: 'toPorts' }]);
    expect(apply(text, action.edits)).toBe(text.replace('toPort:', 'toPorts:'));
  });

  it('ML1001: offers nothing when no key is clearly nearest', () => {
    const text = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\nspec:\n  endpointSelector: {}\n  zzzzzzzz: 1\n`;
    expect(actionsFor(text).filter((a) => a.fixes?.code === 'ML1001')).toEqual([]);
  });

  it('ML3019: upper-cases an Istio HTTP method', () => {
    const text = `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  rules:\n    - to:\n        - operation:\n            methods: ["get"]\n`;
    const action = only(actionsFor(text), 'ML3019');
    expect(apply(text, action.edits)).toBe(text.replace('["get"]', '["GET"]'));
  });

  it('ML4010: adds the kube-dns egress item with a DNS rule after the last egress item', () => {
    const text = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata:',
      '  name: p',
      'spec:',
      '  endpointSelector: {}',
      '  egress:',
      '    # external API',
      '    - toFQDNs:',
      '        - matchName: api.example.com',
      '      toPorts:',
      '        - ports: [{ port: "443", protocol: TCP }]',
      '',
    ].join('\n');
    const action = only(actionsFor(text), 'ML4010');
    const at = text.indexOf(' }]') + 3;
    expect(action.edits).toHaveLength(1);
    expect(action.edits[0].span).toEqual({ start: at, end: at });
    const fixed = apply(text, action.edits);
    expect(fixed).toBe([
      ...text.split('\n').slice(0, 12),
      '    - toEndpoints:',
      '        - matchLabels:',
      '            "k8s:io.kubernetes.pod.namespace": kube-system',
      '            "k8s:k8s-app": kube-dns',
      '      toPorts:',
      '        - ports:',
      '            - port: "53"',
      '              protocol: ANY',
      '          rules:',
      '            dns:',
      '              - matchPattern: "*"',
      '',
    ].join('\n'));
    // The fixed policy no longer has the finding.
    expect(actionsFor(fixed).filter((a) => a.fixes?.code === 'ML4010')).toEqual([]);
  });

  it('ML2004: splits an item mixing peer kinds, copying the shared ports, comments kept', () => {
    const text = [
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'metadata:',
      '  name: p',
      'spec:',
      '  endpointSelector: {}',
      '  ingress:',
      '    - fromEndpoints:',
      '        - matchLabels: { app: web } # the frontend',
      '      fromCIDR:',
      '        - 10.0.0.0/8',
      '      toPorts:',
      '        - ports: [{ port: "80", protocol: TCP }]',
      '',
    ].join('\n');
    const action = only(actionsFor(text), 'ML2004');
    expect(action.title).toBe('Split fromCIDR into separate ingress items');
    const fixed = apply(text, action.edits);
    expect(fixed).toBe([
      ...text.split('\n').slice(0, 9),
      '      toPorts:',
      '        - ports: [{ port: "80", protocol: TCP }]',
      '    - fromCIDR:',
      '        - 10.0.0.0/8',
      '      toPorts:',
      '        - ports: [{ port: "80", protocol: TCP }]',
      '',
    ].join('\n'));
    expect(analyzeText(fixed).findings.filter((f) => f.code === 'ML2004')).toEqual([]);
  });

  const ambientWorkspace = [
    {
      uri: NS_URI,
      text: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    istio.io/dataplane-mode: ambient # enrolled\n---\napiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: shop-waypoint, namespace: shop }\nspec:\n  gatewayClassName: istio-waypoint\n  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: api, namespace: shop }\nspec:\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers: [{ name: c }]\n',
    },
  ];

  it('ML4001: moves an ambient L7 policy from selector to targetRefs on the waypoint, naming it', () => {
    const text = [
      'apiVersion: security.istio.io/v1',
      'kind: AuthorizationPolicy',
      'metadata:',
      '  name: p',
      '  namespace: shop',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: api',
      '  action: ALLOW',
      '  rules:',
      '    - to:',
      '        - operation:',
      '            methods: ["GET"]',
      '',
    ].join('\n');
    const actions = actionsFor(text, ambientWorkspace).filter((a) => a.fixes?.code === 'ML4001');
    expect(actions.length).toBe(1);
    expect(actions[0].title).toBe('Attach to waypoint shop/shop-waypoint with targetRefs instead of selector');
    const start = text.indexOf('selector:');
    expect(actions[0].edits[0].span).toEqual({ start, end: text.indexOf('      app: api') + '      app: api'.length });
    expect(apply(text, actions[0].edits)).toBe(text.replace('selector:\n    matchLabels:\n      app: api', 'targetRefs:\n    - kind: Gateway\n      group: gateway.networking.k8s.io\n      name: shop-waypoint'));
  });

  it('ML4018: attaches a policy matching client identities to the waypoint the finding names (istio ambient: behind a waypoint ztunnel sees its identity)', () => {
    const service = { uri: 'file:///svc.yaml', text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\n  labels:\n    istio.io/use-waypoint: shop-waypoint\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n' };
    const text = [
      'apiVersion: security.istio.io/v1',
      'kind: AuthorizationPolicy',
      'metadata:',
      '  name: p',
      '  namespace: shop',
      'spec:',
      '  selector:',
      '    matchLabels:',
      '      app: api # the API pods',
      '  action: ALLOW',
      '  rules:',
      '    - from:',
      '        - source:',
      '            principals: ["cluster.local/ns/shop/sa/web"]',
      '',
    ].join('\n');
    const action = only(actionsFor(text, [...ambientWorkspace, service]), 'ML4018');
    expect(action.title).toBe('Attach to waypoint shop/shop-waypoint with targetRefs instead of selector');
    const start = text.indexOf('selector:');
    expect(action.edits).toEqual([{ uri: URI, span: { start, end: text.indexOf(' # the API pods') + ' # the API pods'.length }, newText: 'targetRefs:\n    - kind: Gateway\n      group: gateway.networking.k8s.io\n      name: shop-waypoint' }]);
    expect(apply(text, action.edits)).toBe(text.replace('selector:\n    matchLabels:\n      app: api # the API pods', 'targetRefs:\n    - kind: Gateway\n      group: gateway.networking.k8s.io\n      name: shop-waypoint'));
  });

  it('ML4006: labels the Namespace manifest in the workspace with istio.io/use-waypoint', () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  targetRefs:\n    - kind: Service\n      group: ""\n      name: api\n  rules:\n    - to:\n        - operation:\n            methods: ["GET"]\n';
    const action = only(actionsFor(text, ambientWorkspace), 'ML4006');
    const nsText = ambientWorkspace[0].text;
    const at = nsText.indexOf(' # enrolled') + ' # enrolled'.length;
    expect(action.edits).toEqual([{ uri: NS_URI, span: { start: at, end: at }, newText: '\n    istio.io/use-waypoint: shop-waypoint' }]);
    expect(action.title).toBe('Label Namespace shop with istio.io/use-waypoint=shop-waypoint');
  });

  it('rewrites the deprecated targetRef into a targetRefs list', () => {
    const text = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  targetRef:\n    kind: Gateway # the waypoint\n    group: gateway.networking.k8s.io\n    name: shop-waypoint\n  action: DENY\n  rules:\n    - {}\n';
    const at = text.indexOf('targetRef');
    const actions = codeActionsAt({ uri: URI, text, analysis: analyzeText(text), schemaAt, workspace: () => undefined, defaultNamespace: 'default' }, [], { start: at, end: at });
    expect(actions.map((a) => a.title)).toEqual(['Replace the deprecated targetRef with targetRefs']);
    expect(apply(text, actions[0].edits)).toBe(text.replace('targetRef:\n    kind: Gateway # the waypoint\n    group: gateway.networking.k8s.io\n    name: shop-waypoint', 'targetRefs:\n    - kind: Gateway # the waypoint\n      group: gateway.networking.k8s.io\n      name: shop-waypoint'));
  });

  it('measures edit distance with transpositions', () => {
    expect(editDistance('ingres', 'ingress')).toBe(1);
    expect(editDistance('igness', 'ingress')).toBe(2);
    expect(editDistance('tpoPorts', 'toPorts')).toBe(1);
  });
});
