// The ends outside the cluster a diff compares: the address space cut at every CIDR boundary either revision's
// rules draw (each piece is matched or not matched as a whole by every rule, so one evaluation decides it), the
// Cilium entities and the FQDNs the rules name. The same cut makes the connlist's ranges (netpol-analyzer's
// disjoint ip-blocks, pkg/netpol/eval/resources.go getDisjointIPBlocks); the diff merges touching pieces back.
import type { CompiledRule } from '../graph/compiledRule';
import type { Endpoint } from '../graph/endpoint';
import { formatIpv4, parseCidr, type IpRange } from '../graph/ipRange';
import type { DiffPeer } from './diffModel';

export interface ExternalPeer {
  readonly peer: DiffPeer;
  readonly endpoint: Endpoint;
  /** IP pieces: the range, for merging touching pieces and finding the pieces a rule's CIDR covers. */
  readonly range?: IpRange;
}

/** Entities that stand for the whole outside (the IP pieces cover them) or for workloads (enumerated anyway). */
const COVERED_ENTITIES = new Set(['all', 'world', 'world-ipv4', 'world-ipv6', 'cluster']);

const V4_LAST = (1n << 32n) - 1n;
const V6_LAST = (1n << 128n) - 1n;

/** Every external end either revision's rules can tell apart; IPv4 always, IPv6 only when some rule names it. */
export function externalPeers(rules: Iterable<CompiledRule>): ExternalPeer[] {
  const cuts = { v4: new Set<bigint>([0n, V4_LAST + 1n]), v6: new Set<bigint>() };
  const entities = new Set<string>();
  const fqdns = new Set<string>();
  for (const rule of rules) {
    if (rule.peers === 'any') continue;
    for (const peer of rule.peers) {
      const external = peer.external;
      if (!external) continue;
      if (external.kind === 'entity') {
        if (!COVERED_ENTITIES.has(external.name)) entities.add(external.name);
      } else if (external.kind === 'fqdn') {
        fqdns.add(external.name);
      } else {
        for (const range of [external.range, ...external.except.map(parseCidr)]) {
          if (!range) continue;
          const set = range.v6 ? cuts.v6 : cuts.v4;
          if (range.v6 && set.size === 0) set.add(0n).add(V6_LAST + 1n);
          set.add(range.first).add(range.last + 1n);
        }
      }
    }
  }
  const out: ExternalPeer[] = [];
  for (const [v6, set] of [[false, cuts.v4], [true, cuts.v6]] as const) {
    const sorted = [...set].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < sorted.length; i++) out.push(ipPiece({ v6, first: sorted[i], last: sorted[i + 1] - 1n }));
  }
  for (const name of [...entities].sort()) out.push({ peer: { id: `entity:${name}`, kind: 'entity', name }, endpoint: { kind: 'entity', name } });
  for (const name of [...fqdns].sort()) out.push({ peer: { id: `fqdn:${name}`, kind: 'fqdn', name }, endpoint: { kind: 'fqdn', name } });
  return out;
}

export function ipPiece(range: IpRange): ExternalPeer {
  const first = formatIp(range.first, range.v6);
  const last = formatIp(range.last, range.v6);
  const cidr = exactPrefix(range);
  const endpoint: Endpoint = { kind: 'cidr', cidr: cidr ?? `${first}/${range.v6 ? 128 : 32}`, range };
  return { peer: { id: `ip:${first}-${last}`, kind: 'ip-range', name: `${first}-${last}`, first, last, ...(cidr ? { cidr } : {}) }, endpoint, range };
}

/** The external ends a rule's peers can match: the IP pieces inside its CIDRs, its entities and FQDNs; all of them for `any`/world. */
export function externalPeersOfRule(rule: CompiledRule, all: readonly ExternalPeer[]): readonly ExternalPeer[] {
  if (rule.peers === 'any') return all;
  const out: ExternalPeer[] = [];
  for (const peer of rule.peers) {
    const external = peer.external;
    if (!external) continue;
    if (external.kind === 'entity' && COVERED_ENTITIES.has(external.name)) return all;
    for (const candidate of all) {
      if (external.kind === 'cidr') {
        const r = candidate.range;
        if (r && r.v6 === external.range.v6 && r.first >= external.range.first && r.last <= external.range.last) out.push(candidate);
      } else if (candidate.peer.kind === external.kind && candidate.peer.name === external.name) {
        out.push(candidate);
      }
    }
  }
  return out;
}

function exactPrefix(range: IpRange): string | undefined {
  const size = range.last - range.first + 1n;
  if ((size & (size - 1n)) !== 0n || range.first % size !== 0n) return undefined;
  let bits = 0;
  while (1n << BigInt(bits) < size) bits++;
  return `${formatIp(range.first, range.v6)}/${(range.v6 ? 128 : 32) - bits}`;
}

function formatIp(value: bigint, v6: boolean): string {
  if (!v6) return formatIpv4(value);
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}
