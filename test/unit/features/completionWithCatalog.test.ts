// Completion and hover against the real generated schemas (schema/schemaCatalog.ts), for each family.
import { describe, expect, it } from 'vitest';
import { completionAt } from '../../../server/src/analysis/features/completion';
import { hoverAt } from '../../../server/src/analysis/features/hover';
import { schemaAt } from '../../../server/src/analysis/schema/schemaCatalog';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { policySkeletons } from '../../../server/src/analysis/features/policySkeletons';

function labels(marked: string): string[] {
  return completionAt(marked.replace('$0', ''), marked.indexOf('$0'), schemaAt).map((i) => i.label);
}

describe('completion with the generated schemas', () => {
  it('Cilium: rule keys, entities and L4 protocols', () => {
    const head = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: a\nspec:\n';
    expect(labels(`${head}  endpointSelector: {}\n  $0\n`)).toEqual(expect.arrayContaining(['ingress', 'egress', 'ingressDeny', 'egressDeny', 'enableDefaultDeny']));
    expect(labels(`${head}  egress:\n  - toEntities:\n    - $0\n`)).toEqual(expect.arrayContaining(['world', 'cluster', 'kube-apiserver']));
    expect(labels(`${head}  ingress:\n  - toPorts:\n    - ports:\n      - port: "80"\n        protocol: $0\n`)).toEqual(expect.arrayContaining(['TCP', 'UDP', 'ANY']));
  });

  it('Istio: actions, mTLS modes under portLevelMtls map entries, HTTP methods', () => {
    const ap = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nspec:\n';
    expect(labels(`${ap}  action: $0\n`)).toEqual(['ALLOW', 'DENY', 'AUDIT', 'CUSTOM']);
    expect(labels(`${ap}  rules:\n  - to:\n    - operation:\n        methods: ["$0"]\n`)).toContain('DELETE');
    const pa = 'apiVersion: security.istio.io/v1beta1\nkind: PeerAuthentication\nspec:\n';
    expect(labels(`${pa}  mtls:\n    mode: $0\n`)).toEqual(expect.arrayContaining(['STRICT', 'PERMISSIVE', 'DISABLE']));
    expect(labels(`${pa}  portLevelMtls:\n    "9090":\n      mode: $0\n`)).toEqual(expect.arrayContaining(['STRICT', 'PERMISSIVE']));
  });

  it('Kubernetes NetworkPolicy: spec keys with required podSelector first, and port protocols', () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec:\n';
    const items = completionAt(`${np}  `, np.length + 2, schemaAt);
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['podSelector', 'policyTypes', 'ingress', 'egress']));
    expect(labels(`${np}  ingress:\n  - ports:\n    - protocol: $0\n`)).toEqual(['TCP', 'UDP', 'SCTP']);
  });

  it('hover describes a real field with its upstream description', () => {
    const text = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nspec:\n  endpointSelector: {}\n';
    const result = hoverAt(text, text.indexOf('endpointSelector') + 3, schemaAt);
    expect(result?.markdown).toContain('**`spec.endpointSelector`** · object');
    expect(result?.markdown).toMatch(/EndpointSelector selects all endpoints/i);
  });

  it('every policy skeleton, expanded with its defaults, is a valid policy', () => {
    for (const skeleton of policySkeletons) {
      const expanded = skeleton.snippet.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1');
      const analysis = analyzeText(expanded);
      expect(analysis.documents[0].policy?.kind.kind, skeleton.kind).toBe(skeleton.kind);
      expect(analysis.findings.filter((f) => f.severity === 'error'), skeleton.kind).toEqual([]);
    }
  });
});
