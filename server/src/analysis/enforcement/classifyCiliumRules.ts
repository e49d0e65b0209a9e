// Classifies every rule of a CiliumNetworkPolicy / CiliumClusterwideNetworkPolicy: each ingress, egress,
// ingressDeny and egressDeny item, each toPorts entry and each L7 rule inside it. Layer and enforcer
// come from ciliumEnforcementTable; this file only walks the structure.
import type { ValuePath } from '../model/sourceSpan';
import type { PolicyDocument } from '../policyDocument';
import { ciliumDirections, ciliumIcmpField, ciliumL7Fields, ciliumPeerField, ciliumPortField, type CiliumFieldRow } from './ciliumEnforcementTable';
import { workspaceCiliumSources, type EnforcementWorkspace } from './enforcementWorkspace';
import type { ClassificationDetail, ClassifiedRule, RuleAction, RuleEffect } from './ruleEnforcement';
import { classificationWriter, type ClassificationWriter } from './ruleSpans';
import { cidrText, dnsRuleText, fqdnText, httpRuleText, listText, portsText, record, selectorText } from './ruleSummaryText';

const PORTS_ROW = ciliumPortField('ports')!;
const EMPTY_ITEM_ROW: CiliumFieldRow = {
  field: '(empty item)', role: 'peer', layer: 'L3', enforcer: 'cilium-bpf', noun: 'nothing',
  reason: 'an item with no peer and no port allows nothing but switches on default deny for its direction',
  upstream: 'Documentation/security/policy/layer3.rst; examples/policies/l3/egress-default-deny',
};

const noCancellations: ReadonlyMap<string, unknown> = new Map();

export function classifyCiliumRules(policy: PolicyDocument, workspace: EnforcementWorkspace, detail: ClassificationDetail = 'full'): ClassifiedRule[] {
  const out: ClassifiedRule[] = [];
  const write = classificationWriter(policy.yaml, detail);
  const neighbours = workspaceCiliumSources(policy, workspace);
  const clusterwide = policy.kind.kind === 'CiliumClusterwideNetworkPolicy';
  for (const source of neighbours.own) {
    // Most rules have nothing cancelled: no map, and no path serialised per toPorts entry (classifyEntry).
    const found = neighbours.l7Cancellations(source);
    const cancelled = found.length === 0 ? noCancellations : new Map(found.map((c) => [JSON.stringify(c.l7Path), c]));
    const subject = write.text(() => subjectText(source.rule, clusterwide, source.namespace));
    for (const dir of ciliumDirections) {
      const list = source.rule[dir.key];
      if (!Array.isArray(list)) continue;
      list.forEach((rawItem, j) => {
        // Paths are kept with the classification (graph runs keep it): concat makes them at their size (a spread
        // into a list literal leaves room for ~20 entries).
        const itemPath: ValuePath = source.basePath.concat(dir.key, j);
        const item = record(rawItem);
        classifyItem(out, write, item, itemPath, dir.direction, dir.action, subject, clusterwide, source.namespace, cancelled);
      });
    }
  }
  return out;
}

function classifyItem(
  out: ClassifiedRule[], write: ClassificationWriter, item: Record<string, unknown>, itemPath: ValuePath, direction: 'ingress' | 'egress',
  action: RuleAction, subject: string, clusterwide: boolean, namespace: string, cancelled: ReadonlyMap<string, unknown>,
): void {
  const peerFields = Object.keys(item).filter((k) => ciliumPeerField(k));
  const emptyPeers = peerFields.filter((k) => Array.isArray(item[k]) && (item[k] as unknown[]).length === 0);
  const entries = Array.isArray(item.toPorts) ? item.toPorts.map(record) : [];
  const peers = write.text(() => (peerFields.length === 0 ? (entries.length > 0 || item.icmps !== undefined ? 'any peer' : 'nobody') : peerFields.map((f) => peerText(f, item[f], clusterwide, namespace)).join(' and ')));
  const entryResults = entries.map((entry, k) => classifyEntry(out, write, entry, itemPath.concat('toPorts', k), direction, action, subject, peers, cancelled, emptyPeers.length > 0));
  // The item takes the highest layer of its parts; L7 wins over ports, ports over peers.
  const l7 = entryResults.find((r) => r.row.layer === 'L7');
  const decided: { row: CiliumFieldRow; path: ValuePath } =
    l7 ??
    (entries.length > 0
      ? { row: PORTS_ROW, path: itemPath.concat('toPorts') }
      : peerFields.length > 0
        ? { row: ciliumPeerField(peerFields[0])!, path: itemPath.concat(peerFields[0]) }
        : item.icmps !== undefined
          ? { row: ciliumIcmpField(), path: itemPath.concat('icmps') }
          : { row: EMPTY_ITEM_ROW, path: itemPath });
  const summary = write.text(() => {
    const ports = entries.length === 0 ? (item.icmps !== undefined ? icmpText(item.icmps) : 'all ports') : entries.map((e) => portsText(e.ports)).join('; ');
    const l7Text = entryResults.map((r) => r.l7Text).filter(Boolean).join('; ');
    const flow = direction === 'ingress' ? `${peers} → ${subject}` : `${subject} → ${peers}`;
    const verb = action === 'deny' ? 'denies' : 'allows';
    return peerFields.length === 0 && entries.length === 0 && !item.icmps
      ? `${direction} item with no peer and no port: allows nothing, turns on ${direction} default deny for ${subject}`
      : `${verb} ${flow} on ${ports}${l7Text ? `, only ${l7Text}` : ''}`;
  });
  const effect: RuleEffect = emptyPeers.length > 0 ? 'selects-nothing' : 'enforced';
  const note = write.text(() => {
    const notes = [decided.row.reason];
    if (emptyPeers.length > 0) notes.push(`${emptyPeers.join(', ')}: [] is an explicitly empty list and selects no peer (omit the field to mean any peer)`);
    if (peerFields.includes('toFQDNs')) notes.push('the IPs come from cilium-dns-proxy, so a DNS rule (rules.dns) must see the lookups');
    if (action === 'deny') notes.push('deny rules are enforced in the eBPF datapath and win over any allow');
    if (decided.row.layer === 'L7' && decided.row.enforcer !== 'cilium-bpf') notes.push('other ports are dropped in the eBPF datapath');
    return notes.join('; ');
  });
  // The entries were pushed first; the item goes in front of them so the table reads top-down.
  const index = out.length - entryResults.reduce((n, r) => n + r.count, 0);
  out.splice(index, 0, {
    path: itemPath, ...write.rule(itemPath), layer: decided.row.layer, enforcer: decided.row.enforcer,
    because: write.field(decided.path), becausePath: decided.path, mode: 'n/a', action, effect, summary,
    note, upstream: decided.row.upstream,
  });
}

interface EntryResult {
  readonly row: CiliumFieldRow;
  readonly path: ValuePath;
  readonly l7Text: string;
  /** How many rules this entry pushed (itself and its L7 rules). */
  readonly count: number;
}

function classifyEntry(
  out: ClassifiedRule[], write: ClassificationWriter, entry: Record<string, unknown>, entryPath: ValuePath, direction: 'ingress' | 'egress',
  action: RuleAction, subject: string, peers: string, cancelled: ReadonlyMap<string, unknown>, selectsNothing: boolean,
): EntryResult {
  const rules = record(entry.rules);
  const l7Rows = ciliumL7Fields.filter((row) => rules[row.field] !== undefined || (row.field === 'l7' && rules.l7proto !== undefined));
  const tlsRows = ['serverNames', 'terminatingTLS', 'originatingTLS', 'listener'].filter((f) => entry[f] !== undefined).map((f) => ciliumPortField(f)!);
  const isCancelled = cancelled.size > 0 && cancelled.has(JSON.stringify(entryPath));
  const l7Texts: string[] = [];
  const start = out.length;
  const entryRules: ClassifiedRule[] = [];
  for (const row of l7Rows) {
    const list = rules[row.field];
    const items = Array.isArray(list) ? list : [];
    items.forEach((rule, m) => {
      const path: ValuePath = entryPath.concat('rules', row.field, m);
      const text = write.text(() => (row.field === 'http' ? `HTTP ${httpRuleText(rule)}` : row.field === 'dns' ? dnsRuleText(rule) : `${row.noun} ${listText(Object.entries(record(rule)).map(([k, v]) => `${k}=${String(v)}`))}`));
      l7Texts.push(text);
      entryRules.push({
        path, ...write.rule(path), layer: 'L7', enforcer: row.enforcer, because: write.field(entryPath.concat('rules', row.field)),
        becausePath: entryPath.concat('rules', row.field), mode: 'n/a', action, effect: isCancelled ? 'ignored' : selectsNothing ? 'selects-nothing' : 'enforced',
        summary: write.text(() => `allows ${direction === 'ingress' ? `${peers} → ${subject}` : `${subject} → ${peers}`} on ${portsText(entry.ports)} only for ${text}`),
        note: write.text(() => (isCancelled ? `${row.reason}; cancelled: an L4-only allow for the same peer and port makes this L7 rule void` : row.reason)),
        upstream: row.upstream,
      });
    });
    if (items.length === 0 && row.field !== 'l7' && write.full) l7Texts.push(`${row.noun} (any request)`);
  }
  const decided = l7Rows[0] ?? tlsRows[0] ?? PORTS_ROW;
  const decidedPath: ValuePath = l7Rows[0] ? entryPath.concat('rules', l7Rows[0].field === 'l7' && rules.l7proto !== undefined ? 'l7proto' : l7Rows[0].field) : tlsRows[0] ? entryPath.concat(tlsRows[0].field) : entryPath.concat('ports');
  if (tlsRows.length > 0 && write.full) l7Texts.push(...tlsRows.map((r) => (r.field === 'serverNames' ? `TLS SNI ${listText(entry.serverNames)}` : r.noun)));
  const l7Text = write.text(() => l7Texts.join(', '));
  out.push({
    path: entryPath, ...write.rule(entryPath), layer: decided.layer, enforcer: decided.enforcer, because: write.field(decidedPath), becausePath: decidedPath,
    mode: 'n/a', action, effect: isCancelled ? 'ignored' : selectsNothing ? 'selects-nothing' : 'enforced',
    summary: write.text(() => `${action === 'deny' ? 'denies' : 'allows'} ${direction === 'ingress' ? `${peers} → ${subject}` : `${subject} → ${peers}`} on ${portsText(entry.ports)}${l7Text ? `, only ${l7Text}` : ''}`),
    note: write.text(() => (isCancelled ? `${decided.reason}; the L7 part is cancelled by an L4-only allow for the same peer and port` : decided.reason)),
    upstream: decided.upstream,
  }, ...entryRules);
  return { row: decided, path: decidedPath, l7Text, count: out.length - start };
}

function subjectText(rule: Record<string, unknown>, clusterwide: boolean, namespace: string): string {
  if (rule.nodeSelector !== undefined) return `nodes ${selectorText(rule.nodeSelector)}`;
  const selector = selectorText(rule.endpointSelector);
  if (clusterwide) return selector === 'all' ? 'every endpoint in the cluster' : `endpoints ${selector} (all namespaces)`;
  return selector === 'all' ? `every pod in namespace ${namespace}` : `pods ${selector} in ${namespace}`;
}

function peerText(field: string, value: unknown, clusterwide: boolean, namespace: string): string {
  const row = ciliumPeerField(field)!;
  if (Array.isArray(value) && value.length === 0) return `no ${row.noun} (empty list)`;
  switch (field) {
    case 'fromEndpoints':
    case 'toEndpoints': {
      const selectors = Array.isArray(value) ? value : [];
      return selectors.map((s) => {
        const text = selectorText(s);
        const namesNamespace = /io\.kubernetes\.pod\.namespace|io\.cilium\.k8s\.namespace\.labels/.test(text);
        if (clusterwide || namesNamespace) return text === 'all' ? 'all Cilium-managed endpoints' : `endpoints ${text}`;
        return text === 'all' ? `every pod in ${namespace}` : `pods ${text} in ${namespace}`;
      }).join(' or ');
    }
    case 'fromEntities':
    case 'toEntities':
      return `entities ${listText(value, 8)}`;
    case 'fromCIDR':
    case 'toCIDR':
    case 'fromCIDRSet':
    case 'toCIDRSet':
      return `CIDR ${cidrText(value)}`;
    case 'toFQDNs':
      return `DNS names ${fqdnText(value)}`;
    case 'toServices':
      return `services ${Array.isArray(value) ? value.map((s) => { const k = record(record(s).k8sService); return k.serviceName ? `${String(k.namespace ?? namespace)}/${String(k.serviceName)}` : selectorText(record(s).k8sServiceSelector); }).join(', ') : '?'}`;
    case 'fromNodes':
    case 'toNodes':
      return `nodes ${Array.isArray(value) ? value.map(selectorText).join(' or ') : '?'}`;
    default:
      return `${row.noun} ${listText(value)}`;
  }
}

function icmpText(icmps: unknown): string {
  const fields = Array.isArray(icmps) ? icmps.flatMap((i) => (Array.isArray(record(i).fields) ? (record(i).fields as unknown[]) : [])) : [];
  const types = fields.map((f) => `${String(record(f).type ?? '?')}${record(f).family ? ` (${String(record(f).family)})` : ''}`);
  return `ICMP ${types.join(', ') || 'types (none)'}`;
}
