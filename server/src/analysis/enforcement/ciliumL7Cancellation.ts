// Finds L7 restrictions that an L4-only allow for the same peer and port cancels: Cilium computes L7
// rules per (peer, port) as a union and an L4-only allow for that pair makes them void
// ("the layer 7 portions … will have no effect", Documentation/security/policy/layer7.rst).
import type { ValuePath } from '../model/sourceSpan';
import { ciliumPeerField } from './ciliumEnforcementTable';
import { record } from './ruleSummaryText';

/** One Cilium rule (a `spec` or one of `specs`) with where it lives; from this or other policies. */
export interface CiliumRuleSource {
  readonly documentKey: string;
  readonly kind: string;
  readonly namespace: string;
  readonly basePath: ValuePath;
  readonly rule: Record<string, unknown>;
}

export interface Cancellation {
  /** The L7 toPorts entry that loses its L7 rules. */
  readonly l7Path: ValuePath;
  readonly by: { readonly documentKey: string; readonly path: ValuePath };
}

export interface AllowItem {
  readonly source: CiliumRuleSource;
  readonly path: ValuePath;
  readonly peerKey: string | undefined;
  /** Ports of the item's L4-only toPorts entries ('*' for an entry without ports); undefined without toPorts. */
  readonly l4Ports: ReadonlySet<string> | undefined;
}

/**
 * JSON with object keys sorted, so selectors that differ only in key order get the same key. YAML anchors
 * can make a value contain itself; such a back-reference is written as "<cycle>" instead of recursing.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value ?? null) ?? 'null';
  // Parsed values are never modified, and the same selector is keyed once per target that meets it.
  let text = canonicalCache.get(value);
  if (text === undefined) {
    text = canonicalText(value, new Set());
    canonicalCache.set(value, text);
  }
  return text;
}

const canonicalCache = new WeakMap<object, string>();

function canonicalText(value: unknown, ancestors: Set<object>): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value ?? null) ?? 'null';
  if (ancestors.has(value)) return '"<cycle>"';
  ancestors.add(value);
  const text = Array.isArray(value)
    ? `[${value.map((v) => canonicalText(v, ancestors)).join(',')}]`
    : `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonicalText((value as Record<string, unknown>)[k], ancestors)}`).join(',')}}`;
  ancestors.delete(value);
  return text;
}

const peerKeys = new WeakMap<Record<string, unknown>, string | undefined>();

function peerKeyOf(item: Record<string, unknown>): string | undefined {
  if (peerKeys.has(item)) return peerKeys.get(item);
  const peers = Object.keys(item).filter((k) => ciliumPeerField(k)).sort();
  const key = peers.length === 0 ? undefined : canonicalJson(peers.map((k) => [k, item[k]]));
  peerKeys.set(item, key);
  return key;
}

/** The endpoints a rule applies to: namespace (or '*' cluster-wide) plus its endpoint and node selectors. */
export function subjectKey(source: CiliumRuleSource): string {
  const scope = source.kind === 'CiliumNetworkPolicy' ? source.namespace : '*';
  return `${scope}|${canonicalJson(source.rule.endpointSelector)}|${canonicalJson(source.rule.nodeSelector)}`;
}

function isL7Entry(entry: Record<string, unknown>): boolean {
  const rules = record(entry.rules);
  return Object.keys(rules).length > 0 || entry.serverNames !== undefined || entry.terminatingTLS !== undefined || entry.listener !== undefined;
}

/** Whether some allow item of the rule has an L7 entry: without one there is nothing to cancel. */
export function hasL7Entries(source: CiliumRuleSource): boolean {
  return (['ingress', 'egress'] as const).some((direction) => {
    const list = source.rule[direction];
    return Array.isArray(list) && list.some((raw) => {
      const toPorts = record(raw).toPorts;
      return Array.isArray(toPorts) && toPorts.some((entry) => isL7Entry(record(entry)));
    });
  });
}

function portStrings(entry: Record<string, unknown>): string[] {
  return Array.isArray(entry.ports) ? entry.ports.map((p) => String(record(p).port ?? '0')) : [];
}

/** An allow item before its peers are keyed: keying (a canonical JSON of the peers) is only paid for items that can cancel. */
interface UnkeyedAllow {
  readonly item: Record<string, unknown>;
  readonly path: ValuePath;
  readonly l4Ports: ReadonlySet<string> | undefined;
  /** Whether the item allows some port for some peer: peers or an L4-only port, and not only L7 entries. */
  readonly canCancel: boolean;
}

// Rule sources are immutable parsed values shared by every target that looks at them, so their allow
// items are worked out once per source rather than once per target.
const allowCache = new WeakMap<CiliumRuleSource, Partial<Record<'ingress' | 'egress', readonly UnkeyedAllow[]>>>();

function allowItemsOf(source: CiliumRuleSource, direction: 'ingress' | 'egress'): readonly UnkeyedAllow[] {
  let cached = allowCache.get(source);
  if (!cached) allowCache.set(source, (cached = {}));
  let items = cached[direction];
  if (!items) {
    const list = source.rule[direction];
    items = !Array.isArray(list)
      ? []
      : list.map((raw, j) => {
          const item = record(raw);
          const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : undefined;
          const l4Ports = entries && new Set(entries.filter((e) => !isL7Entry(e)).flatMap((e) => (portStrings(e).length === 0 ? ['*'] : portStrings(e))));
          // An item with neither peers nor toPorts allows nothing; one whose toPorts are all L7 has no L4-only port.
          const canCancel = l4Ports ? l4Ports.size > 0 : Object.keys(item).some((k) => ciliumPeerField(k));
          return { item, path: [...source.basePath, direction, j], l4Ports, canCancel };
        });
    cached[direction] = items;
  }
  return items;
}

type Direction = 'ingress' | 'egress';

interface OrderedAllow extends AllowItem {
  /** Position among all allows of the index, for "the first one in workspace order". */
  readonly order: number;
}

interface PortBuckets {
  readonly byPort: Map<string, OrderedAllow[]>;
  /** Allows for every port: a peer with no toPorts, or an L4-only entry without ports. */
  readonly anyPort: OrderedAllow[];
}

/**
 * The L4-only allows of some rule sources, by direction, peer and port, so finding the allow that cancels an
 * L7 entry looks at the few allows that can match instead of every allow of the subject (which made the
 * check quadratic in the number of policies sharing a subject).
 */
export class L4AllowIndex {
  // Built per direction on first use: a target whose L7 entries are all ingress never keys its egress peers.
  private readonly directions: Partial<Record<Direction, { byPeer: Map<string, PortBuckets>; peerless: PortBuckets }>> = {};

  constructor(private readonly sources: readonly CiliumRuleSource[]) {}

  private indexOf(direction: Direction): { byPeer: Map<string, PortBuckets>; peerless: PortBuckets } {
    const known = this.directions[direction];
    if (known) return known;
    const index = { byPeer: new Map<string, PortBuckets>(), peerless: emptyBuckets() };
    // Order is only compared within one direction.
    let order = 0;
    for (const source of this.sources) {
      for (const unkeyed of allowItemsOf(source, direction)) {
        if (!unkeyed.canCancel) continue;
        const item: AllowItem = { source, path: unkeyed.path, peerKey: peerKeyOf(unkeyed.item), l4Ports: unkeyed.l4Ports };
        let buckets = index.peerless;
        if (item.peerKey !== undefined) {
          buckets = index.byPeer.get(item.peerKey) ?? emptyBuckets();
          index.byPeer.set(item.peerKey, buckets);
        }
        const ordered: OrderedAllow = { ...item, order: order++ };
        if (!item.l4Ports || item.l4Ports.has('*')) buckets.anyPort.push(ordered);
        else for (const port of item.l4Ports) push(buckets.byPort, port, ordered);
      }
    }
    this.directions[direction] = index;
    return index;
  }

  /**
   * Whether some allow of `direction` that `accept` takes could cancel an L7 entry, found without keying peers
   * or building the index: most L7 entries have no L4-only allow beside them (often only their own item).
   */
  hasCandidate(direction: Direction, accept: (source: CiliumRuleSource, path: ValuePath) => boolean): boolean {
    for (const source of this.sources) {
      for (const unkeyed of allowItemsOf(source, direction)) if (unkeyed.canCancel && accept(source, unkeyed.path)) return true;
    }
    return false;
  }

  /** The first allow (in source order) for the peer `peerKey` and one of `ports`, not rejected by `skip`. */
  firstCancelling(direction: Direction, peerKey: string | undefined, ports: readonly string[], skip: (allow: AllowItem) => boolean): AllowItem | undefined {
    const index = this.indexOf(direction);
    // An allow for a peer only covers L7 entries of the same peer; a peerless allow covers every peer.
    const buckets = [index.peerless, ...(peerKey === undefined ? [] : [index.byPeer.get(peerKey)])];
    let best: OrderedAllow | undefined;
    for (const bucket of buckets) {
      if (!bucket) continue;
      for (const list of [bucket.anyPort, ...ports.map((p) => bucket.byPort.get(p))]) {
        const first = list?.find((allow) => !skip(allow));
        if (first && (!best || first.order < best.order)) best = first;
      }
    }
    return best;
  }
}

function emptyBuckets(): PortBuckets {
  return { byPort: new Map(), anyPort: [] };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Where to look for cancelling allows, in priority order; `skip` hides allows (e.g. the target's own listing). */
export interface AllowLookup {
  readonly index: L4AllowIndex;
  readonly skip?: (allow: Pick<AllowItem, 'source' | 'path'>) => boolean;
}

/**
 * Cancellations of L7 entries of `target` by L4-only allows of the rule sources with the same subject (see
 * subjectKey), looked up in `lookups` in order: the first lookup with a cancelling allow names it.
 */
export function findL7Cancellations(target: CiliumRuleSource, lookups: readonly AllowLookup[]): Cancellation[] {
  const found: Cancellation[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const list = target.rule[direction];
    if (!Array.isArray(list)) continue;
    list.forEach((rawItem, j) => {
      const item = record(rawItem);
      const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : [];
      // Most items have no L7 entry: their peer key (a canonical JSON of the peers) is never needed.
      if (!entries.some(isL7Entry)) return;
      // The item itself is not its own canceller.
      const isSelfAt = (source: CiliumRuleSource, path: ValuePath) => source === target && path[path.length - 1] === j;
      const isSelf = (allow: AllowItem) => isSelfAt(allow.source, allow.path);
      // Without any other allow that can cancel, nothing is keyed or indexed (the answer is the same: none).
      if (!lookups.some(({ index, skip }) => index.hasCandidate(direction, (source, path) => !isSelfAt(source, path) && !(skip?.({ source, path }) ?? false)))) return;
      const ownPeer = peerKeyOf(item);
      entries.forEach((entry, k) => {
        if (!isL7Entry(entry)) return;
        const ports = portStrings(entry);
        let cancel: AllowItem | undefined;
        for (const { index, skip } of lookups) {
          cancel = index.firstCancelling(direction, ownPeer, ports, (allow) => isSelf(allow) || (skip?.(allow) ?? false));
          if (cancel) break;
        }
        if (cancel) found.push({ l7Path: [...target.basePath, direction, j, 'toPorts', k], by: { documentKey: cancel.source.documentKey, path: cancel.path } });
      });
    });
  }
  return found;
}
