// Label selector rules the Kubernetes API server applies beyond the OpenAPI schema
// (k8s.io/apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector, pkg/util/validation IsQualifiedName /
// IsValidLabelValue). Cilium runs the same selector validation on its endpoint and node selectors.
import type { ValuePath } from '../../model/sourceSpan';
import { formatPath } from '../../model/sourceSpan';
import { isRecord, listOf, type PolicyFindings } from '../policyFindings';

export interface LabelSelectorRules {
  /** Report operators outside In/NotIn/Exists/DoesNotExist (off where a CRD enum already does). */
  readonly checkOperator: boolean;
  /** Report values that are not valid label values (the API server does for new objects). */
  readonly checkValues: boolean;
  /** Cilium keys may carry a label source prefix (`k8s:`, `any:`, `reserved:` ...), which is not part of the key. */
  readonly keyStyle: 'kubernetes' | 'cilium';
}

/** Operator → whether it needs values; source: metav1 validation ValidateLabelSelectorRequirement. */
const operatorNeedsValues: Readonly<Record<string, boolean>> = { In: true, NotIn: true, Exists: false, DoesNotExist: false };

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Cilium label sources; source: cilium pkg/labels (LabelSource*). */
const CILIUM_KEY_SOURCE = /^(k8s|any|reserved|container|unspec|cidr|fqdn|cilium-generated|cni|kvstore|cilium):/;

export function checkLabelSelector(findings: PolicyFindings, path: ValuePath, selector: unknown, rules: LabelSelectorRules): void {
  if (!isRecord(selector)) return;
  const matchLabels = selector.matchLabels;
  if (isRecord(matchLabels)) {
    for (const [key, value] of Object.entries(matchLabels)) {
      checkKey(findings, [...path, 'matchLabels', key], key, rules, 'key');
      if (rules.checkValues && typeof value === 'string') checkValue(findings, [...path, 'matchLabels', key], value);
    }
  }
  listOf(selector.matchExpressions).forEach((expression, i) => {
    if (!isRecord(expression)) return;
    const at: ValuePath = [...path, 'matchExpressions', i];
    const operator = expression.operator;
    const values = expression.values;
    const valueCount = Array.isArray(values) ? values.length : 0;
    if (typeof expression.key === 'string') checkKey(findings, [...at, 'key'], expression.key, rules, 'value');
    if (typeof operator !== 'string') return;
    const needsValues = operatorNeedsValues[operator];
    if (needsValues === undefined) {
      if (rules.checkOperator) {
        findings.add('ML2501', [...at, 'operator'], `\`${formatPath([...at, 'operator'])}\`: "${operator}" is not a valid selector operator; use In, NotIn, Exists or DoesNotExist.`);
      }
    } else if (needsValues && valueCount === 0) {
      findings.add('ML2502', values === undefined ? [...at, 'operator'] : [...at, 'values'], `\`${formatPath([...at, 'values'])}\` must be specified when \`operator\` is '${operator}'; a requirement with no values can never match.`);
    } else if (!needsValues && valueCount > 0) {
      findings.add('ML2502', [...at, 'values'], `\`${formatPath([...at, 'values'])}\` may not be specified when \`operator\` is '${operator}'.`);
    }
    if (rules.checkValues) {
      listOf(values).forEach((value, v) => {
        if (typeof value === 'string') checkValue(findings, [...at, 'values', v], value);
      });
    }
  });
}

/** Why `key` is not a qualified name (optional DNS-subdomain prefix + "/" + name), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return 'a qualified name may contain at most one "/"';
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) return 'the prefix before "/" must not be empty';
    if (prefix.length > 253) return 'the prefix must be no more than 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix)) return 'the prefix must be a lowercase DNS subdomain (a-z, 0-9, "-" and ".")';
  }
  if (name.length === 0) return 'the name part must not be empty';
  if (name.length > 63) return 'the name part must be no more than 63 characters';
  if (!LABEL_NAME.test(name)) return 'the name part must consist of alphanumeric characters, "-", "_" or ".", and must start and end with an alphanumeric character';
  return undefined;
}

/** `at` is 'key' for matchLabels (the label key is the YAML key) and 'value' for a matchExpressions key field. */
function checkKey(findings: PolicyFindings, path: ValuePath, key: string, rules: LabelSelectorRules, at: 'key' | 'value'): void {
  const bare = rules.keyStyle === 'cilium' ? key.replace(CILIUM_KEY_SOURCE, '') : key;
  const problem = labelKeyProblem(bare);
  if (problem) findings.add('ML2503', path, `\`${formatPath(path)}\`: "${key}" is not a valid label key: ${problem}.`, { at });
}

function checkValue(findings: PolicyFindings, path: ValuePath, value: string): void {
  if (value.length <= 63 && LABEL_VALUE.test(value)) return;
  const why = value.length > 63 ? 'it must be no more than 63 characters' : 'it must be empty or consist of alphanumeric characters, "-", "_" or ".", starting and ending with an alphanumeric character';
  findings.add('ML2504', path, `\`${formatPath(path)}\`: "${value}" is not a valid label value: ${why}.`);
}
