// What the cluster's control plane said about a policy open in the editor, set beside meshlens's own prediction.
// The policy of the same kind/namespace/name in the cluster (the one the open file would replace) carries status
// conditions: Istio's ZtunnelAccepted and WaypointAccepted (upstream: istio pilot/pkg/model/service.go ConditionType;
// pilot/pkg/serviceregistry/kube/controller/ambient/authorization.go convertAuthorizationPolicy writes reason
// UnsupportedValue, status True — "accepted with a warning" — when ztunnel drops HTTP attributes, and for the CUSTOM
// and AUDIT actions; pilot/pkg/status/distribution reports False for both types), Cilium's Valid (upstream: cilium
// pkg/k8s/apis/cilium.io/v2 cnp_types.go; the operator's policy validator sets True or False with the parse error)
// and Cilium's derivative-policy errors. meshlens's prediction for the same policy is its own findings:
// ML4001–ML4004 (ztunnel drops, strips or cannot run part of it), ML4006 (no waypoint binds a target), an error
// (Cilium would refuse it). The result is one ML5030 information finding when the control plane did not take all of
// the policy, or when it and meshlens disagree, and a hover section that always shows what was said.
import type { FileAnalysis } from '../analysis/analyzeFile';
import { makeFinding } from '../analysis/findings/findingCodes';
import type { Finding } from '../analysis/model/finding';
import { spanAt } from '../analysis/yaml/parseYamlDocuments';
import type { PolicyDocument } from '../analysis/policyDocument';
import type { PolicyStatus, StatusCondition } from './clusterObject';

/** The cluster's copy of a policy: its status, and what the status is about. */
export interface ClusterPolicyStatus {
  readonly status: PolicyStatus;
  readonly generation?: number;
  readonly spec?: unknown;
}

export type ClusterStatusLookup = (kind: string, namespace: string | undefined, name: string) => ClusterPolicyStatus | undefined;

/** Codes whose presence is meshlens's prediction that ztunnel does not take all of an AuthorizationPolicy. */
const ztunnelPredictionCodes = new Set(['ML4001', 'ML4002', 'ML4003', 'ML4004']);

interface Verdict {
  /** One line per condition: what the control plane said. */
  readonly said: readonly string[];
  /** The control plane rejected or partly accepted the policy. */
  readonly notFullyTaken: boolean;
  /** Agreement or disagreement with meshlens, per condition that meshlens predicts. */
  readonly comparison: readonly string[];
  readonly disagrees: boolean;
}

function conditionText(condition: StatusCondition): string {
  return `${condition.type}=${condition.status}${condition.reason ? ` (${condition.reason})` : ''}${condition.message ? `: “${condition.message}”` : ''}`;
}

/** Istio's partial acceptance: UnsupportedValue, whatever the status; a False status is a rejection. */
function notTaken(condition: StatusCondition): boolean {
  return condition.status === 'False' || condition.reason === 'UnsupportedValue';
}

function verdictOf(policy: PolicyDocument, status: PolicyStatus, findings: readonly Finding[]): Verdict {
  const said = status.conditions.map(conditionText);
  for (const [name, error] of Object.entries(status.derivativeErrors ?? {})) said.push(`derivative policy ${name}: “${error}”`);
  const comparison: string[] = [];
  let disagrees = false;
  const codes = new Set(findings.map((f) => f.code));
  const compare = (condition: StatusCondition | undefined, predicted: boolean, what: string, because: string): void => {
    if (!condition) return;
    const clusterSays = notTaken(condition);
    if (clusterSays === predicted) comparison.push(`meshlens agrees on ${condition.type}: ${predicted ? `it predicts ${what}${because}` : `it predicts no such problem`}.`);
    else {
      disagrees = true;
      comparison.push(`meshlens disagrees on ${condition.type}: ${predicted ? `it predicts ${what}${because}, the control plane took it` : `it predicts no such problem, the control plane says otherwise`}.`);
    }
  };
  if (policy.kind.kind === 'AuthorizationPolicy') {
    const ztunnel = status.conditions.find((c) => c.type === 'ZtunnelAccepted');
    const ztunnelCodes = [...codes].filter((c) => ztunnelPredictionCodes.has(c)).sort();
    compare(ztunnel, ztunnelCodes.length > 0, 'that ztunnel does not enforce all of it', ztunnelCodes.length > 0 ? ` (${ztunnelCodes.join(', ')})` : '');
    compare(status.conditions.find((c) => c.type === 'WaypointAccepted'), codes.has('ML4006'), 'that no waypoint binds a target', ' (ML4006)');
  }
  if (policy.kind.kind === 'CiliumNetworkPolicy' || policy.kind.kind === 'CiliumClusterwideNetworkPolicy') {
    const errors = findings.filter((f) => f.severity === 'error').map((f) => f.code);
    compare(status.conditions.find((c) => c.type === 'Valid'), errors.length > 0, 'that Cilium refuses it', errors.length > 0 ? ` (${[...new Set(errors)].sort().join(', ')})` : '');
  }
  const notFullyTaken = status.conditions.some(notTaken) || Object.keys(status.derivativeErrors ?? {}).length > 0;
  return { said, notFullyTaken, comparison, disagrees };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether the status speaks of this very text, an older generation, or a cluster copy that differs from the file. */
function aboutWhat(policy: PolicyDocument, cluster: ClusterPolicyStatus): string[] {
  const notes: string[] = [];
  const observed = cluster.status.conditions.map((c) => c.observedGeneration).filter((g): g is number => g !== undefined);
  if (cluster.generation !== undefined && observed.length > 0 && Math.min(...observed) < cluster.generation) notes.push(`the status is for generation ${Math.min(...observed)}, the cluster's object is at generation ${cluster.generation}`);
  if (cluster.spec !== undefined && !sameJson(cluster.spec, policy.value.spec)) notes.push("the cluster's copy differs from this file: the status is about the cluster's copy, applying this file would change it");
  return notes;
}

function lookupFor(policy: PolicyDocument, defaultNamespace: string, lookup: ClusterStatusLookup): ClusterPolicyStatus | undefined {
  const name = typeof policy.name === 'string' && policy.name !== '' ? policy.name : undefined;
  if (!name) return undefined;
  return lookup(policy.kind.kind, policy.kind.namespaced ? (policy.namespace ?? defaultNamespace) : undefined, name);
}

/** ML5030 per policy document of the file whose cluster copy the control plane did not fully take, or where it and meshlens disagree. */
export function controlPlaneFindings(analysis: FileAnalysis, findings: readonly Finding[], lookup: ClusterStatusLookup, context: string, defaultNamespace: string): Finding[] {
  const out: Finding[] = [];
  for (const document of analysis.documents) {
    const policy = document.policy;
    if (!policy) continue;
    const cluster = lookupFor(policy, defaultNamespace, lookup);
    if (!cluster) continue;
    const verdict = verdictOf(policy, cluster.status, findings.filter((f) => f.documentIndex === document.yaml.index));
    if (!verdict.notFullyTaken && !verdict.disagrees) continue;
    const notes = aboutWhat(policy, cluster);
    const message = [`The control plane of cluster ${context} says: ${verdict.said.join('; ')}.`, ...verdict.comparison, ...notes.map((n) => `Note: ${n}.`)].join(' ');
    out.push(makeFinding('ML5030', spanAt(document.yaml, ['metadata', 'name']), message, document.yaml.index));
  }
  return out;
}

/** Cluster text shown as markdown: its markdown characters lose their meaning. */
function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#|!~]/g, (c) => `\\${c}`);
}

/** The hover section for the policy document at `offset`: every condition, and the comparison. */
export function controlPlaneHover(analysis: FileAnalysis, offset: number, findings: readonly Finding[], lookup: ClusterStatusLookup, context: string, defaultNamespace: string): string | undefined {
  const document = analysis.documents.find((d) => d.policy && offset >= d.yaml.start && offset <= d.yaml.end);
  if (!document?.policy) return undefined;
  // Shown where the object is named (its kind and metadata), not on every rule.
  const within = (path: readonly string[]): boolean => offset >= spanAt(document.yaml, path, 'key').start && offset <= spanAt(document.yaml, path, 'value').end;
  if (!within(['kind']) && !within(['metadata'])) return undefined;
  const cluster = lookupFor(document.policy, defaultNamespace, lookup);
  if (!cluster) return undefined;
  const verdict = verdictOf(document.policy, cluster.status, findings.filter((f) => f.documentIndex === document.yaml.index));
  const lines = [`**In cluster ${plain(context)}, the control plane says**`, '', ...verdict.said.map((s) => `- ${plain(s)}`)];
  if (verdict.comparison.length > 0) lines.push('', ...verdict.comparison);
  const notes = aboutWhat(document.policy, cluster);
  if (notes.length > 0) lines.push('', ...notes.map((n) => `_${n}._`));
  return lines.join('\n');
}
