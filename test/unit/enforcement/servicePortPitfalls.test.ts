// Issue 11 item 7 (ML4017): policy ports are pod ports, matched after the Service's port → targetPort
// translation. Sources: cilium Documentation/security/policy/language.rst (Layer 4); istio/api
// authorization_policy.proto Operation.ports ("workload ports", istio/api PR 3075); kubernetes
// NetworkPolicyPort.port ("the port on the given protocol" of the pod).
import { describe, expect, it } from 'vitest';
import { analyzeWorkspaceText, yamlDocs } from './analyzeWorkspaceText';

const service = (port: number, targetPort: number | string, selector = 'app: web'): string =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    ${selector}\n  ports:\n  - name: http\n    port: ${port}\n    targetPort: ${targetPort}\n`;

const cnpIngress = (port: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  endpointSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - fromEndpoints:\n    - {}\n    toPorts:\n    - ports:\n      - port: ${port}\n        protocol: TCP\n`;
const cnpEgress = (port: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  endpointSelector: {}\n  egress:\n  - toEndpoints:\n    - matchLabels:\n        k8s:app: web\n        k8s:io.kubernetes.pod.namespace: shop\n    toPorts:\n    - ports:\n      - port: ${port}\n        protocol: TCP\n`;
const ap = (port: string) =>
  `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  selector:\n    matchLabels:\n      app: web\n  rules:\n  - to:\n    - operation:\n        ports: [${port}]\n`;
const netpol = (port: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n  - ports:\n    - port: ${port}\n`;

function ml4017(text: string) {
  const result = analyzeWorkspaceText(text);
  return result.findings.filter((f) => f.code === 'ML4017').map((f) => ({ text: text.slice(f.span.start, f.span.end), data: f.data, message: f.message }));
}

describe('ML4017: the Service port where the pod port is meant', () => {
  it.each([
    ['Cilium ingress toPorts', cnpIngress('"80"'), '"80"', '"8080"'],
    ['Cilium egress toEndpoints (k8s: prefixed labels)', cnpEgress('"80"'), '"80"', '"8080"'],
    ['Istio to.operation.ports', ap('"80"'), '"80"', '"8080"'],
    ['NetworkPolicy ingress port (an integer)', netpol('80'), '80', '8080'],
  ])('%s', (_name, policy, marked, replaceWith) => {
    const found = ml4017(yamlDocs(service(80, 8080), policy));
    expect(found.map((f) => [f.text, f.data])).toEqual([[marked, { replaceWith }]]);
    expect(found[0].message).toMatch(/Service shop\/web, which sends it to port 8080/);
  });

  it.each([
    ['the rule already names the targetPort', yamlDocs(service(80, 8080), cnpIngress('"8080"'))],
    ['port and targetPort are the same', yamlDocs(service(80, 80), cnpIngress('"80"'))],
    ['the Service selects other pods', yamlDocs(service(80, 8080, 'app: db'), cnpIngress('"80"'))],
    ['a named targetPort (resolved per pod)', yamlDocs(service(80, '"http"'), cnpIngress('"80"'))],
    ['a pod of the subject listens on the port too', yamlDocs(service(80, 8080), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\n  namespace: shop\n  labels:\n    app: web\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - containerPort: 80\n', cnpIngress('"80"'))],
    ['an Istio policy attached with targetRefs', yamlDocs(service(80, 8080), ap('"80"').replace('  selector:\n    matchLabels:\n      app: web\n', '  targetRefs:\n  - kind: Service\n    group: ""\n    name: web\n'))],
    ['no Service in the workspace', cnpIngress('"80"')],
  ])('stays quiet when %s', (_name, text) => {
    expect(ml4017(text)).toEqual([]);
  });
});
