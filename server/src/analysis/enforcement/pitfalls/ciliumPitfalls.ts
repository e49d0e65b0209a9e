// Cilium enforcement pitfalls (ML4009–ML4013): L7 rules cancelled by an L4-only allow, toFQDNs with no
// DNS rule to learn IPs, explicitly empty peer lists, `fromEndpoints: [{}]` scope, and CIDR rules that
// cannot select in-cluster pods (also for NetworkPolicy ipBlock under Cilium).
import type { Finding } from '../../model/finding';
import type { ValuePath } from '../../model/sourceSpan';
import { formatPath } from '../../model/sourceSpan';
import { makeFinding } from '../../findings/findingCodes';
import type { PolicyDocument } from '../../policyDocument';
import { spanAt } from '../../yaml/parseYamlDocuments';
import { ciliumDirections, ciliumPeerField } from '../ciliumEnforcementTable';
import { canonicalJson, type CiliumRuleSource } from '../ciliumL7Cancellation';
import { workspaceCiliumSources, type CiliumNeighbours, type EnforcementWorkspace } from '../enforcementWorkspace';
import { fieldSpan } from '../ruleSpans';
import { record } from '../ruleSummaryText';

/** Private and shared ranges where pod and node IPs usually live (RFC 1918, RFC 6598). */
export const clusterAddressRanges: readonly { cidr: string; upstream: string }[] = [
  { cidr: '10.0.0.0/8', upstream: 'RFC 1918' },
  { cidr: '172.16.0.0/12', upstream: 'RFC 1918' },
  { cidr: '192.168.0.0/16', upstream: 'RFC 1918' },
  { cidr: '100.64.0.0/10', upstream: 'RFC 6598 (used by some pod CIDRs, e.g. GKE/EKS custom networking)' },
];

const CIDR_FIELDS = new Set(['fromCIDR', 'toCIDR', 'fromCIDRSet', 'toCIDRSet']);

export function ciliumPitfalls(policy: PolicyDocument, workspace: EnforcementWorkspace): Finding[] {
  const findings: Finding[] = [];
  const doc = policy.yaml;
  const index = doc.index;
  const neighbours = workspaceCiliumSources(policy, workspace);
  const clusterwide = policy.kind.kind === 'CiliumClusterwideNetworkPolicy';
  for (const source of neighbours.own) {
    for (const cancellation of neighbours.l7Cancellations(source)) {
      const where = cancellation.by.documentKey === source.documentKey ? formatPath(cancellation.by.path) : `${formatPath(cancellation.by.path)} of ${cancellation.by.documentKey}`;
      findings.push(makeFinding('ML4009', fieldSpan(doc, [...cancellation.l7Path, 'rules']), `The L4-only allow at ${where} covers the same peer and port, so these L7 rules have no effect: every request on the port passes.`, index));
    }
    if (usesFqdns(source) && !dnsRuleCovers(source, neighbours)) {
      const path = firstFqdnPath(source);
      findings.push(makeFinding('ML4010', fieldSpan(doc, path), 'toFQDNs only matches IPs the DNS proxy learned, but no egress rule for these endpoints has a DNS rule (toPorts 53 with rules.dns): nothing is learned and the traffic is dropped.', index));
    }
    for (const dir of ciliumDirections) {
      const list = source.rule[dir.key];
      if (!Array.isArray(list)) continue;
      list.forEach((raw, j) => {
        const item = record(raw);
        const itemPath: ValuePath = [...source.basePath, dir.key, j];
        for (const [field, value] of Object.entries(item)) {
          if (!ciliumPeerField(field) || !Array.isArray(value)) continue;
          const path: ValuePath = [...itemPath, field];
          if (value.length === 0) {
            findings.push(makeFinding('ML4011', fieldSpan(doc, path), `${field}: [] selects no peer at all${item.toPorts ? ', even with toPorts' : ''}; omit ${field} to mean any peer.`, index));
          }
          if ((field === 'fromEndpoints' || field === 'toEndpoints') && value.some(isEmptySelector)) {
            const scope = clusterwide ? 'every Cilium-managed pod in any namespace (not host, world or other reserved identities)' : `only the pods of this policy's namespace (${source.namespace})`;
            findings.push(makeFinding('ML4012', fieldSpan(doc, path), `An empty selector in ${field} means ${scope}; use ${field.startsWith('from') ? 'fromEntities' : 'toEntities'} (cluster, all) for more.`, index));
          }
          if (CIDR_FIELDS.has(field)) cidrFindings(findings, policy, path, value);
        }
      });
    }
  }
  return findings;
}

/** NetworkPolicy ipBlock: under Cilium it follows the same rule as CIDR peers. */
export function networkPolicyCidrPitfalls(policy: PolicyDocument): Finding[] {
  const findings: Finding[] = [];
  const spec = record(policy.value.spec);
  for (const [key, peers] of [['ingress', 'from'], ['egress', 'to']] as const) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    list.forEach((item, j) => {
      const peerList = record(item)[peers];
      if (!Array.isArray(peerList)) return;
      peerList.forEach((peer, k) => {
        const block = record(record(peer).ipBlock);
        if (typeof block.cidr === 'string') cidrFindings(findings, policy, ['spec', key, j, peers, k, 'ipBlock', 'cidr'], [block.cidr], true);
      });
    });
  }
  return findings;
}

/** One ML4013 per CIDR list (not per CIDR: a generated list of 100k addresses would give 100k findings). */
function cidrFindings(findings: Finding[], policy: PolicyDocument, path: ValuePath, value: readonly unknown[], single = false): void {
  const hits: { cidr: string; range: (typeof clusterAddressRanges)[number]; at: ValuePath }[] = [];
  value.forEach((entry, i) => {
    const cidr = typeof entry === 'string' ? entry : record(entry).cidr;
    if (typeof cidr !== 'string') return;
    const range = clusterAddressRanges.find((r) => cidrWithin(cidr, r.cidr));
    if (range) hits.push({ cidr, range, at: single ? path : typeof entry === 'string' ? [...path, i] : [...path, i, 'cidr'] });
  });
  if (hits.length === 0) return;
  const advice = 'CIDR rules never match Cilium-managed pods or nodes, so use endpoint selectors or entities for those.';
  if (hits.length === 1) {
    const [{ cidr, range, at }] = hits;
    findings.push(makeFinding('ML4013', spanAt(policy.yaml, at), `${cidr} lies in ${range.cidr} (${range.upstream}), where pod and node IPs usually live; ${advice}`, policy.yaml.index));
    return;
  }
  const examples = hits.slice(0, 3).map((h) => h.cidr).join(', ');
  const ranges = [...new Set(hits.map((h) => h.range.cidr))].join(', ');
  findings.push(makeFinding('ML4013', spanAt(policy.yaml, path, 'key'), `${hits.length} of these CIDRs (${examples}${hits.length > 3 ? ', …' : ''}) lie in ${ranges}, where pod and node IPs usually live; ${advice}`, policy.yaml.index));
}

function isEmptySelector(selector: unknown): boolean {
  const s = record(selector);
  return typeof selector === 'object' && selector !== null && Object.keys(record(s.matchLabels)).length === 0 && !(Array.isArray(s.matchExpressions) && s.matchExpressions.length > 0) && Object.keys(s).every((k) => k === 'matchLabels' || k === 'matchExpressions');
}

/** Where the DNS-rule sources of one selector's list apply: cluster-wide, or in these namespaces. */
interface DnsScope {
  readonly clusterwide: boolean;
  readonly namespaces: ReadonlySet<string>;
}

// Per shared workspace list (see listedWithSelector), so each list is read once, not once per FQDN policy.
const dnsScopes = new WeakMap<readonly CiliumRuleSource[], DnsScope>();

function dnsScopeOf(list: readonly CiliumRuleSource[]): DnsScope {
  let scope = dnsScopes.get(list);
  if (!scope) {
    const withDns = list.filter(hasDnsRule);
    scope = { clusterwide: withDns.some((s) => s.kind === 'CiliumClusterwideNetworkPolicy'), namespaces: new Set(withDns.map((s) => s.namespace)) };
    dnsScopes.set(list, scope);
  }
  return scope;
}

/**
 * True when some egress rule for the endpoints of `source` has a DNS rule: one with this rule's selector or
 * the empty one, in scope (see sameSubject); the document's own rules count whether or not it is listed.
 */
function dnsRuleCovers(source: CiliumRuleSource, neighbours: CiliumNeighbours): boolean {
  if (neighbours.own.some((s) => sameSubject(s, source) && hasDnsRule(s))) return true;
  const inScope = (scope: DnsScope) => scope.clusterwide || (source.kind !== 'CiliumClusterwideNetworkPolicy' && scope.namespaces.has(source.namespace));
  return [canonicalJson(source.rule.endpointSelector), '{}'].some((selector) => inScope(dnsScopeOf(neighbours.listedWithSelector(selector))));
}

function sameSubject(a: CiliumRuleSource, b: CiliumRuleSource): boolean {
  // DNS rules in a cluster-wide policy with a broad selector commonly serve every namespace.
  const scopeMatches = a.kind === 'CiliumClusterwideNetworkPolicy' || (b.kind !== 'CiliumClusterwideNetworkPolicy' && a.namespace === b.namespace);
  if (!scopeMatches) return false;
  const aSelector = canonicalJson(a.rule.endpointSelector);
  return aSelector === canonicalJson(b.rule.endpointSelector) || aSelector === '{}';
}

function usesFqdns(source: CiliumRuleSource): boolean {
  return Array.isArray(source.rule.egress) && source.rule.egress.some((item) => Array.isArray(record(item).toFQDNs) && (record(item).toFQDNs as unknown[]).length > 0);
}

function firstFqdnPath(source: CiliumRuleSource): ValuePath {
  const list = source.rule.egress as unknown[];
  const j = list.findIndex((item) => Array.isArray(record(item).toFQDNs));
  return [...source.basePath, 'egress', j, 'toFQDNs'];
}

function hasDnsRule(source: CiliumRuleSource): boolean {
  const egress = source.rule.egress;
  return Array.isArray(egress) && egress.some((item) => Array.isArray(record(item).toPorts) && (record(item).toPorts as unknown[]).some((entry) => record(record(entry).rules).dns !== undefined));
}

function parseIpv4Cidr(cidr: string): { base: number; bits: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(cidr.trim());
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  const bits = match[5] === undefined ? 32 : Number(match[5]);
  if (bits > 32) return undefined;
  return { base: ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0, bits };
}

/** True when `inner` is inside `outer` (IPv4 only; anything else is not judged). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseIpv4Cidr(inner);
  const b = parseIpv4Cidr(outer);
  if (!a || !b || a.bits < b.bits) return false;
  const mask = b.bits === 0 ? 0 : (0xffffffff << (32 - b.bits)) >>> 0;
  return ((a.base & mask) >>> 0) === ((b.base & mask) >>> 0);
}
