// IPv4/IPv6 prefixes as bigint ranges, for ipBlock / CIDR rules with `except` and for pod IPs.

export interface IpRange {
  readonly v6: boolean;
  readonly first: bigint;
  readonly last: bigint;
}

// The same few CIDR texts recur in every policy of a file (pod and node ranges, 0.0.0.0/0), and a parse is bigint
// arithmetic: ranges are immutable, so one parse per text is shared. Bounded: cleared when full.
const parsedCidrs = new Map<string, IpRange | undefined>();
const PARSED_CIDRS_LIMIT = 4096;

/** Parses `a.b.c.d`, `a.b.c.d/n` or an IPv6 form; undefined when malformed (callers report, not throw). */
export function parseCidr(text: string): IpRange | undefined {
  const key = String(text);
  if (parsedCidrs.has(key)) return parsedCidrs.get(key);
  if (parsedCidrs.size >= PARSED_CIDRS_LIMIT) parsedCidrs.clear();
  const range = parseCidrText(key);
  parsedCidrs.set(key, range);
  return range;
}

function parseCidrText(text: string): IpRange | undefined {
  const [address, prefixText] = String(text).trim().split('/');
  const v6 = address.includes(':');
  const value = v6 ? parseV6(address) : parseV4(address);
  if (value === undefined) return undefined;
  const bits = v6 ? 128 : 32;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const first = (value >> hostBits) << hostBits;
  return Object.freeze({ v6, first, last: first + (1n << hostBits) - 1n });
}

export function rangeContains(outer: IpRange, inner: IpRange): boolean {
  return outer.v6 === inner.v6 && outer.first <= inner.first && inner.last <= outer.last;
}

export function rangesOverlap(a: IpRange, b: IpRange): boolean {
  return a.v6 === b.v6 && a.first <= b.last && b.first <= a.last;
}

export function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.');
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    out = (out << 8n) | BigInt(Number(part));
  }
  return out;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let out = 0n;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out = (out << 16n) | BigInt(parseInt(g, 16));
  }
  return out;
}

/**
 * Whether every address of `inner` minus `innerExcept` lies in `outer` minus `outerExcept`: an except of
 * the rule may only cut into the peer where the peer already excludes it.
 */
export function blockCovers(outer: IpRange, outerExcept: readonly IpRange[], inner: IpRange, innerExcept: readonly IpRange[] = []): boolean {
  if (!rangeContains(outer, inner)) return false;
  return outerExcept.every((e) => !rangesOverlap(e, inner) || innerExcept.some((x) => rangeContains(x, e) || rangeContains(x, { v6: e.v6, first: maxBig(e.first, inner.first), last: minBig(e.last, inner.last) })));
}

function maxBig(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
