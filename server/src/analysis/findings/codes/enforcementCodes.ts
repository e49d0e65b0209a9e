// ML4xxx: rules that land on a component that cannot enforce them (layer/enforcer pitfalls).
// Produced by server/src/analysis/enforcement/pitfalls; see ../shared/design/semantics.md §A, §B.5, §C.
import type { FindingCodeDoc } from '../codeDoc';

const ZC = 'istio/istio pilot/pkg/serviceregistry/ambient/authorization.go (+ authorization_test.go); istio/ztunnel src/rbac.rs';

export const enforcementCodes: readonly FindingCodeDoc[] = [
  {
    code: 'ML4001', name: 'ztunnel-drops-l7-allow-rule', severity: 'warning',
    title: 'ALLOW rule with HTTP attributes is dropped by ztunnel',
    doc: 'In ambient mode a selector or namespace-wide AuthorizationPolicy is enforced by ztunnel, which only sees L4. istiod omits every ALLOW rule that uses an HTTP attribute (methods, paths, hosts, requestPrincipals, remoteIpBlocks, non-L4 `when` keys). The policy becomes stricter than written; if all rules are dropped, the ALLOW policy matches nothing and every connection to the workloads is denied. Attach L7 rules to a waypoint with targetRefs instead.',
    upstream: ZC,
  },
  {
    code: 'ML4002', name: 'ztunnel-l7-deny-no-effect', severity: 'warning',
    title: 'DENY rule with HTTP attributes has no effect at ztunnel',
    doc: 'ztunnel strips HTTP attributes from a DENY rule; when a from/to/when clause is left with only empty matches, the clause can never match and the rule never fires. The DENY you wrote is a no-op in ambient mode (istio.io says such policies "drop all traffic", which is only true for ALLOW). Enforce it on a waypoint with targetRefs, or add an L4 condition.',
    upstream: `${ZC}; istio/istio releasenotes/notes/61126.yaml`,
  },
  {
    code: 'ML4003', name: 'ztunnel-l7-deny-widened', severity: 'warning',
    title: 'DENY rule loses its HTTP attributes at ztunnel and denies more',
    doc: 'ztunnel strips the HTTP attributes of a DENY rule and keeps the L4 remainder, so the rule denies every connection that matches the remainder (for example all traffic to the port, whatever the method). Use a waypoint with targetRefs for HTTP-level denies.',
    upstream: ZC,
  },
  {
    code: 'ML4004', name: 'ztunnel-unsupported-action', severity: 'warning',
    title: 'CUSTOM or AUDIT policy bound to ztunnel has no effect',
    doc: 'ztunnel does not support the CUSTOM (external authorization) or AUDIT actions. istiod does not convert the policy and sets ZtunnelAccepted=False; it has no effect on ambient workloads. Attach it to a waypoint with targetRefs.',
    upstream: `${ZC}; istio/istio pilot/pkg/model/service.go (ZtunnelAccepted)`,
  },
  {
    code: 'ML4005', name: 'request-authentication-needs-waypoint', severity: 'warning',
    title: 'RequestAuthentication on ambient workloads without targetRefs',
    doc: 'JWT validation is L7 and ztunnel cannot do it. In ambient mode a RequestAuthentication with a selector or namespace scope is not enforced; attach it to a waypoint (or gateway) with targetRefs, together with the AuthorizationPolicy that requires requestPrincipals.',
    upstream: 'istio/api security/v1beta1/request_authentication.proto; istio.io docs/ambient/usage/l7-features',
  },
  {
    code: 'ML4006', name: 'targetref-not-a-waypoint', severity: 'warning',
    title: 'targetRefs points at something no waypoint serves',
    doc: 'A policy with targetRefs is only picked up by a waypoint (or a Gateway API gateway). A Service or ServiceEntry target needs a waypoint bound with the istio.io/use-waypoint label on it or its namespace, and the kind must be Gateway, GatewayClass, Service or ServiceEntry; otherwise nothing enforces the policy (WaypointAccepted=False).',
    upstream: 'istio/istio pilot/pkg/model/policyattachment.go; pilot/pkg/serviceregistry/ambient/policies.go',
  },
  {
    code: 'ML4007', name: 'sidecar-http-deny-on-tcp-port', severity: 'warning',
    title: 'DENY with HTTP attributes on a plain TCP port denies all TCP traffic',
    doc: 'On a port the sidecar treats as plain TCP (Service port named tcp-*, tls, mongo, … or appProtocol tcp), Envoy ignores the HTTP attributes of a DENY rule and keeps the rest, so the rule denies every TCP connection in its scope. Name the port http-* if it carries HTTP, or scope the rule to another port.',
    upstream: 'istio/istio pilot/pkg/security/authz/model/model.go; istio.io docs/tasks/security/authorization/authz-tcp',
  },
  {
    code: 'ML4008', name: 'sidecar-http-allow-on-tcp-port', severity: 'warning',
    title: 'ALLOW with HTTP attributes on a plain TCP port never matches',
    doc: 'On a plain TCP port the sidecar skips an ALLOW rule that uses HTTP attributes entirely, so it allows nothing there; with no other ALLOW rule the workload refuses all connections on those ports.',
    upstream: 'istio/istio pilot/pkg/security/authz/builder/builder.go; istio.io docs/tasks/security/authorization/authz-tcp',
  },
  {
    code: 'ML4009', name: 'cilium-l7-cancelled-by-l4-allow', severity: 'warning',
    title: 'An L4-only allow cancels this L7 restriction',
    doc: 'Cilium merges rules per (peer, port). When another rule allows the same peer on the same port without L7 rules, the L7 portion has no effect: every request on that port passes. Remove the L4-only allow or add the same L7 rules to it.',
    upstream: 'cilium/cilium Documentation/security/policy/layer7.rst; pkg/policy/l4.go',
  },
  {
    code: 'ML4010', name: 'cilium-fqdn-without-dns-rule', severity: 'warning',
    title: 'toFQDNs without a DNS rule learns no IPs',
    doc: 'toFQDNs only matches IPs that the Cilium DNS proxy saw in DNS answers. Without an egress rule that sends the endpoint\'s DNS traffic through the proxy (toPorts 53 with rules.dns), nothing is learned and the FQDN traffic is dropped. The DNS rule must also cover the name: a `rules.dns` pattern for other domains lets the proxy see only those.',
    upstream: 'cilium/cilium Documentation/security/policy/layer3.rst (DNS based); layer7.rst (DNS)',
  },
  {
    code: 'ML4011', name: 'cilium-empty-peer-list', severity: 'warning',
    title: 'An explicitly empty peer list selects nothing',
    doc: 'A peer field written as an empty list (fromEndpoints: [], toCIDR: [], …) selects no peer at all, even together with toPorts; omitting the field means any peer. Remove the field to allow any peer on the ports, or list the peers.',
    upstream: 'cilium/cilium pkg/policy/utils/parserules.go; Documentation/security/policy/layer4.rst',
  },
  {
    code: 'ML4012', name: 'cilium-empty-endpoint-selector-scope', severity: 'information',
    title: '`fromEndpoints: [{}]` is limited to a namespace (CNP) or to Cilium-managed pods (CCNP)',
    doc: 'An empty endpoint selector in a CiliumNetworkPolicy gets the policy namespace injected, so it means all pods of that namespace only. In a CiliumClusterwideNetworkPolicy it means every Cilium-managed pod in any namespace, but not host, world or other reserved identities. Use fromEntities (cluster, all) for more.',
    upstream: 'cilium/cilium pkg/k8s/apis/cilium.io/utils/utils.go; Documentation/security/policy/layer3.rst',
  },
  {
    code: 'ML4013', name: 'cidr-never-matches-pods', severity: 'information',
    title: 'CIDR rules never match in-cluster pods',
    doc: 'Cilium CIDR rules (and NetworkPolicy ipBlock under Cilium) only match peers without a Cilium identity, i.e. outside the cluster. A private range that contains pod or node IPs will not select those pods, and neither does a wider one that overlaps them (0.0.0.0/0) unless `except` cuts them out; use endpoint selectors or entities (cluster, host, remote-node) for them.',
    upstream: 'cilium/cilium Documentation/security/policy/layer3.rst (IP/CIDR based); Documentation/network/kubernetes/policy.rst',
  },
  {
    code: 'ML4014', name: 'cilium-http-on-istio-mtls', severity: 'warning',
    title: "Cilium HTTP rules cannot see Istio-encrypted traffic",
    doc: "Cilium's Envoy cannot parse traffic that Istio encrypts with mTLS. On sidecar workloads a CNP HTTP rule yields 503s unless mTLS is DISABLE for them; in ambient mode mesh traffic arrives as HBONE on 15008 and never reaches the HTTP rule. Use Istio (a waypoint or the sidecar) for L7 on mesh traffic and Cilium for L3/L4.",
    upstream: 'cilium/cilium Documentation/network/servicemesh/istio.rst',
  },
  {
    code: 'ML4015', name: 'ambient-needs-hbone-port', severity: 'warning',
    title: 'Ingress policy on ambient pods must allow HBONE (TCP 15008)',
    doc: 'Mesh traffic to an ambient pod arrives as HBONE on TCP 15008, not on the application port. A Cilium or Kubernetes ingress policy that only allows application ports blocks all mesh traffic; add TCP 15008 for the same peers.',
    upstream: 'istio.io docs/ambient/usage/ambient-and-networkpolicy; docs/ambient/architecture/hbone',
  },
  {
    code: 'ML4016', name: 'ambient-probes-need-allow', severity: 'warning',
    title: 'Kubelet probes of ambient pods (169.254.7.127) need an allow',
    doc: 'Istio ambient SNATs kubelet health probes to 169.254.7.127. Under any Cilium default-deny ingress these probes are dropped and pods go unready, unless a policy allows fromCIDR 169.254.7.127/32 (istio.io documents a CCNP with enableDefaultDeny false and endpointSelector {}).',
    upstream: 'istio.io docs/ambient/install/platform-prerequisites (Cilium)',
  },
  {
    code: 'ML4017', name: 'service-port-not-target-port', severity: 'warning',
    title: 'Rule names the Service port, not the pod port',
    doc: 'Cilium toPorts, Istio `to.operation.ports` and NetworkPolicy ports match the port the pod receives on, after Service translation (port → targetPort). A rule that names a Service\'s `port` where its `targetPort` differs matches nothing the user meant. The quick fix replaces it with the targetPort.',
    upstream: 'cilium/cilium Documentation/security/policy/language.rst (layer 4: ports are endpoint ports after service translation); istio/api security/v1beta1 authorization_policy.proto Operation.ports (workload ports, istio/api PR 3075); kubernetes NetworkPolicyPort (port on the pod)',
  },
  {
    code: 'ML4018', name: 'source-identity-behind-waypoint', severity: 'warning',
    title: 'Selector policy on workloads behind a waypoint sees the waypoint as source',
    doc: 'When a Service (or its namespace) sends its traffic through a waypoint (istio.io/use-waypoint), the connection that reaches the workload comes from the waypoint over HBONE, with the waypoint\'s identity. A selector-attached or namespace-wide AuthorizationPolicy, enforced by ztunnel, then matches principals, namespaces and serviceAccounts against the waypoint, not the client. Attach the policy to the waypoint with targetRefs to match clients.',
    upstream: 'istio.io docs/ambient/usage/l7-features and docs/ambient/architecture/data-plane (waypoint hop); istio/istio pilot/pkg/serviceregistry/ambient/waypoints.go',
  },
  {
    code: 'ML4019', name: 'cilium-cidr-group-missing', severity: 'information',
    title: 'cidrGroupRef names no CiliumCIDRGroup in the workspace',
    doc: 'A `cidrGroupRef` stands for the `externalCIDRs` of the CiliumCIDRGroup of that name. A group that does not exist contributes no CIDR, so the entry selects nothing. meshlens reads CiliumCIDRGroups from the workspace; when the group lives elsewhere (another repository, the cluster) this is only information.',
    upstream: 'cilium/cilium pkg/policy/api/cidr.go (CIDRRule.CIDRGroupRef); Documentation/network/kubernetes/ciliumcidrgroup.rst',
  },
];
