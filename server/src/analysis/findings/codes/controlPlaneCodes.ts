// ML5030: what the cluster's control plane wrote in a policy's status, set beside meshlens's own prediction.
// Reported only while a live cluster is read (server/src/cluster/controlPlaneStatus.ts).
import type { FindingCodeDoc } from '../codeDoc';

export const controlPlaneCodes: readonly FindingCodeDoc[] = [
  {
    code: 'ML5030',
    name: 'control-plane-status',
    severity: 'information',
    title: 'The control plane rejected or partly accepted this policy in the cluster',
    doc: 'The policy of the same kind, namespace and name in the connected cluster carries a status condition that says the control plane did not take all of it: Istio writes `ZtunnelAccepted` (reason `UnsupportedValue` when ztunnel drops HTTP attributes or cannot run the action) and `WaypointAccepted` (false when no waypoint binds the target); Cilium writes a `Valid` condition (false when the agent could not parse the policy) and the errors of policies derived from it. The message quotes the condition and says whether meshlens predicted the same for this file (ML4001–ML4004 for ztunnel, ML4006 for the waypoint, an error finding for Cilium), and notes when the cluster\'s copy differs from the file or the status is for an older generation.',
    upstream: 'istio pilot/pkg/model/service.go (ConditionType ZtunnelAccepted, WaypointAccepted); istio pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go (UnsupportedValue); istio pilot/pkg/status/distribution/state.go (conditions reported); cilium pkg/k8s/apis/cilium.io/v2/cnp_types.go (NetworkPolicyCondition, PolicyConditionValid, DerivativePolicies) and operator/pkg/networkpolicy (updateCondition: Valid True, or False with the validation error).',
  },
];
