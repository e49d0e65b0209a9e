// Value completion from the workspace model: label keys/values with the workloads they select, namespaces,
// principals, ports of the selected workloads, targetRefs, entities and FQDN patterns.
import { describe, expect, it } from 'vitest';
import { valueCompletionAt } from '../../../server/src/analysis/features/completionValues';
import { workspaceValueIndex } from '../../../server/src/analysis/features/workspaceValues';
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';

const workloads = `apiVersion: v1
kind: Namespace
metadata:
  name: shop
  labels:
    team: retail
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    metadata:
      labels: { app: web, tier: front }
    spec:
      serviceAccountName: web-sa
      containers:
        - name: c
          ports: [{ containerPort: 8080, name: http }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  replicas: 2
  template:
    metadata:
      labels: { app: api, tier: back }
    spec:
      containers:
        - name: c
          ports: [{ containerPort: 9090, name: grpc }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker, namespace: shop }
spec:
  template:
    metadata:
      labels: { app: worker, tier: back }
    spec:
      containers: [{ name: c }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: other, namespace: ops }
spec:
  template:
    metadata:
      labels: { app: web, tier: ops }
    spec:
      containers: [{ name: c }]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: { name: waypoint, namespace: shop }
spec:
  gatewayClassName: istio-waypoint
  listeners: [{ name: mesh, port: 15008, protocol: HBONE }]
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: shop }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 9090 }]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: dns, namespace: shop }
spec:
  endpointSelector: {}
  egress:
    - toFQDNs: [{ matchName: api.example.com }]
`;

const index = workspaceValueIndex(analyzeWorkspaceTraffic([{ file: 'w.yaml', text: workloads }]).model.inventory);

function at(text: string): { text: string; offset: number } {
  const offset = text.indexOf('|');
  return { text: text.slice(0, offset) + text.slice(offset + 1), offset };
}

function complete(template: string) {
  const { text, offset } = at(template);
  return valueCompletionAt(text, offset, index);
}

const cnp = (body: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${body}`;

describe('value completion from the workspace', () => {
  it('offers label values of the policy namespace, ranked by how many workloads each selects', () => {
    const items = complete(cnp('  endpointSelector:\n    matchLabels:\n      tier: |\n'));
    expect(items.map((i) => [i.label, i.detail])).toEqual([
      ['back', 'selects 2 workloads in shop'],
      ['front', 'selects 1 workload in shop'],
    ]);
    expect(items[0].insertText).toBe('back');
  });

  it('counts values together with the labels already written in the same selector', () => {
    const items = complete(cnp('  endpointSelector:\n    matchLabels:\n      tier: back\n      app: |\n'));
    expect(items.map((i) => i.label)).toEqual(['api', 'worker']);
  });

  it('offers label keys with how many workloads carry them, and the namespace key in Cilium peers', () => {
    const keys = complete(cnp('  endpointSelector:\n    matchLabels:\n      |\n'));
    expect(keys.map((i) => i.label)).toEqual(['app', 'tier']);
    expect(keys[0].insertText).toBe('app: ');
    const peer = complete(cnp('  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            |\n'));
    const ns = peer.find((i) => i.label === 'k8s:io.kubernetes.pod.namespace');
    expect(ns?.insertText).toBe('"k8s:io.kubernetes.pod.namespace": ');
  });

  it('selects in the namespace a Cilium peer names', () => {
    const items = complete(cnp('  endpointSelector: {}\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            k8s:io.kubernetes.pod.namespace: ops\n            tier: |\n'));
    expect(items.map((i) => [i.label, i.detail])).toEqual([['ops', 'selects 1 workload in ops']]);
  });

  it('offers namespace labels in a namespaceSelector, counting workloads of the namespaces', () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              team: |\n';
    expect(complete(np).map((i) => [i.label, i.detail])).toEqual([['retail', '1 namespace, 3 workloads']]);
  });

  it('offers Istio principals from service accounts and namespaces in source.namespaces', () => {
    const ap = (line: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  rules:\n    - from:\n        - source:\n${line}`;
    const principals = complete(ap('            principals:\n              - |\n')).map((i) => i.label);
    expect(principals).toContain('cluster.local/ns/shop/sa/web-sa');
    expect(principals).toContain('cluster.local/ns/shop/sa/default');
    expect(complete(ap('            namespaces:\n              - |\n')).map((i) => i.label)).toEqual(['shop', 'ops']);
  });

  it('ranks the ports the selected workloads declare first, numbers quoted where the schema wants strings', () => {
    const items = complete(cnp('  endpointSelector:\n    matchLabels:\n      app: api\n  ingress:\n    - toPorts:\n        - ports:\n            - port: |\n'));
    expect(items.slice(0, 2).map((i) => i.label)).toEqual(['9090', 'grpc']);
    expect(items[0].insertText).toBe('"9090"');
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels:\n      app: web\n  ingress:\n    - ports:\n        - port: |\n';
    expect(complete(np)[0]).toMatchObject({ label: '8080', insertText: '8080' });
  });

  it('offers the waypoint first in targetRefs, then Services', () => {
    const ap = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n  targetRefs:\n    - kind: Gateway\n      group: gateway.networking.k8s.io\n      name: |\n';
    expect(complete(ap).map((i) => [i.label, i.detail])).toEqual([['waypoint', 'waypoint Gateway (istio-waypoint)'], ['api', 'Service']]);
  });

  it('offers Cilium entities and the FQDNs other DNS rules use', () => {
    expect(complete(cnp('  endpointSelector: {}\n  egress:\n    - toEntities:\n        - |\n')).map((i) => i.label)).toContain('kube-apiserver');
    expect(complete(cnp('  endpointSelector: {}\n  egress:\n    - toFQDNs:\n        - matchName: |\n')).map((i) => i.label)).toEqual(['api.example.com']);
  });

  it('offers nothing outside policy documents and never throws on broken text', () => {
    expect(complete('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: |\n')).toEqual([]);
    expect(complete(cnp('  endpointSelector:\n    matchLabels: {{{\n      app: |'))).toBeInstanceOf(Array);
  });
});
