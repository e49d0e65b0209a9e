// CIDR peers of a Cilium rule item: fromCIDR/toCIDR strings and fromCIDRSet/toCIDRSet rules, as
// rule_validation.go CIDR.Validate and CIDRRule.Validate check them (Go netip parsing, except ⊂ cidr).
// Exactly-one-of cidr/cidrGroupRef/cidrGroupSelector is left to the CRD schema's oneOf.
import { formatPath, type ValuePath } from '../../model/sourceSpan';
import { isRecord, listOf, type PolicyFindings } from '../policyFindings';
import { parseIpAddress, parseIpPrefix, prefixContainsAddress } from '../kubernetes/ipPrefix';
import { checkLabelSelector } from '../kubernetes/labelSelector';
import { cidrListFields, cidrRuleFields, TEMPLATE_PLACEHOLDER } from './ciliumRuleTables';

export function checkCidrPeers(findings: PolicyFindings, itemPath: ValuePath, item: Record<string, unknown>): void {
  for (const field of cidrListFields) {
    listOf(item[field]).forEach((entry, i) => {
      if (typeof entry !== 'string' || entry === '') return;
      const at: ValuePath = [...itemPath, field, i];
      // A plain CIDR entry may also be a bare address (CIDR.Validate falls back to netip.ParseAddr).
      if (!entry.includes('/') && parseIpAddress(entry)) return;
      if (TEMPLATE_PLACEHOLDER.test(entry.split('/')[0])) return;
      const parsed = parseIpPrefix(entry);
      if (!parsed.ok) findings.add('ML2019', at, `\`${formatPath(at)}\`: unable to parse CIDR "${entry}": ${parsed.reason}.`);
    });
  }
  for (const field of cidrRuleFields) {
    listOf(item[field]).forEach((rule, i) => {
      if (isRecord(rule)) checkCidrRule(findings, [...itemPath, field, i], rule);
    });
  }
}

function checkCidrRule(findings: PolicyFindings, path: ValuePath, rule: Record<string, unknown>): void {
  if (isRecord(rule.cidrGroupSelector)) {
    checkLabelSelector(findings, [...path, 'cidrGroupSelector'], rule.cidrGroupSelector, { checkOperator: false, checkValues: false, keyStyle: 'kubernetes' });
  }
  // With a group reference or selector the CIDR is not validated (CIDRRule.Validate returns early).
  if (typeof rule.cidr !== 'string' || rule.cidr === '' || rule.cidrGroupRef || rule.cidrGroupSelector) return;
  if (TEMPLATE_PLACEHOLDER.test(rule.cidr.split('/')[0])) return;
  const cidr = parseIpPrefix(rule.cidr);
  if (!cidr.ok) {
    findings.add('ML2019', [...path, 'cidr'], `\`${formatPath([...path, 'cidr'])}\`: unable to parse CIDRRule "${rule.cidr}": ${cidr.reason}.`);
    return;
  }
  listOf(rule.except).forEach((text, i) => {
    if (typeof text !== 'string') return;
    const at: ValuePath = [...path, 'except', i];
    const except = parseIpPrefix(text);
    if (!except.ok) {
      findings.add('ML2019', at, `\`${formatPath(at)}\`: unable to parse except CIDR "${text}": ${except.reason}.`);
      return;
    }
    const contained = cidr.prefix.bits <= except.prefix.bits && prefixContainsAddress(cidr.prefix, except.prefix);
    if (!contained) {
      findings.add('ML2020', at, `\`${formatPath(at)}\`: allow CIDR prefix ${rule.cidr} does not contain exclude CIDR prefix ${text}; an except entry must lie inside its cidr.`);
    }
  });
}
