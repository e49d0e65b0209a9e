// Kubernetes label selectors (matchLabels + matchExpressions In/NotIn/Exists/DoesNotExist) evaluated with
// three outcomes, because a namespace without a Namespace object has labels we do not know.
// Upstream: k8s.io/apimachinery pkg/labels/selector.go (LabelSelectorAsSelector).

export type Tri = 'yes' | 'no' | 'unknown';

/** Marks a label whose value cannot be known from the workspace. */
export const UNKNOWN_LABEL: unique symbol = Symbol('unknown-label');

/** Looks a selector key up; undefined = the label is absent. */
export type LabelLookup = (key: string) => string | undefined | typeof UNKNOWN_LABEL;

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, unknown>>;
  readonly matchExpressions?: readonly { readonly key?: unknown; readonly operator?: unknown; readonly values?: unknown }[];
}

export function andTri(a: Tri, b: Tri): Tri {
  if (a === 'no' || b === 'no') return 'no';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'yes';
}

export function orTri(a: Tri, b: Tri): Tri {
  if (a === 'yes' || b === 'yes') return 'yes';
  return a === 'unknown' || b === 'unknown' ? 'unknown' : 'no';
}

/** Reads a selector value defensively: anything that is not a mapping matches nothing. */
export function asLabelSelector(value: unknown): LabelSelector | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as LabelSelector) : undefined;
}

/** An empty selector matches everything; a malformed requirement matches nothing. */
export function matchSelector(selector: LabelSelector, lookup: LabelLookup): Tri {
  let result: Tri = 'yes';
  const labels = selector.matchLabels;
  // Loops without entry arrays: the graph matches selectors for every candidate pair.
  if (labels && typeof labels === 'object') {
    for (const key in labels) {
      if (!Object.hasOwn(labels, key)) continue;
      const expected = labels[key];
      const actual = lookup(key);
      if (actual === UNKNOWN_LABEL) result = andTri(result, 'unknown');
      else if (actual !== (typeof expected === 'string' ? expected : String(expected ?? ''))) return 'no';
    }
  }
  const expressions = selector.matchExpressions;
  if (!Array.isArray(expressions)) return result;
  for (const expression of expressions) {
    result = andTri(result, matchExpression(expression, lookup));
    if (result === 'no') return 'no';
  }
  return result;
}

function matchExpression(expression: LabelSelector['matchExpressions'] extends readonly (infer E)[] | undefined ? E : never, lookup: LabelLookup): Tri {
  if (typeof expression !== 'object' || expression === null || typeof expression.key !== 'string') return 'no';
  const actual = lookup(expression.key);
  if (actual === UNKNOWN_LABEL) return 'unknown';
  const values = Array.isArray(expression.values) ? expression.values.map(String) : [];
  switch (String(expression.operator)) {
    case 'In':
      return actual !== undefined && values.includes(actual) ? 'yes' : 'no';
    case 'NotIn':
      return actual === undefined || !values.includes(actual) ? 'yes' : 'no';
    case 'Exists':
      return actual !== undefined ? 'yes' : 'no';
    case 'DoesNotExist':
      return actual === undefined ? 'yes' : 'no';
    default:
      return 'no';
  }
}

/** Every key a selector reads: the index of policies by label key uses it. */
export function selectorKeys(selector: LabelSelector): string[] {
  const keys = Object.keys(selector.matchLabels ?? {});
  for (const e of selector.matchExpressions ?? []) if (typeof e?.key === 'string') keys.push(e.key);
  return keys;
}
