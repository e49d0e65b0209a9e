// Starting points offered by completion in an empty YAML document: one small, valid policy per kind,
// as LSP snippets. Each mirrors the minimal example of its upstream reference page.
import type { PolicyKindName } from '../policyKinds';

export interface PolicySkeleton {
  readonly kind: PolicyKindName;
  readonly snippet: string;
  readonly source: string;
}

export const policySkeletons: readonly PolicySkeleton[] = [
  {
    kind: 'CiliumNetworkPolicy',
    snippet:
      'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: ${1:allow-frontend}\n  namespace: ${2:default}\nspec:\n  endpointSelector:\n    matchLabels:\n      ${3:app}: ${4:backend}\n  ingress:\n    - fromEndpoints:\n        - matchLabels:\n            ${5:app}: ${6:frontend}\n      toPorts:\n        - ports:\n            - port: "${7:8080}"\n              protocol: TCP\n',
    source: 'https://docs.cilium.io/en/stable/security/policy/language/ (Layer 3 / Layer 4 examples)',
  },
  {
    kind: 'CiliumClusterwideNetworkPolicy',
    snippet:
      'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: ${1:allow-dns}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints:\n        - matchLabels:\n            k8s:io.kubernetes.pod.namespace: kube-system\n            k8s-app: kube-dns\n      toPorts:\n        - ports:\n            - port: "53"\n              protocol: ANY\n',
    source: 'https://docs.cilium.io/en/stable/security/policy/language/ (DNS egress example)',
  },
  {
    kind: 'AuthorizationPolicy',
    snippet:
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: ${1:allow-get}\n  namespace: ${2:default}\nspec:\n  selector:\n    matchLabels:\n      ${3:app}: ${4:backend}\n  action: ${5|ALLOW,DENY,AUDIT,CUSTOM|}\n  rules:\n    - from:\n        - source:\n            principals: ["${6:cluster.local/ns/default/sa/frontend}"]\n      to:\n        - operation:\n            methods: ["GET"]\n',
    source: 'https://istio.io/latest/docs/reference/config/security/authorization-policy/',
  },
  {
    kind: 'PeerAuthentication',
    snippet:
      'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: ${1:default}\n  namespace: ${2:default}\nspec:\n  mtls:\n    mode: ${3|STRICT,PERMISSIVE,DISABLE,UNSET|}\n',
    source: 'https://istio.io/latest/docs/reference/config/security/peer_authentication/',
  },
  {
    kind: 'RequestAuthentication',
    snippet:
      'apiVersion: security.istio.io/v1\nkind: RequestAuthentication\nmetadata:\n  name: ${1:jwt}\n  namespace: ${2:default}\nspec:\n  selector:\n    matchLabels:\n      ${3:app}: ${4:backend}\n  jwtRules:\n    - issuer: "${5:https://issuer.example.com}"\n      jwksUri: "${6:https://issuer.example.com/.well-known/jwks.json}"\n',
    source: 'https://istio.io/latest/docs/reference/config/security/request_authentication/',
  },
  {
    kind: 'NetworkPolicy',
    snippet:
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${1:allow-frontend}\n  namespace: ${2:default}\nspec:\n  podSelector:\n    matchLabels:\n      ${3:app}: ${4:backend}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              ${5:app}: ${6:frontend}\n      ports:\n        - protocol: TCP\n          port: ${7:8080}\n',
    source: 'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
  },
];
