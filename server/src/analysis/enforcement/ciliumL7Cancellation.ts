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

interface AllowItem {
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

function portStrings(entry: Record<string, unknown>): string[] {
  return Array.isArray(entry.ports) ? entry.ports.map((p) => String(record(p).port ?? '0')) : [];
}

// Rule sources are immutable parsed values shared by every target that looks at them, so their allow
// items are worked out once per source rather than once per target.
const allowCache = new WeakMap<CiliumRuleSource, Record<'ingress' | 'egress', readonly AllowItem[]>>();

function allowItemsOf(source: CiliumRuleSource, direction: 'ingress' | 'egress'): readonly AllowItem[] {
  let cached = allowCache.get(source);
  if (!cached) {
    const itemsOf = (dir: 'ingress' | 'egress'): AllowItem[] => {
      const list = source.rule[dir];
      if (!Array.isArray(list)) return [];
      return list.map((raw, j) => {
        const item = record(raw);
        const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : undefined;
        const l4Ports = entries && new Set(entries.filter((e) => !isL7Entry(e)).flatMap((e) => (portStrings(e).length === 0 ? ['*'] : portStrings(e))));
        return { source, path: [...source.basePath, dir, j], peerKey: peerKeyOf(item), l4Ports };
      });
    };
    cached = { ingress: itemsOf('ingress'), egress: itemsOf('egress') };
    allowCache.set(source, cached);
  }
  return cached[direction];
}

/**
 * Cancellations of L7 entries of `target` by L4-only allows in `peers`: the rule sources with the same
 * subject as the target (see subjectKey), the target included, in workspace order.
 */
export function findL7Cancellations(target: CiliumRuleSource, peers: readonly CiliumRuleSource[]): Cancellation[] {
  const found: Cancellation[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const list = target.rule[direction];
    if (!Array.isArray(list)) continue;
    const allows = peers.flatMap((source) => allowItemsOf(source, direction));
    list.forEach((rawItem, j) => {
      const item = record(rawItem);
      const ownPeer = peerKeyOf(item);
      const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : [];
      entries.forEach((entry, k) => {
        if (!isL7Entry(entry)) return;
        const ports = portStrings(entry);
        const cancel = allows.find((other) => {
          if (other.source === target && other.path[other.path.length - 1] === j) return false;
          if (other.peerKey !== undefined && other.peerKey !== ownPeer) return false;
          // An item with neither peers nor ports allows nothing, so it cancels nothing.
          if (other.peerKey === undefined && !other.l4Ports) return false;
          if (!other.l4Ports) return true;
          return other.l4Ports.has('*') || ports.some((p) => other.l4Ports!.has(p));
        });
        if (cancel) found.push({ l7Path: [...target.basePath, direction, j, 'toPorts', k], by: { documentKey: cancel.source.documentKey, path: cancel.path } });
      });
    });
  }
  return found;
}
