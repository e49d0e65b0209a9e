// IP addresses and CIDR prefixes as Go parses them: `netip.ParsePrefix` (Cilium's CIDR rules) and
// `netutils.ParseCIDRSloppy` (the Kubernetes API server's ipBlock validation, which tolerates IPv4 leading zeros).
// Addresses are held as bigints so containment is plain bit arithmetic.

export type IpFamily = 4 | 6;

export interface IpPrefix {
  readonly family: IpFamily;
  /** The address as written (host bits kept, as netip.Prefix does). */
  readonly address: bigint;
  readonly bits: number;
}

export type PrefixDialect = 'netip' | 'kubernetes';

export type ParsedPrefix = { readonly ok: true; readonly prefix: IpPrefix } | { readonly ok: false; readonly reason: string };

const widthOf = (family: IpFamily): number => (family === 4 ? 32 : 128);

export function parseIpAddress(text: string, dialect: PrefixDialect = 'netip'): { family: IpFamily; address: bigint } | undefined {
  if (text.includes(':')) {
    const address = parseIpv6(text, dialect);
    return address === undefined ? undefined : { family: 6, address };
  }
  const address = parseIpv4(text, dialect);
  return address === undefined ? undefined : { family: 4, address };
}

/** Parses `address/bits`; a bare address is not a prefix. */
export function parseIpPrefix(text: string, dialect: PrefixDialect = 'netip'): ParsedPrefix {
  const slash = text.lastIndexOf('/');
  if (slash === -1) return { ok: false, reason: 'no "/" prefix length' };
  const ip = parseIpAddress(text.slice(0, slash), dialect);
  if (!ip) return { ok: false, reason: `"${text.slice(0, slash)}" is not an IP address` };
  const bitsText = text.slice(slash + 1);
  // netip rejects signs and leading zeros ("bad bits after slash"); a dotted mask such as 254.0.0.255 lands here too.
  const leadingZeroOk = dialect === 'kubernetes' || bitsText === '0' || !bitsText.startsWith('0');
  if (!/^[0-9]{1,3}$/.test(bitsText) || !leadingZeroOk) return { ok: false, reason: `bad prefix length "${bitsText}" after the slash` };
  const bits = Number(bitsText);
  if (bits > widthOf(ip.family)) return { ok: false, reason: `prefix length ${bits} is longer than ${widthOf(ip.family)} bits` };
  return { ok: true, prefix: { family: ip.family, address: ip.address, bits } };
}

/** True when `outer` contains the address of `inner` (netip.Prefix.Contains(inner.Addr())). */
export function prefixContainsAddress(outer: IpPrefix, inner: { family: IpFamily; address: bigint }): boolean {
  if (outer.family !== inner.family) return false;
  const shift = BigInt(widthOf(outer.family) - outer.bits);
  return outer.address >> shift === inner.address >> shift;
}

export function formatPrefix(prefix: IpPrefix): string {
  return `${formatAddress(prefix.family, networkAddress(prefix))}/${prefix.bits}`;
}

/** The prefix with its host bits cleared. */
export function networkAddress(prefix: IpPrefix): bigint {
  const shift = BigInt(widthOf(prefix.family) - prefix.bits);
  return (prefix.address >> shift) << shift;
}

function formatAddress(family: IpFamily, address: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((address >> s) & 255n)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((address >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

function parseIpv4(text: string, dialect: PrefixDialect): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    if (dialect === 'netip' && part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6(text: string, dialect: PrefixDialect): bigint | undefined {
  if (text.includes('%')) return undefined; // zones are not allowed in prefixes
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): number[] | undefined => {
    if (half === '') return [];
    const out: number[] = [];
    const pieces = half.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i];
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIpv4(piece, dialect);
        if (v4 === undefined) return undefined;
        out.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        out.push(parseInt(piece, 16));
      }
    }
    return out;
  };
  const head = groupsOf(halves[0]);
  const tail = halves.length === 2 ? groupsOf(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill(0), ...tail];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}
