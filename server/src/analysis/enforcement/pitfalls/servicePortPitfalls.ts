// ML4017: a port in a policy rule that is a Service's `port` whose `targetPort` differs. Cilium toPorts,
// Istio to.operation.ports and NetworkPolicy ports all match the port the pod receives traffic on, after
// the Service (kube-proxy or Cilium's socket LB) translated port → targetPort; the Service port never
// reaches the pod. Sources: cilium Documentation/security/policy/language.rst (Layer 4 examples),
// istio/api security/v1beta1/authorization_policy.proto (Operation.ports are workload ports),
// kubernetes networking/v1 NetworkPolicyPort.
import type { Finding } from '../../model/finding';
import type { ValuePath } from '../../model/sourceSpan';
import { makeFinding } from '../../findings/findingCodes';
import type { ServiceInfo } from '../../inventory/inventoryModel';
import type { PolicyDocument } from '../../policyDocument';
import { spanAt } from '../../yaml/parseYamlDocuments';
import { servicesIn, workloadsIn } from '../dataplaneContext';
import { policyNamespace, type EnforcementWorkspace } from '../enforcementWorkspace';
import { record } from '../ruleSummaryText';

/** Pods a rule's ports apply to, as the label selector and namespace(s) the policy names for them. */
interface PodSubject {
  readonly labels: Readonly<Record<string, string>>;
  /** undefined: any namespace (a clusterwide policy with no namespace label). */
  readonly namespace?: string;
  /** A Service named directly (Cilium toServices k8sService). */
  readonly service?: { readonly name: string; readonly namespace: string };
}

/** One port value of a rule, where it is and the pods it applies to. */
interface RulePort {
  readonly path: ValuePath;
  readonly value: unknown;
  readonly subjects: readonly PodSubject[];
}

const NAMESPACE_LABELS = ['io.kubernetes.pod.namespace'];

export function servicePortPitfalls(policy: PolicyDocument, workspace: EnforcementWorkspace): Finding[] {
  const context = workspace.dataplane;
  if (context.services.length === 0) return [];
  const namespace = policyNamespace(policy, workspace);
  const findings: Finding[] = [];
  for (const port of rulePorts(policy, namespace)) {
    const number = portNumber(port.value);
    if (number === undefined) continue;
    const services = port.subjects.flatMap((subject) => servicesFor(subject, workspace));
    // The pod port is fine as written when some backing Service or pod uses it as the pod port.
    const podPorts = new Set<number>();
    for (const service of services) for (const p of service.ports) if (typeof p.targetPort === 'number') podPorts.add(p.targetPort);
    for (const subject of port.subjects) {
      for (const workload of subject.namespace === undefined ? context.workloads : workloadsIn(context, subject.namespace)) {
        if (matchesLabels(subject.labels, workload.labels)) for (const p of workload.ports) podPorts.add(p.port);
      }
    }
    if (podPorts.has(number)) continue;
    const hit = services.flatMap((service) => service.ports.filter((p) => p.port === number && typeof p.targetPort === 'number' && p.targetPort !== number).map((p) => ({ service, targetPort: p.targetPort as number })))[0];
    if (!hit) continue;
    const span = spanAt(policy.yaml, port.path, 'value');
    const raw = policy.yaml.text.slice(span.start - policy.yaml.start, span.end - policy.yaml.start);
    const quote = raw.startsWith('"') ? '"' : raw.startsWith("'") ? "'" : '';
    findings.push(makeFinding(
      'ML4017',
      span,
      `${number} is the port of Service ${hit.service.namespace}/${hit.service.name}, which sends it to port ${hit.targetPort} on the pods; policy ports match the pod port after Service translation, so use ${hit.targetPort}.`,
      policy.yaml.index,
      { data: { replaceWith: `${quote}${hit.targetPort}${quote}` } },
    ));
  }
  return findings;
}

function portNumber(value: unknown): number | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  return /^[1-9][0-9]{0,4}$/.test(text) ? Number(text) : undefined;
}

/** Services whose selector picks pods of the subject: no label disagrees and at least one is shared. */
function servicesFor(subject: PodSubject, workspace: EnforcementWorkspace): ServiceInfo[] {
  const context = workspace.dataplane;
  if (subject.service) return servicesIn(context, subject.service.namespace).filter((s) => s.name === subject.service?.name);
  const candidates = subject.namespace === undefined ? context.services : servicesIn(context, subject.namespace);
  return candidates.filter((service) => {
    const selector = service.selector;
    if (!selector || Object.keys(selector).length === 0) return false;
    const shared = Object.keys(selector).filter((k) => k in subject.labels);
    return shared.length > 0 && shared.every((k) => subject.labels[k] === selector[k]);
  });
}

function matchesLabels(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** matchLabels without Cilium's `k8s:` source prefix, and the namespace they pin (if any). */
function selectorSubject(selector: unknown, fallbackNamespace: string | undefined): PodSubject {
  const labels: Record<string, string> = {};
  let namespace = fallbackNamespace;
  for (const [key, value] of Object.entries(record(record(selector).matchLabels))) {
    if (typeof value !== 'string') continue;
    const bare = key.startsWith('k8s:') ? key.slice(4) : key;
    if (NAMESPACE_LABELS.includes(bare)) namespace = value;
    else labels[bare] = value;
  }
  return { labels, namespace };
}

function rulePorts(policy: PolicyDocument, namespace: string): RulePort[] {
  switch (policy.kind.kind) {
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy':
      return ciliumPorts(policy, namespace);
    case 'AuthorizationPolicy':
      return istioPorts(policy, namespace);
    case 'NetworkPolicy':
      return networkPolicyPorts(policy, namespace);
    default:
      return [];
  }
}

function ciliumPorts(policy: PolicyDocument, namespace: string): RulePort[] {
  const clusterwide = policy.kind.kind === 'CiliumClusterwideNetworkPolicy';
  const own = clusterwide ? undefined : namespace;
  const rules: { rule: Record<string, unknown>; path: ValuePath }[] = [];
  if (policy.value.spec !== undefined) rules.push({ rule: record(policy.value.spec), path: ['spec'] });
  if (Array.isArray(policy.value.specs)) policy.value.specs.forEach((r, i) => rules.push({ rule: record(r), path: ['specs', i] }));
  const out: RulePort[] = [];
  for (const { rule, path } of rules) {
    const self = selectorSubject(rule.endpointSelector, own);
    for (const direction of ['ingress', 'egress'] as const) {
      const items = rule[direction];
      if (!Array.isArray(items)) continue;
      items.forEach((raw, j) => {
        const item = record(raw);
        let subjects: PodSubject[];
        if (direction === 'ingress') subjects = [self];
        else {
          subjects = (Array.isArray(item.toEndpoints) ? item.toEndpoints : []).map((s) => selectorSubject(s, own));
          for (const entry of Array.isArray(item.toServices) ? item.toServices : []) {
            const k8s = record(record(entry).k8sService);
            if (typeof k8s.serviceName === 'string') subjects.push({ labels: {}, service: { name: k8s.serviceName, namespace: typeof k8s.namespace === 'string' ? k8s.namespace : namespace } });
          }
        }
        if (subjects.length === 0) return;
        (Array.isArray(item.toPorts) ? item.toPorts : []).forEach((entry, k) => {
          (Array.isArray(record(entry).ports) ? (record(entry).ports as unknown[]) : []).forEach((p, m) => {
            out.push({ path: [...path, direction, j, 'toPorts', k, 'ports', m, 'port'], value: record(p).port, subjects });
          });
        });
      });
    }
  }
  return out;
}

function istioPorts(policy: PolicyDocument, namespace: string): RulePort[] {
  const spec = record(policy.value.spec);
  // Selector-attached (or namespace-wide) only: a targetRefs policy is enforced by a waypoint or gateway.
  if (spec.targetRefs !== undefined || spec.targetRef !== undefined) return [];
  const subject = selectorSubject(spec.selector, namespace);
  const out: RulePort[] = [];
  (Array.isArray(spec.rules) ? spec.rules : []).forEach((rule, i) => {
    (Array.isArray(record(rule).to) ? (record(rule).to as unknown[]) : []).forEach((to, j) => {
      const ports = record(record(to).operation).ports;
      (Array.isArray(ports) ? ports : []).forEach((value, k) => out.push({ path: ['spec', 'rules', i, 'to', j, 'operation', 'ports', k], value, subjects: [subject] }));
    });
  });
  return out;
}

function networkPolicyPorts(policy: PolicyDocument, namespace: string): RulePort[] {
  const spec = record(policy.value.spec);
  const self = { labels: record(record(spec.podSelector).matchLabels) as Record<string, string>, namespace };
  const out: RulePort[] = [];
  for (const [direction, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    const items = spec[direction];
    if (!Array.isArray(items)) continue;
    items.forEach((raw, j) => {
      const item = record(raw);
      const subjects: PodSubject[] = direction === 'ingress'
        ? [self]
        : (Array.isArray(item[peers]) ? (item[peers] as unknown[]) : []).flatMap((peer) => {
            const p = record(peer);
            // A namespaceSelector widens the namespace beyond what is known here: read only same-namespace pod peers.
            return p.podSelector !== undefined && p.namespaceSelector === undefined ? [{ labels: record(record(p.podSelector).matchLabels) as Record<string, string>, namespace }] : [];
          });
      if (subjects.length === 0) return;
      (Array.isArray(item.ports) ? item.ports : []).forEach((p, k) => out.push({ path: ['spec', direction, j, 'ports', k, 'port'], value: record(p).port, subjects }));
    });
  }
  return out;
}
