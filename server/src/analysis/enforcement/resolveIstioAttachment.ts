// Decides which Istio proxy picks up a policy and in which data-plane mode: from its attachment
// (targetRefs vs selector vs namespace-wide vs root namespace), the namespace and pod-template labels
// in the workspace, and the meshlens.istio.dataplaneMode override. Unknown stays unknown (both outcomes).
import type { ValuePath } from '../model/sourceSpan';
import type { DataplaneContext } from './dataplaneContext';
import type { Labels } from '../workspace/meshMode';
import { servicesIn, workloadsIn } from './dataplaneContext';
import type { EnforcerId, RuleMode } from './ruleEnforcement';
import { decidedMeshMode, namespaceMeshMode, type MeshMode } from '../workspace/meshMode';
import { istioSelectorLabels, targetRefsOf, workloadsSelectedBy, type TargetRef } from '../workspace/istioAttachment';
import { servesServiceTraffic, useWaypointForService, WAYPOINT_CLASS } from '../workspace/waypoints';

/** Selector labels that point at gateway deployments rather than application pods. */
export const gatewaySelectorLabels: readonly { label: string; value: string; upstream: string }[] = [
  { label: 'istio', value: 'ingressgateway', upstream: 'istio/istio manifests/charts/gateways/istio-ingress' },
  { label: 'istio', value: 'egressgateway', upstream: 'istio/istio manifests/charts/gateways/istio-egress' },
  { label: 'gateway.networking.k8s.io/gateway-name', value: '*', upstream: 'istio/istio pilot/pkg/model/policyattachment.go' },
  { label: 'istio.io/gateway-name', value: '*', upstream: 'istio/api label/labels.yaml (deprecated gateway-name label on Gateway API deployments)' },
];

export interface IstioOutcome {
  readonly enforcer: EnforcerId;
  readonly mode: RuleMode;
}

export interface IstioAttachment {
  readonly form: 'targetRefs' | 'selector' | 'namespace' | 'mesh';
  readonly primary: IstioOutcome;
  /** Further outcomes when the mode or target is unknown. */
  readonly alternatives: readonly IstioOutcome[];
  /** Plain words: why this enforcer. */
  readonly reason: string;
  /** The field that decided (targetRefs, selector, or metadata.namespace). */
  readonly becausePath: ValuePath;
  /** targetRefs that point at something that is not a waypoint or gateway known in the workspace. */
  readonly nonWaypointTargets: readonly { index: number; kind: string; name: string; why: string }[];
  /** Service/ServiceEntry targets whose waypoint (istio.io/use-waypoint) is not in the workspace: enforced only if it exists and takes service traffic. */
  readonly unconfirmedTargets?: readonly { index: number; kind: string; name: string; why: string }[];
  /** How many targetRefs the policy has (targetRefs form only). */
  readonly targetCount?: number;
}

export function resolveIstioAttachment(spec: Record<string, unknown>, policyNamespace: string, context: DataplaneContext): IstioAttachment {
  const refs = targetRefsOf(spec);
  if (refs.length > 0) return attachByTargetRefs(refs, policyNamespace, context, spec.targetRefs !== undefined ? ['spec', 'targetRefs'] : ['spec', 'targetRef']);
  const selector = istioSelectorLabels(spec);
  const hasSelector = selector !== undefined;
  const form = hasSelector ? 'selector' : policyNamespace === context.rootNamespace ? 'mesh' : 'namespace';
  const becausePath: ValuePath = hasSelector ? ['spec', 'selector'] : ['metadata', 'namespace'];
  if (selector && matchesGatewayLabels(selector)) {
    return { form, primary: { enforcer: 'istio-gateway', mode: 'n/a' }, alternatives: [], reason: 'the selector picks gateway pods, so their Envoy enforces it', becausePath, nonWaypointTargets: [] };
  }
  const scope = form === 'mesh' ? 'every workload in the mesh (root namespace, no selector)' : form === 'namespace' ? `every workload in namespace ${policyNamespace}` : `workloads in ${policyNamespace} matching the selector`;
  const decided = decideMode(form, policyNamespace, spec, context);
  if (decided.mode === 'sidecar') {
    return { form, primary: { enforcer: 'istio-sidecar', mode: 'sidecar' }, alternatives: [], reason: `${scope} run Envoy sidecars (${decided.why})`, becausePath, nonWaypointTargets: [] };
  }
  if (decided.mode === 'ambient') {
    return { form, primary: { enforcer: 'istio-ztunnel', mode: 'ambient' }, alternatives: [], reason: `${scope} are in ambient mode (${decided.why}) and a ${form === 'selector' ? 'selector' : 'namespace-wide'} policy is sent to ztunnel, never to a waypoint`, becausePath, nonWaypointTargets: [] };
  }
  return {
    form,
    primary: { enforcer: 'istio-sidecar', mode: 'unknown' },
    alternatives: [{ enforcer: 'istio-ztunnel', mode: 'unknown' }],
    reason: `the data-plane mode of ${scope} is unknown (${decided.why}): the sidecar enforces it in sidecar mode, ztunnel in ambient mode`,
    becausePath,
    nonWaypointTargets: [],
  };
}

function attachByTargetRefs(refs: readonly TargetRef[], policyNamespace: string, context: DataplaneContext, becausePath: ValuePath): IstioAttachment {
  const outcomes: IstioOutcome[] = [];
  const reasons: string[] = [];
  const nonWaypointTargets: { index: number; kind: string; name: string; why: string }[] = [];
  const unconfirmedTargets: { index: number; kind: string; name: string; why: string }[] = [];
  refs.forEach((ref, index) => {
    const namespace = ref.namespace ?? policyNamespace;
    if (ref.kind === 'GatewayClass') {
      outcomes.push({ enforcer: 'istio-waypoint', mode: 'ambient' });
      reasons.push(`GatewayClass ${ref.name}: all waypoints`);
      return;
    }
    if (ref.kind === 'Gateway') {
      const gateway = context.gateways.find((g) => g.namespace === namespace && g.name === ref.name);
      if (gateway && gateway.className === WAYPOINT_CLASS) {
        outcomes.push({ enforcer: 'istio-waypoint', mode: 'ambient' });
        reasons.push(`Gateway ${ref.name} is a waypoint (class ${WAYPOINT_CLASS})`);
      } else if (gateway) {
        outcomes.push({ enforcer: 'istio-gateway', mode: 'n/a' });
        reasons.push(`Gateway ${ref.name} has class ${gateway.className}, so its gateway Envoy enforces it`);
      } else {
        outcomes.push({ enforcer: 'istio-waypoint', mode: 'ambient' }, { enforcer: 'istio-gateway', mode: 'n/a' });
        reasons.push(`Gateway ${ref.name} is not in the workspace: a waypoint if its class is ${WAYPOINT_CLASS}, else a gateway`);
      }
      return;
    }
    if (ref.kind === 'Service' || ref.kind === 'ServiceEntry') {
      outcomes.push({ enforcer: 'istio-waypoint', mode: 'ambient' });
      const service = servicesIn(context, namespace).find((s) => s.name === ref.name);
      const nsLabels = context.namespaces.get(namespace);
      const waypoint = useWaypointForService(service?.labels, nsLabels ?? {}, namespace);
      if ((service || nsLabels) && waypoint === undefined) {
        nonWaypointTargets.push({ index, kind: ref.kind, name: ref.name, why: `neither ${ref.kind} ${ref.name} nor namespace ${namespace} has an istio.io/use-waypoint label, so no waypoint serves it` });
      } else if (waypoint && servesServiceTraffic(waypoint, context.waypoints) === false) {
        // istiod refuses the binding (ambient/waypoints.go fetchWaypointForService: UnsupportedTrafficType).
        nonWaypointTargets.push({ index, kind: ref.kind, name: ref.name, why: `waypoint ${waypoint.namespace}/${waypoint.name} has istio.io/waypoint-for=${context.waypoints.find((w) => w.name === waypoint.name && w.namespace === waypoint.namespace)?.waypointFor}, so it does not take ${ref.kind} traffic (istiod: UnsupportedTrafficType)` });
      } else if (waypoint && servesServiceTraffic(waypoint, context.waypoints) === undefined) {
        unconfirmedTargets.push({ index, kind: ref.kind, name: ref.name, why: `its waypoint ${waypoint.namespace}/${waypoint.name} (istio.io/use-waypoint) is not in the workspace: the policy is enforced for service traffic only if that waypoint exists with istio.io/waypoint-for service or all` });
      }
      reasons.push(`${ref.kind} ${ref.name}: the waypoint that serves it${waypoint ? ` (${waypoint.name})` : ''}`);
      return;
    }
    nonWaypointTargets.push({ index, kind: ref.kind, name: ref.name, why: `targetRefs kind ${ref.kind || '(missing)'} is neither a Gateway, GatewayClass, Service nor ServiceEntry` });
  });
  const unique = dedupe(outcomes);
  const [primary, ...alternatives] = unique.length > 0 ? unique : [{ enforcer: 'istio-waypoint' as EnforcerId, mode: 'ambient' as RuleMode }];
  return { form: 'targetRefs', primary, alternatives, reason: `targetRefs: ${reasons.join('; ') || 'no usable target'}`, becausePath, nonWaypointTargets, unconfirmedTargets, targetCount: refs.length };
}

function dedupe(outcomes: readonly IstioOutcome[]): IstioOutcome[] {
  const seen = new Set<string>();
  return outcomes.filter((o) => {
    const key = `${o.enforcer}/${o.mode}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function matchesGatewayLabels(selector: Labels): boolean {
  return gatewaySelectorLabels.some((row) => selector[row.label] !== undefined && (row.value === '*' || selector[row.label] === row.value));
}

function decideMode(form: 'selector' | 'namespace' | 'mesh', namespace: string, spec: Record<string, unknown>, context: DataplaneContext): { mode: MeshMode | 'unknown'; why: string } {
  if (context.override !== 'auto') return { mode: context.override, why: `setting meshlens.istio.dataplaneMode=${context.override}` };
  const namespaceMode = (name: string): MeshMode | undefined => namespaceMeshMode(context.namespaces.get(name) ?? {});
  if (form === 'mesh') {
    const modes = new Set([...context.namespaces.keys()].filter((n) => n !== context.rootNamespace).map(namespaceMode).filter((m) => m && m !== 'none'));
    if (modes.size === 1) {
      const [only] = modes;
      return { mode: only!, why: `every enrolled namespace in the workspace is ${only}` };
    }
    return { mode: 'unknown', why: modes.size > 1 ? 'namespaces in the workspace mix sidecar and ambient' : 'no enrolled Namespace in the workspace' };
  }
  // The workloads it attaches to, as the graph attaches it (a root-namespace selector reaches every namespace).
  const candidates = namespace === context.rootNamespace ? context.workloads : workloadsIn(context, namespace);
  const workloads = workloadsSelectedBy({ namespace, value: { spec } }, candidates, context.rootNamespace);
  const modes = new Set(workloads.map((w) => decidedMeshMode(w, context.namespaces.get(w.namespace) ?? {}, 'auto')));
  if (workloads.length > 0 && modes.size === 1) {
    const [only] = modes;
    if (only === 'sidecar' || only === 'ambient') return { mode: only, why: `${workloads.map((w) => `${w.kind} ${w.name}`).slice(0, 3).join(', ')} ${only === 'sidecar' ? 'get a sidecar' : 'are enrolled in ambient'}` };
    if (only === 'none') return { mode: 'unknown', why: 'the matching workloads are not in the mesh' };
  }
  if (workloads.length > 0 && modes.size > 1) return { mode: 'unknown', why: 'the matching workloads mix data-plane modes' };
  const fromNamespace = namespaceMode(namespace);
  if (fromNamespace === 'sidecar') return { mode: 'sidecar', why: `namespace ${namespace} has sidecar injection enabled` };
  if (fromNamespace === 'ambient') return { mode: 'ambient', why: `namespace ${namespace} is labelled istio.io/dataplane-mode=ambient` };
  if (fromNamespace === 'none') return { mode: 'unknown', why: `namespace ${namespace} disables injection` };
  return { mode: 'unknown', why: `no Namespace ${namespace} or matching workload in the workspace` };
}
