// Objects as the API server returns them (shapes from the Kubernetes API reference: core/v1 Pod, Namespace,
// Service; networking.k8s.io/v1 NetworkPolicy; cilium.io/v2 CiliumNetworkPolicy), for the fake API server.

export function namespace(name: string, labels: Record<string, string> = {}): Record<string, unknown> {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: { name, labels: { 'kubernetes.io/metadata.name': name, ...labels } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

/** A pod of Deployment `app` (its ReplicaSet `<app>-7d9c8b6f5`), as the ReplicaSet controller creates it. */
export function deploymentPod(ns: string, app: string, index: number, labels: Record<string, string> = { app }, ports: readonly { name?: string; containerPort: number }[] = [{ name: 'http', containerPort: 8080 }]): Record<string, unknown> {
  const hash = '7d9c8b6f5';
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: {
      name: `${app}-${hash}-${index.toString(36).padStart(5, 'x')}`,
      generateName: `${app}-${hash}-`,
      namespace: ns,
      labels: { ...labels, 'pod-template-hash': hash },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"huge":"blob"}' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: `rs-${app}`, controller: true, blockOwnerDeletion: true }],
      managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': {} } }],
    },
    spec: {
      serviceAccountName: app,
      nodeName: 'node-1',
      containers: [{ name: app, image: `registry.example/${app}:1`, ports: ports.map((p) => ({ ...p, protocol: 'TCP' })) }],
    },
    status: { phase: 'Running', podIP: `10.0.${index >> 8}.${index & 255}`, podIPs: [{ ip: `10.0.${index >> 8}.${index & 255}` }] },
  };
}

export function service(ns: string, name: string, selector: Record<string, string>, port = 80, targetPort: number | string = 8080): Record<string, unknown> {
  return { kind: 'Service', apiVersion: 'v1', metadata: { name, namespace: ns }, spec: { type: 'ClusterIP', clusterIP: '10.96.0.10', selector, ports: [{ name: 'http', protocol: 'TCP', port, targetPort }] } };
}

export function networkPolicy(ns: string, name: string, to: string, from: string, port: number | string = 8080): Record<string, unknown> {
  return {
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
    metadata: { name, namespace: ns, generation: 1 },
    spec: { podSelector: { matchLabels: { app: to } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: from } } }], ports: [{ protocol: 'TCP', port }] }] },
  };
}

export function ciliumPolicy(ns: string, name: string, to: string, from: string): Record<string, unknown> {
  return {
    kind: 'CiliumNetworkPolicy',
    apiVersion: 'cilium.io/v2',
    metadata: { name, namespace: ns },
    spec: { endpointSelector: { matchLabels: { app: to } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: from } }], toPorts: [{ ports: [{ port: '8080', protocol: 'TCP' }] }] }] },
  };
}

/** An Istio waypoint (upstream: istio.io ambient docs, `istioctl waypoint generate`: class istio-waypoint, HBONE listener 15008). */
export function waypointGateway(ns: string, name: string, waypointFor = 'service'): Record<string, unknown> {
  return {
    kind: 'Gateway',
    apiVersion: 'gateway.networking.k8s.io/v1',
    metadata: { name, namespace: ns, generation: 1, labels: { 'istio.io/waypoint-for': waypointFor } },
    spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
    status: { addresses: [{ type: 'Hostname', value: `${name}.${ns}.svc.cluster.local` }], conditions: [{ type: 'Programmed', status: 'True', reason: 'Programmed', message: '' }] },
  };
}

/**
 * An AuthorizationPolicy as istiod leaves it in an ambient namespace. Its status has the shape istio.io/api
 * meta/v1alpha1 IstioStatus gives it (observedGeneration as a string); the ztunnel condition is what
 * pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go writes: reason UnsupportedValue with status
 * True ("accepted with a warning") when HTTP attributes are dropped, reason Accepted otherwise.
 */
export function authorizationPolicy(ns: string, name: string, rules: readonly unknown[], ztunnel: { status: 'True' | 'False'; reason: string; message: string }, generation = 1): Record<string, unknown> {
  return {
    kind: 'AuthorizationPolicy',
    apiVersion: 'security.istio.io/v1',
    metadata: { name, namespace: ns, generation, resourceVersion: '1' },
    spec: { selector: { matchLabels: { app: 'api' } }, action: 'ALLOW', rules },
    status: { conditions: [{ type: 'ZtunnelAccepted', status: ztunnel.status, reason: ztunnel.reason, message: ztunnel.message, observedGeneration: String(generation), lastTransitionTime: '2026-12-04T10:00:00.000000000Z' }] },
  };
}

/** A CiliumNetworkPolicy with the Valid condition the operator's validator writes (no reason; the parse error as message). */
export function ciliumPolicyWithStatus(ns: string, name: string, spec: Record<string, unknown>, valid: { status: 'True' | 'False'; message: string }): Record<string, unknown> {
  return {
    kind: 'CiliumNetworkPolicy',
    apiVersion: 'cilium.io/v2',
    metadata: { name, namespace: ns, generation: 1 },
    spec,
    status: { conditions: [{ type: 'Valid', status: valid.status, message: valid.message, lastTransitionTime: '2026-12-04T10:00:00Z' }] },
  };
}
