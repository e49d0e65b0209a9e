// Tiny workspaces for the traffic-graph tests: objects are written as JSON documents (valid YAML) and run
// through the same path as the CLI (inventory → model).
import { analyzeWorkspaceTraffic } from '../../../server/src/analysis/graph/workspaceTraffic';
import { evaluateFlow, type FlowVerdict, type TrafficModel } from '../../../server/src/analysis/graph/trafficModel';
import { resolveEndpoint } from '../../../server/src/analysis/graph/explainFlow';
import type { IstioRequest } from '../../../server/src/analysis/graph/evaluateIstio';
import type { UndeclaredNamespaces } from '../../../server/src/analysis/graph/endpoint';

export type K8sObject = Record<string, unknown>;

export function namespace(name: string, labels: Record<string, string> = {}): K8sObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } };
}

export function deployment(ns: string, name: string, labels: Record<string, string>, options: { sa?: string; ports?: { name?: string; containerPort: number; protocol?: string }[]; hostNetwork?: boolean } = {}): K8sObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          ...(options.sa ? { serviceAccountName: options.sa } : {}),
          ...(options.hostNetwork ? { hostNetwork: true } : {}),
          containers: [{ name: 'main', image: 'x', ports: options.ports ?? [] }],
        },
      },
    },
  };
}

export function cnp(ns: string, name: string, spec: K8sObject): K8sObject {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export function ccnp(name: string, spec: K8sObject): K8sObject {
  return { apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name }, spec };
}

export function netpol(ns: string, name: string, spec: K8sObject): K8sObject {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec };
}

export function authz(ns: string, name: string, spec: K8sObject): K8sObject {
  return { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: ns }, spec };
}

export function yamlOf(objects: readonly K8sObject[]): string {
  return objects.map((o) => JSON.stringify(o)).join('\n---\n');
}

export function modelOf(objects: readonly K8sObject[], undeclaredNamespaces: UndeclaredNamespaces = 'unknown'): TrafficModel {
  return analyzeWorkspaceTraffic([{ file: 'workspace.yaml', text: yamlOf(objects) }], { undeclaredNamespaces }).model;
}

/** The verdict of `from` → `to` (ns/name, entity, IP or FQDN) on a port. */
export function flow(model: TrafficModel, from: string, to: string, port: number, protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP' = 'TCP', request?: IstioRequest): FlowVerdict {
  const source = resolveEndpoint(model, from);
  const destination = resolveEndpoint(model, to);
  if ('error' in source) throw new Error(source.error);
  if ('error' in destination) throw new Error(destination.error);
  return evaluateFlow(model, source.endpoint, destination.endpoint, protocol, port, request);
}

export function verdict(model: TrafficModel, from: string, to: string, port: number, protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP' = 'TCP', request?: IstioRequest): string {
  return flow(model, from, to, port, protocol, request).verdict;
}
