// Mirrors what the Cilium agent refuses when it imports a CNP/CCNP, beyond the CRD schema: the CNP parser
// (empty policy, nodeSelector in a namespaced policy) and api.Rule.Validate for every rule in `spec`/`specs`
// (peer kinds per item, icmps with toPorts, host-policy L7, selectors, CIDRs, ports). Findings name the field.
import type { DocumentCheck } from '../../policyDocument';
import { formatPath, type ValuePath } from '../../model/sourceSpan';
import { isNonEmptyList, isRecord, listOf, PolicyFindings } from '../policyFindings';
import { checkLabelSelector, type LabelSelectorRules } from '../kubernetes/labelSelector';
import { icmpTypeNames, INIT_LABEL_KEY, namespaceLabelKeys, nodePeerFields, sectionFacts, selectorPeerFields, type SectionFacts } from './ciliumRuleTables';
import { checkCidrPeers } from './cidrPeers';
import { checkPortRule, l7KindsIn } from './portRules';

/** The CRD enum already rejects unknown operators; values have a schema pattern in matchLabels only. */
const selectorRules: LabelSelectorRules = { checkOperator: false, checkValues: false, keyStyle: 'cilium' };

export const checkCiliumRules: DocumentCheck = (doc) => {
  const findings = new PolicyFindings(doc);
  const { spec, specs } = doc.value;
  const namespaced = doc.kind.namespaced;
  const noSpec = spec === undefined || spec === null;
  if (noSpec && (specs === undefined || specs === null)) {
    findings.add('ML2001', ['kind'], `${doc.kind.kind} has neither \`spec\` nor \`specs\`; Cilium refuses it as an empty policy.`);
  } else if (noSpec && Array.isArray(specs) && specs.length === 0) {
    findings.add('ML2001', ['specs'], '`specs` is empty and there is no `spec`, so this policy contains no rules.', { severity: 'warning' });
  }
  if (!namespaced && doc.namespace) {
    findings.add('ML2031', ['metadata', 'namespace'], `\`metadata.namespace\` "${doc.namespace}" is ignored: ${doc.kind.kind} is cluster-scoped and applies to every namespace its selectors match.`);
  }
  const rules: [ValuePath, unknown][] = [[['spec'], spec], ...listOf(specs).map((rule, i): [ValuePath, unknown] => [['specs', i], rule])];
  for (const [path, rule] of rules) {
    if (!isRecord(rule)) continue;
    checkRule(findings, path, rule, namespaced);
    if (namespaced && doc.namespace) checkSubjectNamespace(findings, path, rule, doc.namespace);
    if (namespaced) checkInitLabel(findings, path, rule);
  }
  return findings.list;
};

function checkRule(findings: PolicyFindings, path: ValuePath, rule: Record<string, unknown>, namespaced: boolean): void {
  // Missing sections are the schema's anyOf; only present-but-empty lists slip through it.
  const present = sectionFacts.filter((f) => rule[f.section] !== undefined);
  if (present.length > 0 && !present.some((f) => isNonEmptyList(rule[f.section]))) {
    const names = present.map((f) => `${f.section}: []`).join(', ');
    findings.add('ML2002', [...path, present[0].section], `\`${formatPath(path)}\`: "rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny" with an item, and ${names} has none; use \`- {}\` to deny all in a direction.`, { at: 'key' });
  }
  const hostPolicy = isRecord(rule.nodeSelector);
  if (hostPolicy && namespaced) {
    findings.add('ML2003', [...path, 'nodeSelector'], `\`${formatPath([...path, 'nodeSelector'])}\`: in a CiliumNetworkPolicy the "rule cannot have NodeSelector"; host policies must be CiliumClusterwideNetworkPolicy.`, { at: 'key' });
  }
  checkLabelSelector(findings, [...path, 'endpointSelector'], rule.endpointSelector, selectorRules);
  checkLabelSelector(findings, [...path, 'nodeSelector'], rule.nodeSelector, selectorRules);
  checkDefaultDeny(findings, path, rule);
  for (const facts of sectionFacts) {
    listOf(rule[facts.section]).forEach((item, i) => {
      if (isRecord(item)) checkItem(findings, [...path, facts.section, i], item, facts, hostPolicy);
    });
  }
}

function checkItem(findings: PolicyFindings, path: ValuePath, item: Record<string, unknown>, facts: SectionFacts, hostPolicy: boolean): void {
  // In the order they are written, so the finding lands on the peer kind that was added second.
  const written = Object.keys(item);
  const peers = facts.peerKinds.filter(([field]) => isNonEmptyList(item[field])).sort(([a], [b]) => written.indexOf(a) - written.indexOf(b));
  if (peers.length > 1) {
    const [[, firstGo], [secondField, secondGo]] = peers;
    const fields = peers.map(([field]) => field).join(', ');
    findings.add('ML2004', [...path, secondField], `\`${formatPath(path)}\` combines ${fields}; Cilium refuses this ("combining ${firstGo} and ${secondGo} is not supported yet"). Split them into separate ${facts.section} items.`, { at: 'key' });
  }
  const hasPorts = isNonEmptyList(item.toPorts);
  if (hasPorts && isNonEmptyList(item.toServices)) {
    findings.add('ML2005', [...path, 'toServices'], `\`${formatPath(path)}\` combines toServices and toPorts, which Cilium agents before the fix for cilium/cilium#20067 refuse ("combining ToServices and ToPorts is not supported yet").`, { at: 'key' });
  }
  if (hasPorts && isNonEmptyList(item.icmps)) {
    findings.add('ML2006', [...path, 'icmps'], `\`${formatPath(path)}\` has both icmps and toPorts: "the ICMPs block may only be present without ToPorts". Define a separate ${facts.section} item for the ports.`, { at: 'key' });
  }
  for (const field of nodePeerFields) {
    if (isNonEmptyList(item[field])) {
      findings.add('ML2024', [...path, field], `\`${formatPath([...path, field])}\` only takes effect when the Cilium agent runs with --enable-node-selector-labels.`, { at: 'key' });
    }
  }
  for (const field of selectorPeerFields) {
    listOf(item[field]).forEach((selector, i) => checkLabelSelector(findings, [...path, field, i], selector, selectorRules));
  }
  checkCidrPeers(findings, path, item);
  checkIcmpTypes(findings, path, item.icmps);
  const portRules = listOf(item.toPorts);
  if (hostPolicy) checkHostL7(findings, path, portRules, facts);
  portRules.forEach((portRule, i) => checkPortRule(findings, [...path, 'toPorts', i], portRule, facts));
}

/** Source: IngressRule.Validate / EgressRule.Validate with hostPolicy (l7EgressSupport HTTP: !hostPolicy). */
function checkHostL7(findings: PolicyFindings, path: ValuePath, portRules: readonly unknown[], facts: SectionFacts): void {
  portRules.forEach((portRule, i) => {
    for (const kind of l7KindsIn(portRule)) {
      const allowed = facts.direction === 'egress' && kind.hostEgress;
      if (allowed) continue;
      const at: ValuePath = [...path, 'toPorts', i, 'rules'];
      const message =
        facts.direction === 'ingress'
          ? `\`${formatPath(at)}\`: L7 policy is not supported on host ingress yet (this rule has a nodeSelector).`
          : `\`${formatPath(at)}\`: L7 protocol ${kind.label} is not supported on host egress yet; host policies only allow DNS rules.`;
      findings.add('ML2007', at, message, { at: 'key' });
    }
  });
}

/** Source: rule.go DefaultDenyConfig; Sanitize only fills a direction's default from whether it has rules. */
function checkDefaultDeny(findings: PolicyFindings, path: ValuePath, rule: Record<string, unknown>): void {
  const config = rule.enableDefaultDeny;
  if (!isRecord(config)) return;
  for (const direction of ['ingress', 'egress'] as const) {
    const setting = config[direction];
    if (typeof setting !== 'boolean') continue;
    const hasRules = sectionFacts.some((f) => f.direction === direction && isNonEmptyList(rule[f.section]));
    if (hasRules) continue;
    const at: ValuePath = [...path, 'enableDefaultDeny', direction];
    const effect = setting
      ? `every endpoint this rule selects now drops all ${direction} traffic that no other policy allows`
      : 'it has no effect here';
    findings.add('ML2025', at, `\`${formatPath(at)}\` is ${setting} but the rule has no ${direction} items: ${effect}.`);
  }
}

/** Source: utils.go ParseToCiliumRule drops a subject namespace match that differs from the policy's namespace. */
function checkSubjectNamespace(findings: PolicyFindings, path: ValuePath, rule: Record<string, unknown>, namespace: string): void {
  const selector = rule.endpointSelector;
  if (!isRecord(selector) || !isRecord(selector.matchLabels)) return;
  for (const key of namespaceLabelKeys) {
    const value = selector.matchLabels[key];
    if (typeof value !== 'string' || value === namespace) continue;
    const at: ValuePath = [...path, 'endpointSelector', 'matchLabels', key];
    findings.add('ML2028', at, `\`${formatPath(at)}\` is "${value}", but a CiliumNetworkPolicy in namespace "${namespace}" only selects pods of "${namespace}"; Cilium removes this match.`);
  }
}

/** Source: icmp.go ICMPField.UnmarshalJSON looks a type name up in the table of its family (IPv4 by default). */
function checkIcmpTypes(findings: PolicyFindings, path: ValuePath, icmps: unknown): void {
  listOf(icmps).forEach((rule, i) => {
    if (!isRecord(rule)) return;
    listOf(rule.fields).forEach((field, j) => {
      if (!isRecord(field) || typeof field.type !== 'string' || /^[0-9]+$/.test(field.type)) return;
      const family = field.family === 'IPv6' ? 'IPv6' : 'IPv4';
      if (field.family !== undefined && field.family !== 'IPv4' && field.family !== 'IPv6') return; // the schema's enum reports it
      if (icmpTypeNames[family].includes(field.type)) return;
      const at: ValuePath = [...path, 'icmps', i, 'fields', j, 'type'];
      const other = family === 'IPv4' ? 'IPv6' : 'IPv4';
      const hint = icmpTypeNames[other].includes(field.type) ? ` It is an ${other} type name; set \`family: ${other}\`.` : '';
      findings.add('ML2029', at, `\`${formatPath(at)}\`: ICMP type ${field.type} not found in ${family}${field.family === undefined ? ' (the default family)' : ''}.${hint}`);
    });
  });
}

/** Source: validator.go checkInitLabelsPolicy (EndpointSelector.HasKey looks at matchLabels and matchExpressions). */
function checkInitLabel(findings: PolicyFindings, path: ValuePath, rule: Record<string, unknown>): void {
  const selector = rule.endpointSelector;
  if (!isRecord(selector)) return;
  const message = (at: ValuePath): string =>
    `\`${formatPath(at)}\`: CiliumNetworkPolicy incorrectly matches reserved:init label; endpoints without an identity have no namespace, so use a CiliumClusterwideNetworkPolicy.`;
  if (isRecord(selector.matchLabels) && INIT_LABEL_KEY in selector.matchLabels) {
    const at: ValuePath = [...path, 'endpointSelector', 'matchLabels', INIT_LABEL_KEY];
    findings.add('ML2030', at, message(at), { at: 'key' });
  }
  listOf(selector.matchExpressions).forEach((expression, i) => {
    if (!isRecord(expression) || expression.key !== INIT_LABEL_KEY) return;
    const at: ValuePath = [...path, 'endpointSelector', 'matchExpressions', i, 'key'];
    findings.add('ML2030', at, message(at));
  });
}
