// Classifies each ingress/egress item of a Kubernetes NetworkPolicy: L3 peers, L4 ports, enforced by
// the CNI (Cilium compiles them into the same eBPF maps as its own policies).
import type { ValuePath } from '../model/sourceSpan';
import type { PolicyDocument } from '../policyDocument';
import { policyNamespace, type EnforcementWorkspace } from './enforcementWorkspace';
import type { ClassificationDetail, ClassifiedRule, Layer } from './ruleEnforcement';
import { classificationWriter } from './ruleSpans';
import { cidrText, portsText, record, selectorText } from './ruleSummaryText';

const NP_DOC = 'https://kubernetes.io/docs/concepts/services-networking/network-policies/';

/** Field → layer for NetworkPolicy items. Source: kubernetes/website network-policies.md; Cilium Documentation/network/kubernetes/policy.rst. */
export const kubernetesFieldTable: readonly { field: string; layer: Layer; reason: string; upstream: string }[] = [
  { field: 'from', layer: 'L3', reason: 'peers (pods, namespaces, IP blocks) matched by the CNI', upstream: NP_DOC },
  { field: 'to', layer: 'L3', reason: 'peers (pods, namespaces, IP blocks) matched by the CNI', upstream: NP_DOC },
  { field: 'ports', layer: 'L4', reason: 'port/protocol matched by the CNI; NetworkPolicy has no L7', upstream: NP_DOC },
];

const directions = [
  { key: 'ingress', peers: 'from' },
  { key: 'egress', peers: 'to' },
] as const;

export function classifyKubernetesRules(policy: PolicyDocument, workspace: EnforcementWorkspace, detail: ClassificationDetail = 'full'): ClassifiedRule[] {
  const out: ClassifiedRule[] = [];
  const write = classificationWriter(policy.yaml, detail);
  const spec = record(policy.value.spec);
  const namespace = policyNamespace(policy, workspace);
  const subject = write.text(() => {
    const selector = selectorText(spec.podSelector);
    return selector === 'all' ? `every pod in ${namespace}` : `pods ${selector} in ${namespace}`;
  });
  const policyTypes = Array.isArray(spec.policyTypes) ? spec.policyTypes.map(String) : ['Ingress', ...(spec.egress !== undefined ? ['Egress'] : [])];
  for (const dir of directions) {
    const list = spec[dir.key];
    const typeName = dir.key === 'ingress' ? 'Ingress' : 'Egress';
    if (policyTypes.includes(typeName) && (!Array.isArray(list) || list.length === 0)) {
      // Selected and isolated for this direction with no rule: everything is denied (network-policies.md, default policies).
      const path = isolationOnlyPath(spec, dir.key);
      out.push({
        path, ...write.rule(path), layer: 'L3', enforcer: 'k8s-netpol', because: write.field(path), becausePath: path, mode: 'n/a', action: 'deny', effect: 'enforced',
        summary: write.text(() => `isolates ${subject} for ${dir.key} with no rule: denies all ${dir.key} traffic`), note: write.text(() => `policyTypes includes ${typeName} and no ${dir.key} rule allows anything`), upstream: NP_DOC,
      });
    }
    if (!Array.isArray(list)) continue;
    list.forEach((raw, j) => {
      const item = record(raw);
      const path: ValuePath = ['spec', dir.key, j];
      const hasPorts = Array.isArray(item.ports) && item.ports.length > 0;
      const peersValue = item[dir.peers];
      const row = kubernetesFieldTable.find((r) => r.field === (hasPorts ? 'ports' : dir.peers))!;
      // Kept with the classification: concat makes the path at its size (a spread leaves room for ~20 entries).
      const decidedPath: ValuePath = hasPorts ? path.concat('ports') : peersValue !== undefined ? path.concat(dir.peers) : path;
      const summary = write.text(() => {
        const peers = peersText(peersValue, namespace);
        return `allows ${dir.key === 'ingress' ? `${peers} → ${subject}` : `${subject} → ${peers}`} on ${portsText(item.ports)}`;
      });
      const note = write.text(() => {
        const notes = [row.reason, 'enforced by the CNI; with Cilium as CNI it lands in the same eBPF maps as Cilium policies'];
        if (Object.keys(item).length === 0) notes.push('an empty item allows all traffic in this direction (unlike Cilium, where `{}` allows nothing)');
        return notes.join('; ');
      });
      out.push({
        path, ...write.rule(path), layer: hasPorts ? 'L4' : 'L3', enforcer: 'k8s-netpol', because: write.field(decidedPath), becausePath: decidedPath,
        mode: 'n/a', action: 'allow', effect: 'enforced', summary, note, upstream: row.upstream,
      });
    });
  }
  return out;
}

function peersText(value: unknown, namespace: string): string {
  // A missing or empty from/to list means every peer (network-policies.md, "If this field is empty or missing").
  if (!Array.isArray(value) || value.length === 0) return 'any peer';
  return value
    .map((raw) => {
      const peer = record(raw);
      if (peer.ipBlock !== undefined) return `CIDR ${cidrText([peer.ipBlock])}`;
      const pods = peer.podSelector === undefined ? undefined : selectorText(peer.podSelector);
      const namespaces = peer.namespaceSelector === undefined ? undefined : selectorText(peer.namespaceSelector);
      const where = namespaces === undefined ? `in ${namespace}` : namespaces === 'all' ? 'in all namespaces' : `in namespaces ${namespaces}`;
      return `${pods === undefined || pods === 'all' ? 'all pods' : `pods ${pods}`} ${where}`;
    })
    .join(' or ');
}

/**
 * Where a NetworkPolicy that isolates a direction without any rule item says so: `policyTypes` when given,
 * else the empty list, else the pod selector. The graph's isolation-only rule uses the same path, so hover
 * and graph edges name the same rule.
 */
export function isolationOnlyPath(spec: Record<string, unknown>, direction: 'ingress' | 'egress'): ValuePath {
  return spec.policyTypes !== undefined ? ['spec', 'policyTypes'] : Array.isArray(spec[direction]) ? ['spec', direction] : ['spec', 'podSelector'];
}
