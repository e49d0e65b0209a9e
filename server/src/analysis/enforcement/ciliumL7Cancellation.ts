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
  readonly item: Record<string, unknown>;
}

function peerKeyOf(item: Record<string, unknown>): string | undefined {
  const peers = Object.keys(item).filter((k) => ciliumPeerField(k)).sort();
  return peers.length === 0 ? undefined : JSON.stringify(peers.map((k) => [k, item[k]]));
}

function subjectKey(source: CiliumRuleSource): string {
  const scope = source.kind === 'CiliumNetworkPolicy' ? source.namespace : '*';
  return `${scope}|${JSON.stringify(source.rule.endpointSelector ?? null)}|${JSON.stringify(source.rule.nodeSelector ?? null)}`;
}

function isL7Entry(entry: Record<string, unknown>): boolean {
  const rules = record(entry.rules);
  return Object.keys(rules).length > 0 || entry.serverNames !== undefined || entry.terminatingTLS !== undefined || entry.listener !== undefined;
}

function portStrings(entry: Record<string, unknown>): string[] {
  return Array.isArray(entry.ports) ? entry.ports.map((p) => String(record(p).port ?? '0')) : [];
}

/** Cancellations of L7 entries of `target` by L4-only allows in any of `sources` (target included). */
export function findL7Cancellations(target: CiliumRuleSource, sources: readonly CiliumRuleSource[]): Cancellation[] {
  const found: Cancellation[] = [];
  const key = subjectKey(target);
  const peers = sources.filter((s) => subjectKey(s) === key);
  for (const direction of ['ingress', 'egress'] as const) {
    const allows: AllowItem[] = peers.flatMap((source) => {
      const list = source.rule[direction];
      return Array.isArray(list) ? list.map((item, j) => ({ source, path: [...source.basePath, direction, j], peerKey: peerKeyOf(record(item)), item: record(item) })) : [];
    });
    const list = target.rule[direction];
    if (!Array.isArray(list)) continue;
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
          const otherEntries = Array.isArray(other.item.toPorts) ? other.item.toPorts.map(record) : undefined;
          // An item with neither peers nor ports allows nothing, so it cancels nothing.
          if (other.peerKey === undefined && !otherEntries) return false;
          if (!otherEntries) return true;
          return otherEntries.some((e) => !isL7Entry(e) && (portStrings(e).length === 0 || portStrings(e).some((p) => ports.includes(p))));
        });
        if (cancel) found.push({ l7Path: [...target.basePath, direction, j, 'toPorts', k], by: { documentKey: cancel.source.documentKey, path: cancel.path } });
      });
    });
  }
  return found;
}
