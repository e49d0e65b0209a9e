// Whether a request matches one Cilium `toPorts.rules.http` entry, as cilium's Envoy filter decides it:
// `method`/`path`/`host` are anchored extended regular expressions; every `headers` entry must hold
// ("Name value": exact value after the first space, the name's trailing ':' dropped; a single word: the header
// is present); every `headerMatches` entry without `mismatch` must hold (exact `value`, or presence when no
// value), while with `mismatch` LOG/ADD/DELETE/REPLACE the rule still matches and the mismatching request is
// logged or rewritten. A value held in a Secret cannot be known offline: that match is `unknown`.
// Upstream: cilium pkg/policy/api/http.go (PortRuleHTTP, HeaderMatch, MismatchAction), pkg/envoy/xds_server.go
// getHTTPRule (headers split on the first space; FAIL_ON_MISMATCH → route header matchers; other actions and
// Secret-backed values → cilium HeaderMatch / SDS), Documentation/security/policy/language.rst (Layer 7).
import type { HeaderMatchConstraint, L7Constraint } from './trafficGraphModel';

export interface HttpRequestFacts {
  readonly method?: string;
  readonly path?: string;
  readonly host?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpRuleMatch {
  readonly match: 'yes' | 'no' | 'unknown';
  /** Why it does not match, or why that cannot be known. */
  readonly reason?: string;
  /** What the proxy does to a matching request (mismatch actions): logged, header added/removed/replaced. */
  readonly effects: readonly string[];
}

/**
 * A `headers` entry as cilium translates it: exact value after the first space, else presence of the whole word
 * (so `Name:value` without a space asks for a header literally named so). An empty exact value matches any value
 * in Envoy (cilium's note in getHTTPRule), so `Name: ` is a presence check.
 */
export function parseHeaderEntry(entry: string): { readonly name: string; readonly value?: string } {
  const space = entry.indexOf(' ');
  if (space === -1) return { name: entry };
  const value = entry.slice(space + 1);
  return { name: entry.slice(0, space).replace(/:+$/, ''), ...(value !== '' ? { value } : {}) };
}

export function matchCiliumHttpRule(rule: L7Constraint, request: HttpRequestFacts): HttpRuleMatch {
  const regex = (pattern: string | undefined, value: string | undefined): boolean => {
    if (pattern === undefined) return true;
    try {
      return new RegExp(`^(?:${pattern})$`).test(value ?? '');
    } catch {
      return false;
    }
  };
  if (!regex(rule.method, request.method)) return no(`method ${request.method ?? '(none)'} does not match ${rule.method}`);
  if (!regex(rule.path, request.path)) return no(`path ${request.path ?? '(none)'} does not match ${rule.path}`);
  if (!regex(rule.host, request.host)) return no(`host ${request.host ?? '(none)'} does not match ${rule.host}`);
  for (const entry of rule.headers ?? []) {
    const { name, value } = parseHeaderEntry(entry);
    const actual = headerValue(request, name);
    if (actual === undefined) return no(`header ${name} is missing`);
    if (value !== undefined && actual !== value) return no(`header ${name} is "${actual}", not "${value}"`);
  }
  const effects: string[] = [];
  let unknownReason: string | undefined;
  for (const m of rule.headerMatches ?? []) {
    const actual = headerValue(request, m.name);
    if (m.secret !== undefined) {
      // The value lives in a Secret: whether it matches is unknowable offline.
      if (m.mismatch === undefined) unknownReason ??= `header ${m.name} must equal the value of Secret ${m.secret}, which the workspace cannot read`;
      else effects.push(`if header ${m.name} differs from Secret ${m.secret}, ${mismatchEffect(m)}`);
      continue;
    }
    const matches = actual !== undefined && (m.value === undefined || m.value === '' || actual === m.value);
    if (matches) continue;
    if (m.mismatch === undefined) return no(actual === undefined ? `header ${m.name} is missing` : `header ${m.name} is "${actual}", not "${m.value}"`);
    effects.push(mismatchEffect(m));
  }
  if (unknownReason !== undefined) return { match: 'unknown', reason: unknownReason, effects };
  return { match: 'yes', effects };
}

/** What cilium's proxy does with a mismatching header when `mismatch` is set (http.go MismatchAction). */
function mismatchEffect(m: HeaderMatchConstraint): string {
  const value = m.secret !== undefined ? `the Secret's value` : `"${m.value ?? ''}"`;
  switch (m.mismatch) {
    case 'LOG':
      return `the mismatch of header ${m.name} is logged (the request passes)`;
    case 'ADD':
      return `${value} is added to header ${m.name}`;
    case 'DELETE':
      return `header ${m.name} is removed`;
    case 'REPLACE':
      return `header ${m.name} is set to ${value}`;
    default:
      return `header ${m.name} mismatch`;
  }
}

/** HTTP header names are case-insensitive (RFC 9110 §5.1). */
function headerValue(request: HttpRequestFacts, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === wanted)?.[1];
}

function no(reason: string): HttpRuleMatch {
  return { match: 'no', reason, effects: [] };
}
