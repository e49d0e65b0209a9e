// Lists the attributes an AuthorizationPolicy rule uses (from.source, to.operation, when keys), each
// with its path and its row of the attribute table, so classification and conversions share one reading.
import type { ValuePath } from '../model/sourceSpan';
import { istioConditionKey, istioOperationAttribute, istioSourceAttribute, type IstioAttributeRow } from './istioAttributeTable';

export type RulePart = 'from' | 'to' | 'when';

export interface RuleAttribute {
  readonly part: RulePart;
  readonly partIndex: number;
  /** `principals`, `methods`, or the `when` key. */
  readonly name: string;
  readonly path: ValuePath;
  readonly row: IstioAttributeRow;
  readonly values: readonly string[];
}

export interface RulePartShape {
  readonly part: RulePart;
  readonly index: number;
  readonly path: ValuePath;
  readonly attributes: readonly RuleAttribute[];
}

export function rulePartsOf(rule: unknown, rulePath: ValuePath): RulePartShape[] {
  const parts: RulePartShape[] = [];
  const value = record(rule);
  for (const [part, inner] of [['from', 'source'], ['to', 'operation']] as const) {
    const list = value[part];
    if (!Array.isArray(list)) continue;
    list.forEach((entry, index) => {
      const path: ValuePath = [...rulePath, part, index];
      const body = record(record(entry)[inner]);
      const attributes: RuleAttribute[] = [];
      for (const [name, v] of Object.entries(body)) {
        const row = part === 'from' ? istioSourceAttribute(name) : istioOperationAttribute(name);
        if (row) attributes.push({ part, partIndex: index, name, path: [...path, inner, name], row, values: strings(v) });
      }
      parts.push({ part, index, path, attributes });
    });
  }
  const when = value.when;
  if (Array.isArray(when)) {
    when.forEach((condition, index) => {
      const c = record(condition);
      const key = typeof c.key === 'string' ? c.key : '';
      const path: ValuePath = [...rulePath, 'when', index];
      const attributes: RuleAttribute[] = key ? [{ part: 'when', partIndex: index, name: key, path: [...path, 'key'], row: istioConditionKey(key), values: [...strings(c.values), ...strings(c.notValues).map((v) => `not ${v}`)] }] : [];
      parts.push({ part: 'when', index, path, attributes });
    });
  }
  return parts;
}

/**
 * rulePartsOf of `spec.rules[index]`, worked out once per rule object and index: the classification and the ztunnel
 * conversion both read every rule of every AuthorizationPolicy (a parsed value is never modified; the parts are read only).
 */
export function specRuleParts(rule: unknown, index: number): readonly RulePartShape[] {
  if (typeof rule !== 'object' || rule === null) return rulePartsOf(rule, ['spec', 'rules', index]);
  const known = partsByRule.get(rule);
  // A YAML alias can list one rule object at two indexes: the paths differ, so only the same index is reused.
  if (known && known.index === index) return known.parts;
  const parts = rulePartsOf(rule, ['spec', 'rules', index]);
  partsByRule.set(rule, { index, parts });
  return parts;
}

const partsByRule = new WeakMap<object, { readonly index: number; readonly parts: readonly RulePartShape[] }>();

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : value === undefined || value === null ? [] : [String(value)];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
