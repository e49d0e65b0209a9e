// The `when` condition keys of an AuthorizationPolicy rule as istiod validates them: which names it accepts
// and the value syntax each needs. One row per attribute, first match wins (the same order as upstream's switch).
// Which proxy can read each attribute (layer, ztunnel, TCP chain) is owned by enforcement/istioAttributeTable.ts,
// keyed by these rows.
// Sources: istio/istio pkg/config/security/security.go (ValidateAttribute and the attr* constants);
// CUSTOM column: pkg/config/validation/validation.go (ValidateAuthorizationPolicy).

export type AttributeValues = 'any' | 'ip' | 'port' | 'serviceAccount';

export interface ConditionAttribute {
  /** The attribute name, or the prefix before `[name]` for map attributes. */
  readonly key: string;
  /** `exact` compares the whole key; `map` needs `key[name]` (istiod: "should have format a[b]"); `prefix` rejects any key starting so. */
  readonly match: 'exact' | 'map' | 'prefix';
  readonly values: AttributeValues;
  /** istiod rejects it in a CUSTOM policy (identity is not known before ext-authz runs). */
  readonly customUnsupported: boolean;
  /** Set for attributes istiod rejects outright; `%s` is the key. */
  readonly rejected?: string;
  readonly upstream: string;
}

const SEC = 'security.go ValidateAttribute';

export const conditionAttributes = [
  { key: 'request.headers', match: 'map', values: 'any', customUnsupported: false, upstream: `${SEC} attrRequestHeader` },
  { key: 'request.experimental.inline.headers', match: 'map', values: 'any', customUnsupported: false, upstream: `${SEC} attrRequestInlineHeader` },
  { key: 'source.ip', match: 'exact', values: 'ip', customUnsupported: false, upstream: `${SEC} attrSrcIP` },
  { key: 'remote.ip', match: 'exact', values: 'ip', customUnsupported: false, upstream: `${SEC} attrRemoteIP (from X-Forwarded-For or proxy protocol)` },
  { key: 'source.namespace', match: 'exact', values: 'any', customUnsupported: true, upstream: `${SEC} attrSrcNamespace` },
  { key: 'source.serviceAccount', match: 'exact', values: 'serviceAccount', customUnsupported: true, upstream: `${SEC} attrSrcServiceAccount` },
  { key: 'source.trustDomain', match: 'exact', values: 'any', customUnsupported: false, upstream: `${SEC} attrSrcTrustDomain (newer API; in authz-valid.yaml testdata at istio 86c9f01)` },
  { key: 'source.principal', match: 'exact', values: 'any', customUnsupported: true, upstream: `${SEC} attrSrcPrincipal` },
  { key: 'request.auth.principal', match: 'exact', values: 'any', customUnsupported: true, upstream: `${SEC} attrRequestPrincipal` },
  { key: 'request.auth.audiences', match: 'exact', values: 'any', customUnsupported: true, upstream: `${SEC} attrRequestAudiences` },
  { key: 'request.auth.presenter', match: 'exact', values: 'any', customUnsupported: true, upstream: `${SEC} attrRequestPresenter` },
  { key: 'request.auth.claims', match: 'map', values: 'any', customUnsupported: true, upstream: `${SEC} attrRequestClaims` },
  { key: 'destination.ip', match: 'exact', values: 'ip', customUnsupported: false, upstream: `${SEC} attrDestIP` },
  { key: 'destination.port', match: 'exact', values: 'port', customUnsupported: false, upstream: `${SEC} attrDestPort` },
  { key: 'connection.sni', match: 'exact', values: 'any', customUnsupported: false, upstream: `${SEC} attrConnSNI` },
  { key: 'experimental.envoy.filters.', match: 'map', values: 'any', customUnsupported: false, upstream: `${SEC} attrExperimental` },
  { key: 'destination.namespace', match: 'exact', values: 'any', customUnsupported: false, rejected: 'attribute %s is replaced by the metadata.namespace', upstream: `${SEC} attrDestNamespace` },
  { key: 'destination.labels', match: 'prefix', values: 'any', customUnsupported: false, rejected: 'attribute %s is replaced by the workload selector', upstream: `${SEC} attrDestLabel` },
  { key: 'destination.name', match: 'exact', values: 'any', customUnsupported: false, rejected: 'deprecated attribute %s: only supported in v1alpha1', upstream: `${SEC} attrDestName` },
  { key: 'destination.user', match: 'exact', values: 'any', customUnsupported: false, rejected: 'deprecated attribute %s: only supported in v1alpha1', upstream: `${SEC} attrDestUser` },
] as const satisfies readonly ConditionAttribute[];

/** The `when` keys istiod accepts: every per-proxy table (enforcement/istioAttributeTable.ts) is keyed by these. */
export type AcceptedConditionKey = Exclude<(typeof conditionAttributes)[number], { readonly rejected: string }>['key'];

/** The attribute row a `when` key falls under (map and prefix rows match by prefix, as upstream does). */
export function conditionAttribute(key: string): ConditionAttribute | undefined {
  return (conditionAttributes as readonly ConditionAttribute[]).find((row) => (row.match === 'exact' ? key === row.key : key.startsWith(row.key)));
}

/** What istiod says about the key itself, or undefined when the key is acceptable. */
export function conditionKeyProblem(key: string): string | undefined {
  const row = conditionAttribute(key);
  if (!row) {
    const suggestion = nearestAttribute(key);
    return `unknown attribute: ${key}${suggestion ? `; did you mean ${suggestion}?` : ''}`;
  }
  if (row.rejected) return row.rejected.replace('%s', key);
  if (row.match === 'map') {
    // security.go validateMapKey: `a[b]` with a non-empty name in the brackets.
    const open = key.indexOf('[');
    if (!(key.endsWith(']') && open > 0 && open < key.length - 2)) return `bad key (${key}): should have format a[b]`;
  }
  return undefined;
}

/** The usable attribute closest to a mistyped key (edit distance up to a third of its length), for the message. */
function nearestAttribute(key: string): string | undefined {
  const open = key.indexOf('[');
  const head = open === -1 ? key : key.slice(0, open);
  let best: { name: string; distance: number } | undefined;
  for (const row of conditionAttributes as readonly ConditionAttribute[]) {
    if (row.rejected) continue;
    const name = row.key.replace(/\.$/, '');
    const distance = editDistance(head, name);
    if (!best || distance < best.distance) best = { name: row.match === 'map' ? `${name}[...]` : name, distance };
  }
  return best && best.distance > 0 && best.distance <= Math.max(2, Math.floor(head.length / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
