// Pitfalls of running Cilium (or any NetworkPolicy CNI) under Istio (ML4014–ML4016): Cilium HTTP rules
// cannot read Istio mTLS traffic, ambient pods receive mesh traffic as HBONE on TCP 15008, and ambient
// kubelet probes arrive SNATed from 169.254.7.127. Source: ../shared/design/semantics.md §C.
import type { Finding } from '../../model/finding';
import type { ValuePath } from '../../model/sourceSpan';
import { makeFinding } from '../../findings/findingCodes';
import type { PolicyDocument } from '../../policyDocument';
import type { Labels } from '../../workspace/meshMode';
import { resolveIstioAttachment } from '../resolveIstioAttachment';
import { ciliumRuleSources, policyNamespace, workspaceRuns, type EnforcementWorkspace, type WorkspacePolicy } from '../enforcementWorkspace';
import type { CiliumRuleSource } from '../ciliumL7Cancellation';
import { fieldSpan } from '../ruleSpans';
import { record } from '../ruleSummaryText';
import { cidrWithin } from './ciliumPitfalls';

/** The HBONE port and the probe source address, with their sources. */
export const ambientWireFacts = {
  hbonePort: { port: '15008', upstream: 'istio.io docs/ambient/architecture/hbone; docs/ambient/usage/ambient-and-networkpolicy' },
  probeSource: { ip: '169.254.7.127', upstream: 'istio.io docs/ambient/install/platform-prerequisites' },
} as const;

const NAMESPACE_LABELS = ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace'];

export function meshInteropPitfalls(policy: PolicyDocument, workspace: EnforcementWorkspace): Finding[] {
  if (policy.kind.family === 'kubernetes') return networkPolicyInterop(policy, workspace);
  if (policy.kind.family !== 'cilium') return [];
  const findings: Finding[] = [];
  const namespace = policyNamespace(policy, workspace);
  for (const source of ciliumRuleSources(policy, '(this document)', namespace)) {
    const subject = ciliumSubject(source, policy.kind.kind === 'CiliumClusterwideNetworkPolicy', namespace);
    if (!subject) continue;
    const mode = meshMode(subject.namespace, subject.labels, workspace);
    if (mode === 'unknown') continue;
    const ingress = Array.isArray(source.rule.ingress) ? source.rule.ingress.map(record) : [];
    ingress.forEach((item, j) => {
      const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : [];
      entries.forEach((entry, k) => {
        const http = record(entry.rules).http;
        if (http === undefined || mtlsDisabled(subject.namespace, workspace)) return;
        const path: ValuePath = [...source.basePath, 'ingress', j, 'toPorts', k, 'rules', 'http'];
        const why = mode === 'sidecar' ? 'the sidecar encrypts mesh traffic with mTLS, so the HTTP proxy fails it (503) unless mTLS is DISABLE' : 'mesh traffic reaches ambient pods as HBONE on 15008 and never passes this HTTP rule';
        findings.push(makeFinding('ML4014', fieldSpan(policy.yaml, path), `These pods are in Istio ${mode} mode: ${why}. Enforce L7 with Istio and keep Cilium at L3/L4.`, policy.yaml.index));
      });
    });
    if (mode !== 'ambient') continue;
    const hbone = missingHbone(ingress);
    if (hbone !== undefined) {
      findings.push(makeFinding('ML4015', fieldSpan(policy.yaml, [...source.basePath, 'ingress', hbone, 'toPorts']), `Pods ${labelText(subject.labels)} in ${subject.namespace} are in ambient mode: mesh traffic arrives as HBONE on TCP ${ambientWireFacts.hbonePort.port}, which no ingress rule here allows.`, policy.yaml.index));
    }
    if (ingressDefaultDeny(source) && !probeAllowed(policy, workspace)) {
      findings.push(makeFinding('ML4016', fieldSpan(policy.yaml, [...source.basePath, source.rule.ingress !== undefined ? 'ingress' : 'ingressDeny']), `This puts ambient pods in ingress default deny, and no policy in the workspace allows fromCIDR ${ambientWireFacts.probeSource.ip}/32: kubelet probes (SNATed by Istio) will fail.`, policy.yaml.index));
    }
  }
  return findings;
}

function networkPolicyInterop(policy: PolicyDocument, workspace: EnforcementWorkspace): Finding[] {
  const spec = record(policy.value.spec);
  const namespace = policyNamespace(policy, workspace);
  const labels = stringLabels(record(spec.podSelector).matchLabels);
  if (meshMode(namespace, labels, workspace) !== 'ambient' || !Array.isArray(spec.ingress)) return [];
  const items = spec.ingress.map(record);
  const index = missingHbone(items.map((item) => ({ toPorts: item.ports === undefined ? undefined : [{ ports: item.ports }] })));
  if (index === undefined) return [];
  return [makeFinding('ML4015', fieldSpan(policy.yaml, ['spec', 'ingress', index, 'ports']), `Pods in ${namespace} are in ambient mode: mesh traffic arrives as HBONE on TCP ${ambientWireFacts.hbonePort.port}, which no ingress rule here allows.`, policy.yaml.index)];
}

/** Index of the first ingress item with ports, when no item allows 15008 or all ports; else undefined. */
function missingHbone(items: readonly Record<string, unknown>[]): number | undefined {
  let first: number | undefined;
  for (const [j, item] of items.entries()) {
    const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : undefined;
    if (!entries) {
      if (Object.keys(item).length > 0) return undefined; // peers without ports: every port, 15008 included
      continue;
    }
    for (const entry of entries) {
      const ports = Array.isArray(entry.ports) ? entry.ports.map(record) : [];
      if (ports.length === 0 || ports.some((p) => coversPort(p, 15008))) return undefined;
    }
    first ??= j;
  }
  return first;
}

function coversPort(port: Record<string, unknown>, wanted: number): boolean {
  const start = Number(port.port);
  if (port.port === undefined || String(port.port) === '0') return true;
  const end = port.endPort === undefined ? start : Number(port.endPort);
  return wanted >= start && wanted <= end;
}

function ingressDefaultDeny(source: CiliumRuleSource): boolean {
  const flag = record(source.rule.enableDefaultDeny).ingress;
  const hasIngress = (Array.isArray(source.rule.ingress) && source.rule.ingress.length > 0) || (Array.isArray(source.rule.ingressDeny) && source.rule.ingressDeny.length > 0);
  return hasIngress && flag !== false;
}

/** What this check needs from the whole workspace, gathered once per workspace instead of once per rule. */
interface InteropFacts {
  /** Some Cilium policy of the workspace allows ingress from the ambient probe source. */
  readonly probeAllowed: boolean;
  /** Namespaces where a PeerAuthentication sets mtls.mode DISABLE. */
  readonly mtlsDisabled: ReadonlySet<string>;
}

const factsOf = new WeakMap<EnforcementWorkspace, InteropFacts>();

/** One run's share of the facts; a PeerAuthentication's namespace is undefined when it names none (the default). */
interface RunFacts {
  readonly probeAllowed: boolean;
  readonly mtlsDisabled: readonly (string | undefined)[];
}

/**
 * Per run of the workspace (enforcementWorkspace.ts: one array per unchanged segment, the same from one revision to
 * the next), so a keystroke's new workspace re-reads only the runs it changed, not every policy of the workspace.
 */
const runFactsOf = new WeakMap<readonly WorkspacePolicy[], RunFacts>();

function runFacts(run: readonly WorkspacePolicy[]): RunFacts {
  let facts = runFactsOf.get(run);
  if (!facts) {
    let probe = false;
    const disabled: (string | undefined)[] = [];
    for (const { policy } of run) {
      if (!probe && policy.kind.family === 'cilium' && allowsProbe(policy)) probe = true;
      if (policy.kind.kind === 'PeerAuthentication' && record(record(policy.value.spec).mtls).mode === 'DISABLE') disabled.push(policy.namespace);
    }
    facts = { probeAllowed: probe, mtlsDisabled: disabled };
    runFactsOf.set(run, facts);
  }
  return facts;
}

function interopFacts(workspace: EnforcementWorkspace): InteropFacts {
  let facts = factsOf.get(workspace);
  if (!facts) {
    let probeAllowed = false;
    const mtlsDisabled = new Set<string>();
    for (const run of workspaceRuns(workspace)) {
      const ofRun = runFacts(run);
      probeAllowed ||= ofRun.probeAllowed;
      for (const namespace of ofRun.mtlsDisabled) mtlsDisabled.add(namespace ?? workspace.dataplane.defaultNamespace);
    }
    facts = { probeAllowed, mtlsDisabled };
    factsOf.set(workspace, facts);
  }
  return facts;
}

function allowsProbe(policy: PolicyDocument): boolean {
  return ciliumRuleSources(policy, '', policy.namespace ?? '').some((s) => Array.isArray(s.rule.ingress) && s.rule.ingress.some((item) => {
    const i = record(item);
    const cidrs = [...(Array.isArray(i.fromCIDR) ? i.fromCIDR : []), ...(Array.isArray(i.fromCIDRSet) ? i.fromCIDRSet.map((c) => record(c).cidr) : [])];
    return cidrs.some((c) => typeof c === 'string' && cidrWithin(`${ambientWireFacts.probeSource.ip}/32`, c));
  }));
}

function probeAllowed(policy: PolicyDocument, workspace: EnforcementWorkspace): boolean {
  return allowsProbe(policy) || interopFacts(workspace).probeAllowed;
}

function mtlsDisabled(namespace: string, workspace: EnforcementWorkspace): boolean {
  return interopFacts(workspace).mtlsDisabled.has(namespace);
}

function meshMode(namespace: string, labels: Labels, workspace: EnforcementWorkspace): 'sidecar' | 'ambient' | 'unknown' {
  const attachment = resolveIstioAttachment({ selector: { matchLabels: labels } }, namespace, workspace.dataplane);
  const mode = attachment.primary.mode;
  return mode === 'sidecar' || mode === 'ambient' ? mode : 'unknown';
}

function ciliumSubject(source: CiliumRuleSource, clusterwide: boolean, namespace: string): { namespace: string; labels: Labels } | undefined {
  if (source.rule.endpointSelector === undefined) return undefined;
  const raw = stringLabels(record(source.rule.endpointSelector).matchLabels);
  const labels: Record<string, string> = {};
  let ns = clusterwide ? undefined : namespace;
  for (const [key, value] of Object.entries(raw)) {
    if (NAMESPACE_LABELS.includes(key)) ns = value;
    else labels[key.replace(/^(k8s|any):/, '')] = value;
  }
  return ns === undefined ? undefined : { namespace: ns, labels };
}

function stringLabels(value: unknown): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(record(value))) if (typeof v !== 'object') out[k] = String(v);
  return out;
}

function labelText(labels: Labels): string {
  const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ');
  return text || '(all)';
}

