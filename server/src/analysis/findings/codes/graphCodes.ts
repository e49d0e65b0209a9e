// ML5xxx: workspace inventory and traffic-graph findings.
import type { FindingCodeDoc } from '../codeDoc';

const GRAPH = 'meshlens traffic-graph semantics (../shared/design/semantics.md §D)';

export const graphCodes: readonly FindingCodeDoc[] = [
  {
    code: 'ML5001',
    name: 'selector-matches-no-workload',
    severity: 'warning',
    title: 'Policy selects no workload in the workspace',
    doc: 'The policy\'s subject selector (podSelector, endpointSelector, selector) matches none of the workloads defined in the workspace, so in the traffic graph it changes nothing. Check the labels and the namespace, or add the workload manifests to the workspace. Only reported when the workspace defines at least one workload.',
    upstream: `${GRAPH}; istioctl analyze IST0127 NoMatchingWorkloadsFound reports the same for AuthorizationPolicy.`,
  },
  {
    code: 'ML5002',
    name: 'peer-matches-no-workload',
    severity: 'information',
    title: 'Peer selector matches no workload in the workspace',
    doc: 'A fromEndpoints/toEndpoints or podSelector/namespaceSelector peer matches none of the workloads in the workspace, so the rule allows (or denies) nothing the graph can draw. Often a label typo, or the namespace is pinned: a CNP peer without `k8s:io.kubernetes.pod.namespace` only matches pods in the policy\'s own namespace.',
    upstream: `${GRAPH}; cilium pkg/k8s/apis/cilium.io/utils/utils.go (namespace injection).`,
  },
  {
    code: 'ML5003',
    name: 'policy-namespace-has-no-workloads',
    severity: 'information',
    title: 'Policy namespace has no workloads in the workspace',
    doc: 'The policy lives in a namespace where the workspace defines no workload. Namespaced policies only select pods of their own namespace, so it cannot affect any workload shown in the graph. Check metadata.namespace.',
    upstream: `${GRAPH}; Kubernetes and Cilium scope namespaced policies to their namespace.`,
  },
  {
    code: 'ML5004',
    name: 'namespace-labels-unknown',
    severity: 'information',
    title: 'Namespace selector needs a Namespace object the workspace lacks',
    doc: 'The rule selects peers by namespace labels, but some namespaces with workloads have no Namespace object in the workspace, so their labels (other than kubernetes.io/metadata.name) are unknown. The graph shows the affected flows as "unknown" rather than guessing. Add the Namespace manifests to the workspace.',
    upstream: `${GRAPH}; kubernetes/website network-policies.md (namespaceSelector).`,
  },
  {
    code: 'ML5005',
    name: 'named-port-not-defined',
    severity: 'warning',
    title: 'Named port that no container defines',
    doc: 'The rule names a port (e.g. `port: http`) that no container of the destination workloads in the workspace declares, so it resolves to no port and allows nothing. Named ports are resolved per destination pod from its containers\' `ports[].name`.',
    upstream: 'kubernetes/website network-policies.md (named ports); cilium Documentation/security/policy/layer4.rst.',
  },
  {
    code: 'ML5006',
    name: 'traffic-graph-truncated',
    severity: 'information',
    title: 'Traffic graph truncated',
    doc: 'The workspace produces more flows than the graph limit, so only the first edges are drawn. Narrow the graph to one policy file (the focus) or to fewer folders.',
    upstream: GRAPH,
  },
];
