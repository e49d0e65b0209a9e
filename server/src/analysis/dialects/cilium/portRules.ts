// One toPorts entry of a Cilium rule item, checked as rule_validation.go PortRule.Validate / PortDenyRule.Validate
// and L7Rules.Validate do: ports, protocols per L7 kind, DNS placement, listeners, serverNames and HTTP regexes.
// What the CRD schema already enforces (40 allow-rule ports, one L7 kind per entry, enums, non-empty server
// names) is left to it.
import { formatPath, type ValuePath } from '../../model/sourceSpan';
import { isNonEmptyList, isRecord, listOf, scalarText, type PolicyFindings } from '../policyFindings';
import { isIanaServiceName } from '../kubernetes/portName';
import { l7Kinds, MAX_PORTS_PER_ENTRY, portlessProtocols, TCP, type L7Kind, type SectionFacts } from './ciliumRuleTables';
import { re2Problem } from './re2Syntax';

/** The L7 kinds an entry actually uses (upstream's L7Rules.IsEmpty ignores empty lists). */
export function l7KindsIn(portRule: unknown): L7Kind[] {
  if (!isRecord(portRule) || !isRecord(portRule.rules)) return [];
  const rules = portRule.rules;
  return l7Kinds.filter((kind) => (kind.field === 'l7' ? typeof rules.l7proto === 'string' && rules.l7proto !== '' : isNonEmptyList(rules[kind.field])));
}

export function checkPortRule(findings: PolicyFindings, path: ValuePath, portRule: unknown, facts: SectionFacts): void {
  if (!isRecord(portRule)) return;
  if (facts.deny) {
    checkDenyPortRule(findings, path, portRule);
    return;
  }
  const used = l7KindsIn(portRule);
  const hasDns = used.some((k) => k.field === 'dns');
  const hasL7 = used.length > 0;
  const rulesPath: ValuePath = [...path, 'rules'];

  if (facts.direction === 'ingress' && hasDns) {
    findings.add('ML2008', [...rulesPath, 'dns'], `\`${formatPath([...rulesPath, 'dns'])}\`: DNS rules are not allowed on ingress; DNS L7 rules only apply to an endpoint's egress lookups.`, { at: 'key' });
  }
  const serverNames = portRule.serverNames;
  if (isNonEmptyList(serverNames) && hasL7 && portRule.terminatingTLS === undefined) {
    findings.add('ML2015', [...path, 'serverNames'], `\`${formatPath([...path, 'serverNames'])}\`: ServerNames are not allowed with L7 rules without TLS termination; add terminatingTLS or drop the L7 rules.`, { at: 'key' });
  }

  const ports = listOf(portRule.ports);
  let zeroPort: ValuePath | undefined;
  ports.forEach((entry, i) => {
    if (!isRecord(entry)) return;
    const at: ValuePath = [...path, 'ports', i];
    if (checkPortProtocol(findings, at, entry, hasDns) === 0) zeroPort ??= [...at, 'port'];
    // DNS rules accept TCP, UDP and ANY; every other L7 kind needs TCP on every port of the entry.
    if (hasL7 && !hasDns) {
      const protocol = typeof entry.protocol === 'string' ? entry.protocol.toUpperCase() : '';
      if (protocol !== TCP) {
        const shown = protocol === '' ? 'ANY' : protocol;
        const where = entry.protocol === undefined ? at : [...at, 'protocol'];
        findings.add('ML2009', where, `\`${formatPath(at)}\`: L7 rules can only apply to TCP (not ${shown}) except for DNS rules${protocol === '' ? '; an empty protocol means ANY, so set `protocol: TCP`' : ''}.`);
      }
    }
  });

  if (isRecord(portRule.listener)) {
    const name = typeof portRule.listener.name === 'string' ? portRule.listener.name : '';
    if (facts.direction === 'ingress') {
      findings.add('ML2013', [...path, 'listener'], `\`${formatPath([...path, 'listener'])}\`: Listener is not allowed on ingress (${name}); custom listeners only work on egress.`, { at: 'key' });
    }
    if (hasL7) {
      findings.add('ML2014', [...path, 'listener'], `\`${formatPath([...path, 'listener'])}\`: Listener is not allowed with L7 rules (${name}).`, { at: 'key' });
    }
  }

  if (!hasL7) {
    checkGenericL7WithoutProto(findings, rulesPath, portRule.rules);
    return;
  }
  if (zeroPort) {
    findings.add('ML2012', zeroPort, `\`${formatPath(zeroPort)}\`: L7 rules can not be used when a port is 0; list the real ports to redirect to the proxy.`);
  }
  if (hasDns && !isNonEmptyList(portRule.ports)) {
    findings.add('ML2010', [...rulesPath, 'dns'], `\`${formatPath(path)}\`: port 53 must be specified for DNS rules; add \`ports: [{port: "53", protocol: ANY}]\`.`, { at: 'key' });
  }
  checkGenericL7WithoutProto(findings, rulesPath, portRule.rules);
  for (const kind of used.filter((k) => k.deprecated)) {
    findings.add('ML2026', [...rulesPath, kind.field === 'l7' ? 'l7proto' : kind.field], `\`${formatPath(rulesPath)}\` uses ${kind.label} rules, deprecated in Cilium 1.19 and removed in 1.20; the policy stops working on upgrade.`, { at: 'key' });
  }
  if (isRecord(portRule.rules)) {
    listOf(portRule.rules.http).forEach((rule, i) => checkHttpRule(findings, [...rulesPath, 'http', i], rule));
    if (used.some((k) => k.field === 'l7')) listOf(portRule.rules.l7).forEach((rule, i) => checkGenericL7Rule(findings, [...rulesPath, 'l7', i], rule));
  }
}

/** Source: l7.go PortRuleL7.Sanitize (called by L7Rules.sanitize for each l7 entry once l7proto is set): keys must be non-empty. */
function checkGenericL7Rule(findings: PolicyFindings, path: ValuePath, rule: unknown): void {
  if (!isRecord(rule) || !Object.hasOwn(rule, '')) return;
  findings.add('ML2033', [...path, ''], `\`${formatPath(path)}\`: Empty key not allowed; each key of a generic L7 rule names a field the l7proto parser matches.`, { at: 'key' });
}

/** Source: PortDenyRule.Validate, which only knows ports (deny rules carry no L7, TLS or listener fields). */
function checkDenyPortRule(findings: PolicyFindings, path: ValuePath, portRule: Record<string, unknown>): void {
  const ports = listOf(portRule.ports);
  if (ports.length > MAX_PORTS_PER_ENTRY) {
    findings.add('ML2027', [...path, 'ports'], `\`${formatPath([...path, 'ports'])}\` has ${ports.length} ports: too many ports, the max is ${MAX_PORTS_PER_ENTRY}.`, { at: 'key' });
  }
  ports.forEach((entry, i) => {
    if (isRecord(entry)) checkPortProtocol(findings, [...path, 'ports', i], entry, false);
  });
}

/**
 * Validates one ports[] entry; returns the numeric port (undefined for names, missing or bad ports).
 * Source: PortProtocol.Validate (port required unless port-less protocol, iana.IsSvcName, strconv.ParseUint base 0).
 */
function checkPortProtocol(findings: PolicyFindings, at: ValuePath, entry: Record<string, unknown>, hasDns: boolean): number | undefined {
  const protocol = typeof entry.protocol === 'string' ? entry.protocol.toUpperCase() : '';
  const portless = portlessProtocols.includes(protocol);
  const port = scalarText(entry.port) ?? '';
  if (port === '') {
    if (!portless) findings.add('ML2017', entry.port === undefined ? at : [...at, 'port'], `\`${formatPath(at)}\`: port must be specified (use "0" for all ports of the protocol).`);
    return undefined;
  }
  if (isIanaServiceName(port)) return undefined;
  if (portless && port !== '0') {
    findings.add('ML2018', [...at, 'port'], `\`${formatPath([...at, 'port'])}\`: port must be empty or 0 for protocol ${protocol}, which has no ports.`);
    return undefined;
  }
  const value = parseGoUint(port);
  if (value === undefined || value > 65535) {
    findings.add('ML2018', [...at, 'port'], `\`${formatPath([...at, 'port'])}\`: unable to parse port "${port}": it is neither a number from 0 to 65535 nor a valid port name.`);
    return undefined;
  }
  const endPort = typeof entry.endPort === 'number' ? entry.endPort : undefined;
  if (hasDns && endPort !== undefined && endPort > value) {
    findings.add('ML2011', [...at, 'endPort'], `\`${formatPath([...at, 'endPort'])}\`: DNS rules do not support port ranges.`);
  } else if (endPort !== undefined && endPort !== 0 && endPort < value) {
    findings.add('ML2023', [...at, 'endPort'], `\`${formatPath([...at, 'endPort'])}\` (${endPort}) is lower than port ${value}; endPort must be >= port for a range, so this rule does not cover the ports that were meant.`);
  }
  return value;
}

/** strconv.ParseUint(s, 0, 16) without the bit size: decimal, 0x hex, 0o/leading-0 octal, 0b binary, "_" separators. */
function parseGoUint(text: string): number | undefined {
  const digits = text.replace(/_/g, '');
  let match: RegExpMatchArray | null;
  if ((match = /^0[xX]([0-9a-fA-F]+)$/.exec(digits))) return parseInt(match[1], 16);
  if ((match = /^0[bB]([01]+)$/.exec(digits))) return parseInt(match[1], 2);
  if ((match = /^0[oO]?([0-7]+)$/.exec(digits))) return parseInt(match[1], 8);
  if (/^(0|[1-9][0-9]*)$/.test(digits)) return Number(digits);
  return undefined;
}

function checkGenericL7WithoutProto(findings: PolicyFindings, rulesPath: ValuePath, rules: unknown): void {
  if (!isRecord(rules) || rules.l7 === undefined || rules.l7 === null) return;
  if (typeof rules.l7proto === 'string' && rules.l7proto !== '') return;
  findings.add('ML2022', [...rulesPath, 'l7'], `\`${formatPath([...rulesPath, 'l7'])}\`: 'l7' may only be specified when a 'l7proto' is also specified.`, { at: 'key' });
}

/** Source: http.go PortRuleHTTP.Validate compiles path and method (and host) as Go regexps. */
function checkHttpRule(findings: PolicyFindings, path: ValuePath, rule: unknown): void {
  if (!isRecord(rule)) return;
  for (const field of ['path', 'method', 'host']) {
    const pattern = rule[field];
    if (typeof pattern !== 'string' || pattern === '') continue;
    const problem = re2Problem(pattern);
    if (problem) {
      findings.add('ML2021', [...path, field], `\`${formatPath([...path, field])}\`: error parsing regexp "${pattern}": ${problem}. HTTP ${field} is a regular expression, not a glob; use ".*" for "anything".`);
    }
  }
}
