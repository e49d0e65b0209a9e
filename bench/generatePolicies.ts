// Generates a multi-document file of N realistic policy documents of mixed kinds (CNP, CCNP, the three
// Istio kinds, Kubernetes NetworkPolicy), each valid, with unique names, for the LSP bench.

const templates: readonly ((i: number) => string)[] = [
  (i) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: cnp-${i}
  namespace: team-${i % 7}
spec:
  endpointSelector:
    matchLabels:
      app: api-${i}
  ingress:
    - fromEndpoints:
        - matchLabels:
            app: web-${i}
      toPorts:
        - ports:
            - port: "8080"
              protocol: TCP
          rules:
            http:
              - method: GET
                path: /v1/items/.*
  egress:
    - toEntities: [kube-apiserver]
    - toFQDNs:
        - matchPattern: "*.example.com"
      toPorts:
        - ports:
            - port: "443"
              protocol: TCP
`,
  (i) => `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata:
  name: ccnp-${i}
spec:
  endpointSelector:
    matchLabels:
      tier: db-${i}
  ingress:
    - fromCIDRSet:
        - cidr: 10.${i % 250}.0.0/16
          except: [10.${i % 250}.1.0/24]
      toPorts:
        - ports:
            - port: "5432"
              protocol: TCP
`,
  (i) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ap-${i}
  namespace: team-${i % 7}
spec:
  selector:
    matchLabels:
      app: reviews-${i}
  action: ALLOW
  rules:
    - from:
        - source:
            principals: ["cluster.local/ns/team-${i % 7}/sa/frontend"]
      to:
        - operation:
            methods: ["GET", "POST"]
            paths: ["/api/*"]
      when:
        - key: request.headers[x-team]
          values: ["blue"]
`,
  (i) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: pa-${i}
  namespace: team-${i % 7}
spec:
  selector:
    matchLabels:
      app: ledger-${i}
  mtls:
    mode: STRICT
  portLevelMtls:
    "9090":
      mode: PERMISSIVE
`,
  (i) => `apiVersion: security.istio.io/v1
kind: RequestAuthentication
metadata:
  name: ra-${i}
  namespace: team-${i % 7}
spec:
  selector:
    matchLabels:
      app: gateway-${i}
  jwtRules:
    - issuer: https://issuer-${i}.example.com
      jwksUri: https://issuer-${i}.example.com/.well-known/jwks.json
`,
  (i) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np-${i}
  namespace: team-${i % 7}
spec:
  podSelector:
    matchLabels:
      app: cache-${i}
  policyTypes: [Ingress, Egress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: team-${(i + 1) % 7}
      ports:
        - protocol: TCP
          port: 6379
  egress:
    - to:
        - ipBlock:
            cidr: 10.0.0.0/8
`,
];

export function generatePolicies(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) docs.push(templates[i % templates.length](i));
  return docs.join('---\n');
}
