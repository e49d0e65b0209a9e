// The L4-only allow index behind L7 cancellation (ciliumL7Cancellation.ts) builds each direction on first use.
// Whatever the rules, its answer must be the plain scan: the first L4-only allow, in source order, of the same
// direction whose peers are the L7 entry's (or that has no peer) and whose ports cover one of the entry's ports
// (cilium Documentation/security/policy/layer7.rst: an L4-only allow for the same peer and port voids the L7 part).
import { describe, expect, it } from 'vitest';
import { canonicalJson, findL7Cancellations, L4AllowIndex, type CiliumRuleSource } from '../../../server/src/analysis/enforcement/ciliumL7Cancellation';
import { ciliumPeerField } from '../../../server/src/analysis/enforcement/ciliumEnforcementTable';
import { seededRandom } from '../../support/seededRandom';

type Item = Record<string, unknown>;

function randomSources(random: () => number, count: number): CiliumRuleSource[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const peers: Item[] = [
    {},
    { fromEndpoints: [{ matchLabels: { app: 'a' } }] },
    { fromEndpoints: [{ matchLabels: { app: 'b' } }] },
    { toEndpoints: [{ matchLabels: { app: 'a' } }] },
    { fromEntities: ['world'], fromCIDR: ['10.0.0.0/8'] },
    { toFQDNs: [{ matchName: 'x.example.com' }] },
  ];
  const entry = (): Item => {
    const ports = random() < 0.2 ? {} : { ports: Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({ port: pick(['80', '443', '8080']), protocol: 'TCP' })) };
    const l7 = random() < 0.5 ? { rules: { http: [{ method: 'GET' }] } } : random() < 0.1 ? { serverNames: ['x'] } : {};
    return { ...ports, ...l7 };
  };
  const item = (): Item => {
    const out: Item = { ...pick(peers) };
    if (random() < 0.8) out.toPorts = Array.from({ length: 1 + Math.floor(random() * 2) }, entry);
    return out;
  };
  const list = (): Item[] => Array.from({ length: Math.floor(random() * 4) }, item);
  return Array.from({ length: count }, (_, i) => ({
    documentKey: `f#${i}`,
    kind: 'CiliumNetworkPolicy',
    namespace: 'ns',
    basePath: ['spec'],
    rule: { endpointSelector: {}, ...(random() < 0.9 ? { ingress: list() } : {}), ...(random() < 0.9 ? { egress: list() } : {}) },
  }));
}

const isL7 = (e: Item) => Object.keys((e.rules as object) ?? {}).length > 0 || e.serverNames !== undefined || e.terminatingTLS !== undefined || e.listener !== undefined;
const portsOf = (e: Item) => (Array.isArray(e.ports) ? e.ports.map((p) => String((p as Item).port ?? '0')) : []);
const peerKey = (item: Item) => {
  const fields = Object.keys(item).filter((k) => ciliumPeerField(k)).sort();
  return fields.length === 0 ? undefined : canonicalJson(fields.map((k) => [k, item[k]]));
};

/** The plain scan over every item, in source order. */
function plainCancellations(target: CiliumRuleSource, sources: readonly CiliumRuleSource[]) {
  const found: { l7Path: unknown[]; by: { documentKey: string; path: unknown[] } }[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    ((target.rule[direction] as Item[] | undefined) ?? []).forEach((item, j) => {
      ((item.toPorts as Item[] | undefined) ?? []).forEach((entry, k) => {
        if (!isL7(entry)) return;
        const ports = portsOf(entry);
        for (const source of sources) {
          const list = (source.rule[direction] as Item[] | undefined) ?? [];
          const hit = list.findIndex((other, m) => {
            if (source === target && m === j) return false;
            const key = peerKey(other);
            const entries = other.toPorts as Item[] | undefined;
            if (key === undefined && !entries) return false;
            if (key !== undefined && key !== peerKey(item)) return false;
            if (!entries) return true;
            const l4 = entries.filter((e) => !isL7(e)).flatMap((e) => (portsOf(e).length === 0 ? ['*'] : portsOf(e)));
            return l4.includes('*') || l4.some((p) => ports.includes(p));
          });
          if (hit >= 0) {
            found.push({ l7Path: [...target.basePath, direction, j, 'toPorts', k], by: { documentKey: source.documentKey, path: [...source.basePath, direction, hit] } });
            return;
          }
        }
      });
    });
  }
  return found;
}

describe('L4-only allow index built per direction on use', () => {
  it('finds the same cancellations as a plain scan of every allow, in either order of direction use', () => {
    const random = seededRandom(20261205);
    for (let round = 0; round < 300; round++) {
      const sources = randomSources(random, 1 + Math.floor(random() * 5));
      const index = new L4AllowIndex(sources);
      // Targets in a random order, so a direction is sometimes first built for a later target.
      const targets = [...sources].sort(() => random() - 0.5);
      for (const target of targets) {
        expect(findL7Cancellations(target, [{ index }])).toEqual(plainCancellations(target, sources));
      }
    }
  });

  it('skips keying when no other allow can cancel, and still equals the plain scan with the own listing looked at first', () => {
    const random = seededRandom(20261206);
    for (let round = 0; round < 300; round++) {
      const sources = randomSources(random, 1 + Math.floor(random() * 4));
      const subject = new L4AllowIndex(sources);
      for (const target of sources) {
        // As the workspace does: the target's own listing first, then the subject's listings without it.
        const lookups = [{ index: new L4AllowIndex([target]) }, { index: subject, skip: (allow: { source: CiliumRuleSource }) => allow.source === target }];
        expect(findL7Cancellations(target, lookups)).toEqual(plainCancellations(target, [target, ...sources.filter((s) => s !== target)]));
      }
    }
  });
});
