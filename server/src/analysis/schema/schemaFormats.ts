// The `format` values the upstream schemas use, with the check the Kubernetes API server applies to
// each. Formats the API server does not validate are accepted as they are (kube-openapi ignores
// unknown formats), so meshlens does not invent errors upstream would not report.

export interface SchemaFormat {
  readonly name: string;
  /** The JSON type the check applies to. */
  readonly type: 'string' | 'number';
  readonly validate: (value: string | number) => boolean;
  /** Completes "`field` must be ..."; absent for formats that are not validated. */
  readonly description?: string;
  readonly upstream: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(text: string): boolean {
  const match = IPV4.exec(text);
  return match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
}

function isIpv6(text: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(text) || !text.includes(':')) return false;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  // An embedded IPv4 tail counts as two groups.
  const embedsV4 = tail.includes('.');
  if (embedsV4 && !isIpv4(tail)) return false;
  const head = embedsV4 ? text.slice(0, lastColon + 1) + '0:0' : text;
  const halves = head.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const all = halves.flatMap(groups);
  if (!all.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group))) return false;
  return halves.length === 2 ? all.length <= 7 : all.length === 8;
}

/** An IPv4 or IPv6 address (no zone, no prefix). */
export function isIpAddress(text: string): boolean {
  return isIpv4(text) || isIpv6(text);
}

/** Go's net.ParseCIDR (via kube-openapi strfmt "cidr"): an IPv4 or IPv6 address and a prefix length. */
export function isCidr(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash === -1) return false;
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  if (isIpv4(address)) return Number(prefix) <= 32;
  return isIpv6(address) && Number(prefix) <= 128;
}

// RFC 3339 as kube-openapi strfmt.DateTime parses it (fractional seconds and offsets optional).
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?$/;

const KUBE_OPENAPI = 'k8s.io/kube-openapi pkg/validation/strfmt (formats the API server validates for CRDs)';
const NOT_VALIDATED = 'Not in the API server\'s format registry, so upstream does not check it.';

export const schemaFormats: readonly SchemaFormat[] = [
  { name: 'cidr', type: 'string', validate: (v) => isCidr(String(v)), description: 'a CIDR such as 10.0.0.0/8 or 2001:db8::/32', upstream: KUBE_OPENAPI },
  { name: 'date-time', type: 'string', validate: (v) => DATE_TIME.test(String(v)), description: 'an RFC 3339 date-time such as 2024-01-02T15:04:05Z', upstream: KUBE_OPENAPI },
  // strfmt's ipv4/ipv6 checkers: net.ParseIP succeeds and the text has a '.' (ipv4) or a ':' (ipv6).
  { name: 'ipv4', type: 'string', validate: (v) => isIpv4(String(v)), description: 'an IPv4 address such as 10.0.0.1', upstream: KUBE_OPENAPI },
  { name: 'ipv6', type: 'string', validate: (v) => isIpv6(String(v)), description: 'an IPv6 address such as 2001:db8::1', upstream: KUBE_OPENAPI },
  { name: 'double', type: 'number', validate: () => true, upstream: NOT_VALIDATED },
  { name: 'idn-hostname', type: 'string', validate: () => true, upstream: NOT_VALIDATED },
  { name: 'int32', type: 'number', validate: () => true, upstream: NOT_VALIDATED },
  { name: 'int64', type: 'number', validate: () => true, upstream: NOT_VALIDATED },
];

const byName = new Map(schemaFormats.map((format) => [format.name, format]));

export function describeFormat(name: string): string {
  return byName.get(name)?.description ?? `in the ${name} format`;
}
