// What the Kubernetes API server rejects in a NetworkPolicy beyond its OpenAPI schema: selectors, peers, ipBlock
// CIDRs, ports and policyTypes. Mirrors kubernetes/kubernetes pkg/apis/networking/validation ValidateNetworkPolicySpec.
import type { DocumentCheck } from '../../policyDocument';
import { formatPath, type ValuePath } from '../../model/sourceSpan';
import { isRecord, listOf, PolicyFindings } from '../policyFindings';
import { checkLabelSelector, type LabelSelectorRules } from './labelSelector';
import { parseIpPrefix, prefixContainsAddress, networkAddress } from './ipPrefix';
import { portNameProblems } from './portName';

const selectorRules: LabelSelectorRules = { checkOperator: true, checkValues: true, keyStyle: 'kubernetes' };

/** Rule direction → its peer list field; source: networking/v1 NetworkPolicyIngressRule / EgressRule. */
const peerListByDirection = { ingress: 'from', egress: 'to' } as const;

/** Source: ValidateNetworkPolicyPort (TCP, UDP, SCTP) and ValidateNetworkPolicySpec (Ingress, Egress). */
const supportedProtocols: readonly string[] = ['TCP', 'UDP', 'SCTP'];
const supportedPolicyTypes: readonly string[] = ['Ingress', 'Egress'];

export const checkNetworkPolicySpec: DocumentCheck = (doc) => {
  const findings = new PolicyFindings(doc);
  const spec = doc.value.spec;
  if (!isRecord(spec)) return findings.list;
  checkLabelSelector(findings, ['spec', 'podSelector'], spec.podSelector, selectorRules);
  for (const direction of ['ingress', 'egress'] as const) {
    listOf(spec[direction]).forEach((rule, i) => {
      if (!isRecord(rule)) return;
      const peerField = peerListByDirection[direction];
      listOf(rule[peerField]).forEach((peer, j) => checkPeer(findings, ['spec', direction, i, peerField, j], peer));
      listOf(rule.ports).forEach((port, j) => checkPort(findings, ['spec', direction, i, 'ports', j], port));
    });
  }
  checkPolicyTypes(findings, spec.policyTypes);
  return findings.list;
};

function checkPeer(findings: PolicyFindings, path: ValuePath, peer: unknown): void {
  if (!isRecord(peer)) return;
  const kinds = (['podSelector', 'namespaceSelector', 'ipBlock'] as const).filter((k) => peer[k] !== undefined && peer[k] !== null);
  if (kinds.length === 0) {
    findings.add('ML2512', path, `\`${formatPath(path)}\` must specify a peer: set podSelector, namespaceSelector or ipBlock (an empty peer is rejected; omit the list to allow everything).`);
  } else if (kinds.length > 1 && kinds.includes('ipBlock')) {
    findings.add('ML2513', [...path, 'ipBlock'], `\`${formatPath(path)}\` may not specify both ipBlock and ${kinds.filter((k) => k !== 'ipBlock').join(' and ')}; put them in separate peers.`, { at: 'key' });
  }
  checkLabelSelector(findings, [...path, 'podSelector'], peer.podSelector, selectorRules);
  checkLabelSelector(findings, [...path, 'namespaceSelector'], peer.namespaceSelector, selectorRules);
  if (isRecord(peer.ipBlock)) checkIpBlock(findings, [...path, 'ipBlock'], peer.ipBlock);
}

function checkIpBlock(findings: PolicyFindings, path: ValuePath, ipBlock: Record<string, unknown>): void {
  if (ipBlock.cidr === '') {
    findings.add('ML2510', [...path, 'cidr'], `\`${formatPath([...path, 'cidr'])}\` is required: give a CIDR such as 10.0.0.0/8.`);
    return;
  }
  if (typeof ipBlock.cidr !== 'string') return;
  const cidr = parseIpPrefix(ipBlock.cidr, 'kubernetes');
  if (!cidr.ok) {
    findings.add('ML2510', [...path, 'cidr'], `\`${formatPath([...path, 'cidr'])}\`: "${ipBlock.cidr}" is not a valid CIDR (${cidr.reason}).`);
    return;
  }
  listOf(ipBlock.except).forEach((text, i) => {
    if (typeof text !== 'string') return;
    const at: ValuePath = [...path, 'except', i];
    const except = parseIpPrefix(text, 'kubernetes');
    if (!except.ok) {
      findings.add('ML2510', at, `\`${formatPath(at)}\`: "${text}" is not a valid CIDR (${except.reason}).`);
      return;
    }
    // ParseCIDR masks host bits, so containment is checked on the except's network address.
    const inside = prefixContainsAddress(cidr.prefix, { family: except.prefix.family, address: networkAddress(except.prefix) });
    if (!inside || cidr.prefix.bits >= except.prefix.bits) {
      findings.add('ML2511', at, `\`${formatPath(at)}\`: "${text}" must be a strict subset of \`cidr\` "${ipBlock.cidr}".`);
    }
  });
}

function checkPort(findings: PolicyFindings, path: ValuePath, entry: unknown): void {
  if (!isRecord(entry)) return;
  const { protocol, port, endPort } = entry;
  if (typeof protocol === 'string' && !supportedProtocols.includes(protocol)) {
    findings.add('ML2514', [...path, 'protocol'], `\`${formatPath([...path, 'protocol'])}\`: unsupported value "${protocol}"; supported values are "TCP", "UDP", "SCTP".`);
  }
  const hasEndPort = typeof endPort === 'number';
  if (typeof port === 'number') {
    if (!isPortNumber(port)) findings.add('ML2515', [...path, 'port'], `\`${formatPath([...path, 'port'])}\`: ${port} must be between 1 and 65535, inclusive.`);
    if (hasEndPort) {
      if (endPort < port) findings.add('ML2517', [...path, 'endPort'], `\`${formatPath([...path, 'endPort'])}\`: ${endPort} must be greater than or equal to \`port\` (${port}).`);
      if (!isPortNumber(endPort)) findings.add('ML2515', [...path, 'endPort'], `\`${formatPath([...path, 'endPort'])}\`: ${endPort} must be between 1 and 65535, inclusive.`);
    }
  } else if (typeof port === 'string') {
    if (hasEndPort) findings.add('ML2518', [...path, 'endPort'], `\`${formatPath([...path, 'endPort'])}\` may not be specified when \`port\` is non-numeric ("${port}").`, { at: 'key' });
    const problems = portNameProblems(port);
    if (problems.length > 0) {
      const hint = /^[0-9]+$/.test(port) ? ' Write the number unquoted to mean a port number.' : '';
      findings.add('ML2516', [...path, 'port'], `\`${formatPath([...path, 'port'])}\`: "${port}" is not a valid port name: it ${problems.join(', ')}.${hint}`);
    }
  } else if (port === undefined || port === null) {
    if (hasEndPort) findings.add('ML2518', [...path, 'endPort'], `\`${formatPath([...path, 'endPort'])}\` may not be specified when \`port\` is not specified.`, { at: 'key' });
  }
}

function checkPolicyTypes(findings: PolicyFindings, policyTypes: unknown): void {
  const types = listOf(policyTypes);
  if (types.length > supportedPolicyTypes.length) {
    findings.add('ML2519', ['spec', 'policyTypes'], '`spec.policyTypes` may not specify more than two policyTypes.');
  }
  types.forEach((type, i) => {
    if (typeof type === 'string' && !supportedPolicyTypes.includes(type)) {
      findings.add('ML2519', ['spec', 'policyTypes', i], `\`spec.policyTypes[${i}]\`: unsupported value "${type}"; supported values are "Ingress", "Egress".`);
    }
  });
}

function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}
