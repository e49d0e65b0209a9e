// Sets of (protocol, port) pairs as sorted interval lists, so "all TCP ports minus 22" or "TCP 8080-8081,
// UDP 53" can be intersected, subtracted and printed. `other` stands for port-less protocols (ICMP, …).

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';
export const portProtocols: readonly PortProtocol[] = ['TCP', 'UDP', 'SCTP'];

export type Interval = readonly [number, number];

export interface PortSet {
  readonly TCP: readonly Interval[];
  readonly UDP: readonly Interval[];
  readonly SCTP: readonly Interval[];
  /** ICMP and other port-less protocols. */
  readonly other: boolean;
}

export const MAX_PORT = 65535;
const FULL: readonly Interval[] = [[1, MAX_PORT]];
const NONE: readonly Interval[] = [];

export const emptyPortSet: PortSet = { TCP: [], UDP: [], SCTP: [], other: false };
export const allPortSet: PortSet = { TCP: FULL, UDP: FULL, SCTP: FULL, other: true };

export function portSetOf(protocol: PortProtocol | 'ANY', from: number, to: number = from): PortSet {
  const range: Interval[] = from <= to ? [[Math.max(1, from), Math.min(MAX_PORT, to)]] : [];
  const protocols = protocol === 'ANY' ? portProtocols : [protocol];
  return { TCP: protocols.includes('TCP') ? range : [], UDP: protocols.includes('UDP') ? range : [], SCTP: protocols.includes('SCTP') ? range : [], other: false };
}

export function isEmptyPortSet(set: PortSet): boolean {
  return !set.other && set.TCP.length === 0 && set.UDP.length === 0 && set.SCTP.length === 0;
}

export function isAllPortSet(set: PortSet): boolean {
  return set.other && portProtocols.every((p) => set[p].length === 1 && set[p][0][0] === 1 && set[p][0][1] === MAX_PORT);
}

export function unionPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === b || isEmptyPortSet(b) || a === allPortSet) return a;
  if (isEmptyPortSet(a) || b === allPortSet) return b;
  const TCP = unionIntervals(a.TCP, b.TCP);
  const UDP = unionIntervals(a.UDP, b.UDP);
  const SCTP = unionIntervals(a.SCTP, b.SCTP);
  const other = a.other || b.other;
  // b adds nothing (the same rule ports met again): no new set.
  if (TCP === a.TCP && UDP === a.UDP && SCTP === a.SCTP && other === a.other) return a;
  return { TCP, UDP, SCTP, other };
}

// The set operations run several times per flow of the graph: they hand back an operand or the empty set
// whenever the answer is one, instead of a new set (less garbage on big graphs; sets are never mutated).
export function intersectPortSets(a: PortSet, b: PortSet): PortSet {
  if (a === b || b === allPortSet) return a;
  if (a === allPortSet) return b;
  if (isEmptyPortSet(a) || isEmptyPortSet(b)) return emptyPortSet;
  const TCP = intersectIntervals(a.TCP, b.TCP);
  const UDP = intersectIntervals(a.UDP, b.UDP);
  const SCTP = intersectIntervals(a.SCTP, b.SCTP);
  const other = a.other && b.other;
  if (TCP === a.TCP && UDP === a.UDP && SCTP === a.SCTP && other === a.other) return a;
  if (TCP === b.TCP && UDP === b.UDP && SCTP === b.SCTP && other === b.other) return b;
  return { TCP, UDP, SCTP, other };
}

export function subtractPortSets(a: PortSet, b: PortSet): PortSet {
  if (isEmptyPortSet(b) || isEmptyPortSet(a)) return a;
  if (b === allPortSet || a === b) return emptyPortSet;
  const TCP = minusIntervals(a.TCP, b.TCP);
  const UDP = minusIntervals(a.UDP, b.UDP);
  const SCTP = minusIntervals(a.SCTP, b.SCTP);
  const other = a.other && !b.other;
  if (TCP === a.TCP && UDP === a.UDP && SCTP === a.SCTP && other === a.other) return a;
  if (TCP.length === 0 && UDP.length === 0 && SCTP.length === 0 && !other) return emptyPortSet;
  return { TCP, UDP, SCTP, other };
}

/** `a` without `b` (both sorted and disjoint), in one pass; `a` itself when nothing is taken away. */
function minusIntervals(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  if (a.length === 0 || b.length === 0) return a;
  if (isFull(b)) return NONE;
  let out: Interval[] | undefined;
  let j = 0;
  for (let i = 0; i < a.length; i++) {
    let lo = a[i][0];
    const hi = a[i][1];
    while (j < b.length && b[j][1] < lo) j++;
    // Untouched so far: keep sharing `a` until some interval is cut.
    if (out === undefined && (j >= b.length || b[j][0] > hi)) continue;
    if (out === undefined) out = a.slice(0, i);
    let k = j;
    while (k < b.length && b[k][0] <= hi) {
      if (b[k][0] > lo) out.push([lo, b[k][0] - 1]);
      lo = Math.max(lo, b[k][1] + 1);
      if (b[k][1] >= hi) break;
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out ?? a;
}

function isFull(a: readonly Interval[]): boolean {
  return a === FULL || (a.length === 1 && a[0][0] <= 1 && a[0][1] >= MAX_PORT);
}

export function portSetHas(set: PortSet, protocol: PortProtocol | 'ICMP', port: number): boolean {
  if (protocol === 'ICMP') return set.other;
  const intervals = set[protocol];
  for (let i = 0; i < intervals.length; i++) if (port >= intervals[i][0] && port <= intervals[i][1]) return true;
  return false;
}

export function equalPortSets(a: PortSet, b: PortSet): boolean {
  return formatPortSet(a) === formatPortSet(b);
}

/** netpol-analyzer's wording: `All Connections`, or `SCTP 7070,TCP 8080-8081,UDP 9090`. */
export function formatPortSet(set: PortSet): string {
  if (isAllPortSet(set)) return 'All Connections';
  if (isEmptyPortSet(set)) return 'No Connections';
  const parts: string[] = [];
  for (const protocol of ['SCTP', 'TCP', 'UDP'] as const) {
    if (set[protocol].length === 0) continue;
    parts.push(`${protocol} ${set[protocol].map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',')}`);
  }
  if (set.other) parts.push('ICMP');
  return parts.join(',');
}

function unionIntervals(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  if (b.length === 0 || a === b) return a;
  if (a.length === 0) return b;
  if (b.length === 1 && covers(a, b[0])) return a;
  // Both lists are sorted and disjoint: merge them in one pass, joining touching intervals.
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i][0] <= b[j][0]) ? a[i++] : b[j++];
    const last = out[out.length - 1];
    if (last && next[0] <= last[1] + 1) last[1] = Math.max(last[1], next[1]);
    else out.push([next[0], next[1]]);
  }
  return out;
}

/** Some interval of the sorted list `a` holds all of `x`. */
function covers(a: readonly Interval[], x: Interval): boolean {
  for (let i = 0; i < a.length; i++) {
    if (a[i][0] > x[0]) return false;
    if (a[i][1] >= x[1]) return true;
  }
  return false;
}

function intersectIntervals(a: readonly Interval[], b: readonly Interval[]): readonly Interval[] {
  if (a === b || isFull(b)) return a;
  if (isFull(a)) return b;
  if (a.length === 0 || b.length === 0) return NONE;
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}
