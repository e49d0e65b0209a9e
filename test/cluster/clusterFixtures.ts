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
