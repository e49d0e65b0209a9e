// CustomResourceDefinition objects as the API server returns them, built from the pinned upstream CRD files
// (../shared/upstream/crds, see its SOURCES.md: cilium/cilium 2c59ba7d, istio/istio 86c9f01f): the stored object
// gains the status the apiextensions-apiserver writes (acceptedNames, the NamesAccepted and Established conditions,
// storedVersions; upstream: k8s.io/apiextensions-apiserver pkg/apis/apiextensions/v1 types.go
// CustomResourceDefinitionStatus) and the fake adds uid, creationTimestamp and resourceVersion.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export const upstreamCrds = resolve(__dirname, '../../../shared/upstream/crds');

type Json = Record<string, any>;

export function servedCrd(local: string, labels: Record<string, string> = {}, edit: (crd: Json) => void = () => {}): Json {
  const crd = parse(readFileSync(resolve(upstreamCrds, local), 'utf8')) as Json;
  crd.metadata = { ...crd.metadata, labels: { ...(crd.metadata.labels ?? {}), ...labels }, generation: 1 };
  edit(crd);
  crd.status = {
    acceptedNames: crd.spec.names,
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: '2026-01-01T00:00:00Z' },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: '2026-01-01T00:00:00Z' },
    ],
    storedVersions: crd.spec.versions.filter((v: Json) => v.storage).map((v: Json) => v.name),
  };
  return crd;
}

/** The cluster's CNP CRD as a Cilium 1.14.5 Helm install labels it, without `spec.enableDefaultDeny` (added in 1.15). */
export function cilium114CnpCrd(): Json {
  return servedCrd('cilium/ciliumnetworkpolicies.yaml', { 'app.kubernetes.io/version': '1.14.5', 'app.kubernetes.io/part-of': 'cilium' }, (crd) => {
    delete crd.spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.enableDefaultDeny;
  });
}

/** A CRD of a group meshlens does not validate (the reader drops it on arrival). */
export function otherGroupCrd(): Json {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'servicemonitors.monitoring.coreos.com' },
    spec: {
      group: 'monitoring.coreos.com',
      names: { kind: 'ServiceMonitor', listKind: 'ServiceMonitorList', plural: 'servicemonitors', singular: 'servicemonitor' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }],
    },
  };
}

export const cnpUsingDefaultDeny = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: web
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: web
  enableDefaultDeny:
    ingress: true
  ingress:
  - fromEndpoints:
    - matchLabels:
        app: api
`;
