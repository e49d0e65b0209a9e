// Plain-language wording of policy parts (label selectors, peers, ports, L7 constraints) for rule
// summaries. Pure string building over plain values; tolerant of half-typed input.

export function selectorText(selector: unknown): string {
  const s = record(selector);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(record(s.matchLabels))) parts.push(`${k}=${String(v)}`);
  if (Array.isArray(s.matchExpressions)) {
    for (const e of s.matchExpressions) {
      const expr = record(e);
      const values = Array.isArray(expr.values) ? ` (${expr.values.map(String).join(', ')})` : '';
      parts.push(`${String(expr.key ?? '?')} ${String(expr.operator ?? '?')}${values}`);
    }
  }
  // Selectors written without matchLabels (Istio `selector: {app: x}` typos, Cilium shorthand) still read well.
  if (parts.length === 0) {
    for (const [k, v] of Object.entries(s)) if (k !== 'matchLabels' && k !== 'matchExpressions' && typeof v !== 'object') parts.push(`${k}=${String(v)}`);
  }
  return parts.length === 0 ? 'all' : parts.join(', ');
}

export function listText(value: unknown, max = 4): string {
  const items = Array.isArray(value) ? value.map((v) => (typeof v === 'object' && v !== null ? compactObject(v) : String(v))) : value === undefined ? [] : [String(value)];
  if (items.length === 0) return '(none)';
  return items.length > max ? `${items.slice(0, max).join(', ')}, +${items.length - max} more` : items.join(', ');
}

/** `TCP/80, 443, 8000-8080` from a Cilium `ports` list or K8s NetworkPolicy `ports`. */
export function portsText(ports: unknown): string {
  if (!Array.isArray(ports) || ports.length === 0) return 'all ports';
  return ports
    .map((p) => {
      const port = record(p);
      const protocol = typeof port.protocol === 'string' && port.protocol !== 'ANY' ? `${port.protocol}/` : '';
      const number = port.port === undefined ? 'any' : String(port.port);
      const range = port.endPort === undefined ? '' : `-${String(port.endPort)}`;
      return `${protocol}${number}${range}`;
    })
    .join(', ');
}

export function httpRuleText(rule: unknown): string {
  const r = record(rule);
  const parts = [r.method ? String(r.method) : 'any method', r.path ? String(r.path) : 'any path'];
  if (r.host) parts.push(`host ${String(r.host)}`);
  if (Array.isArray(r.headers) && r.headers.length > 0) parts.push(`headers ${listText(r.headers)}`);
  if (Array.isArray(r.headerMatches) && r.headerMatches.length > 0) parts.push(`header matches ${r.headerMatches.map((h) => String(record(h).name ?? '?')).join(', ')}`);
  return parts.join(' ');
}

export function dnsRuleText(rule: unknown): string {
  const r = record(rule);
  if (r.matchName !== undefined) return `DNS name ${String(r.matchName)}`;
  if (r.matchPattern !== undefined) return `DNS pattern ${String(r.matchPattern)}`;
  return 'any DNS query';
}

export function fqdnText(value: unknown): string {
  if (!Array.isArray(value)) return '(none)';
  return value.map((v) => { const r = record(v); return String(r.matchName ?? r.matchPattern ?? '?'); }).join(', ') || '(none)';
}

export function cidrText(value: unknown): string {
  if (!Array.isArray(value)) return '(none)';
  return value
    .map((v) => {
      if (typeof v === 'string') return v;
      const r = record(v);
      const base = String(r.cidr ?? (r.cidrGroupRef ? `group ${String(r.cidrGroupRef)}` : r.cidrGroupSelector ? `groups ${selectorText(r.cidrGroupSelector)}` : '?'));
      return Array.isArray(r.except) && r.except.length > 0 ? `${base} except ${r.except.join(', ')}` : base;
    })
    .join(', ') || '(none)';
}

function compactObject(value: object): string {
  return Object.entries(value as Record<string, unknown>).map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`).join(' ');
}

export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
