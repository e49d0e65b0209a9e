// CIDR rules of a Cilium rule item (fromCIDRSet/toCIDRSet), as rule_validation.go CIDRRule.Validate checks them:
// every except prefix inside its cidr (and, as a warning, smaller than it), and cidrGroupSelector a valid selector. Unparsable CIDRs are left to the
// CRD schema (`format: cidr` on every CIDR field), as is exactly-one-of cidr/cidrGroupRef/cidrGroupSelector.
import { formatPath, type ValuePath } from '../../model/sourceSpan';
import { isRecord, listOf, type PolicyFindings } from '../policyFindings';
import { parseIpPrefix, prefixContainsAddress } from '../kubernetes/ipPrefix';
import { checkLabelSelector } from '../kubernetes/labelSelector';
import { cidrRuleFields } from './ciliumRuleTables';

export function checkCidrPeers(findings: PolicyFindings, itemPath: ValuePath, item: Record<string, unknown>): void {
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
  const cidr = parseIpPrefix(rule.cidr);
  if (!cidr.ok) return;
  listOf(rule.except).forEach((text, i) => {
    if (typeof text !== 'string') return;
    const at: ValuePath = [...path, 'except', i];
    const except = parseIpPrefix(text);
    if (!except.ok) return;
    const contained = cidr.prefix.bits <= except.prefix.bits && prefixContainsAddress(cidr.prefix, except.prefix);
    if (!contained) {
      findings.add('ML2020', at, `\`${formatPath(at)}\`: allow CIDR prefix ${rule.cidr} does not contain exclude CIDR prefix ${text}; an except entry must lie inside its cidr.`);
    } else if (except.prefix.bits === cidr.prefix.bits) {
      findings.add('ML2032', at, `\`${formatPath(at)}\`: except ${text} removes all of cidr ${rule.cidr}, so this CIDR rule matches no address.`);
    }
  });
}
