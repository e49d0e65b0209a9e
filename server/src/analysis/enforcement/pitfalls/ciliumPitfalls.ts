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
import { parseCidr, rangeContains, rangesOverlap, type IpRange } from '../../graph/ipRange';
import { fqdnMatches } from '../../graph/fqdnPattern';
import { cidrGroupNamed } from '../../inventory/cidrGroups';

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
    if (usesFqdns(source)) {
      const patterns = dnsPatternsFor(source, neighbours);
      if (patterns.length === 0) {
        const path = firstFqdnPath(source);
        findings.push(makeFinding('ML4010', fieldSpan(doc, path), 'toFQDNs only matches IPs the DNS proxy learned, but no egress rule for these endpoints has a DNS rule (toPorts 53 with rules.dns): nothing is learned and the traffic is dropped.', index));
      } else {
        // Coverage, not presence: the DNS rule must let the proxy see this name (the graph's dnsLearns).
        for (const selector of fqdnSelectorsOf(source).filter((s) => !dnsCovers(patterns, s))) {
          const name = selector.matchName ?? selector.matchPattern;
          const shown = [...new Set(patterns)].slice(0, 3).join(', ');
          findings.push(makeFinding('ML4010', fieldSpan(doc, selector.path), `toFQDNs ${name} only matches IPs the DNS proxy learned, but the DNS rules for these endpoints (${shown}) do not cover this name: nothing is learned for it and the traffic is dropped. Add it (or a pattern covering it) to rules.dns.`, index));
        }
      }
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
          if (CIDR_FIELDS.has(field)) {
            cidrFindings(findings, policy, path, value);
            cidrGroupFindings(findings, policy, path, value, workspace);
          }
        }
      });
    }
  }
  return findings;
}

/** ML4019: a cidrGroupRef naming a CiliumCIDRGroup the workspace does not hold. */
function cidrGroupFindings(findings: Finding[], policy: PolicyDocument, path: ValuePath, value: readonly unknown[], workspace: EnforcementWorkspace): void {
  const groups = workspace.dataplane.cidrGroups;
  value.forEach((entry, i) => {
    const ref = record(entry).cidrGroupRef;
    if (typeof ref !== 'string' || ref === '') return;
    const group = cidrGroupNamed(groups, ref);
    if (group) return;
    const known = groups && groups.length > 0 ? ` (the workspace has ${groups.slice(0, 3).map((g) => g.name).join(', ')}${groups.length > 3 ? ', …' : ''})` : '';
    findings.push(makeFinding('ML4019', spanAt(policy.yaml, [...path, i, 'cidrGroupRef'], 'value'), `No CiliumCIDRGroup ${ref} in the workspace${known}: if it does not exist in the cluster, this entry selects no CIDR.`, policy.yaml.index));
  });
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
        if (typeof block.cidr === 'string') cidrFindings(findings, policy, ['spec', key, j, peers, k, 'ipBlock', 'cidr'], [block.cidr], true, block.except);
      });
    });
  }
  return findings;
}

/** One ML4013 per CIDR list (not per CIDR: a generated list of 100k addresses would give 100k findings). */
function cidrFindings(findings: Finding[], policy: PolicyDocument, path: ValuePath, value: readonly unknown[], single = false, except?: unknown): void {
  const hits: { cidr: string; hit: ClusterRangeHit; at: ValuePath }[] = [];
  value.forEach((entry, i) => {
    const cidr = typeof entry === 'string' ? entry : record(entry).cidr;
    if (typeof cidr !== 'string') return;
    const hit = clusterRangeHit(cidr, typeof entry === 'string' ? except : record(entry).except);
    if (hit) hits.push({ cidr, hit, at: single ? path : typeof entry === 'string' ? [...path, i] : [...path, i, 'cidr'] });
  });
  if (hits.length === 0) return;
  const advice = 'CIDR rules never match Cilium-managed pods or nodes, so use endpoint selectors or entities for those.';
  if (hits.length === 1) {
    const [{ cidr, hit, at }] = hits;
    const where = hit.contained
      ? `${cidr} lies in ${hit.range.cidr} (${hit.range.upstream}), where pod and node IPs usually live`
      : `${cidr} also covers ${hit.range.cidr} (${hit.range.upstream}), where pod and node IPs usually live: for pods there it is as ineffective as a CIDR inside that range`;
    findings.push(makeFinding('ML4013', spanAt(policy.yaml, at), `${where}; ${advice}`, policy.yaml.index));
    return;
  }
  const examples = hits.slice(0, 3).map((h) => h.cidr).join(', ');
  const ranges = [...new Set(hits.map((h) => h.hit.range.cidr))].join(', ');
  findings.push(makeFinding('ML4013', spanAt(policy.yaml, path, 'key'), `${hits.length} of these CIDRs (${examples}${hits.length > 3 ? ', …' : ''}) ${hits.every((h) => h.hit.contained) ? 'lie in' : 'lie in or cover'} ${ranges}, where pod and node IPs usually live; ${advice}`, policy.yaml.index));
}

export interface ClusterRangeHit {
  readonly range: (typeof clusterAddressRanges)[number];
  /** The CIDR is inside the range (else it overlaps it, e.g. 0.0.0.0/0). */
  readonly contained: boolean;
}

const parsedClusterRanges = clusterAddressRanges.map((range) => ({ range, ip: parseCidr(range.cidr) as IpRange }));

/**
 * The first pod/node range a CIDR reaches into: contained in it, or overlapping it (0.0.0.0/0) where no
 * `except` cuts the shared part out. Either way the rule cannot select the pods there (layer3.rst).
 */
export function clusterRangeHit(cidr: string, except: unknown): ClusterRangeHit | undefined {
  // Generated and copied policies repeat their CIDRs: the answer depends on the two texts only.
  const key = exceptKey(cidr, except);
  if (key === undefined) return rangeHit(cidr, except);
  let hit = knownHits.get(key);
  if (hit === undefined) {
    if (knownHits.size >= MAX_KNOWN_HITS) knownHits.clear();
    knownHits.set(key, (hit = rangeHit(cidr, except) ?? null));
  }
  return hit ?? undefined;
}

const knownHits = new Map<string, ClusterRangeHit | null>();
const MAX_KNOWN_HITS = 4096;

/**
 * `cidr` and its excepts as one text, one per line, when the excepts are absent or a few strings and no text holds a
 * line break (else undefined: the answer is not kept).
 */
function exceptKey(cidr: string, except: unknown): string | undefined {
  if (cidr.includes('\n')) return undefined;
  if (except === undefined) return cidr;
  if (!Array.isArray(except) || except.length > 8) return undefined;
  let key = cidr;
  for (const e of except) {
    if (typeof e !== 'string' || e.includes('\n')) return undefined;
    key += `\n${e}`;
  }
  return key;
}

/** clusterRangeHit worked out every time (the answer clusterRangeHit keeps). */
export function rangeHit(cidr: string, except: unknown): ClusterRangeHit | undefined {
  const ip = parseCidr(cidr);
  if (!ip) return undefined;
  const excepts = (Array.isArray(except) ? except : []).flatMap((e) => (typeof e === 'string' ? [parseCidr(e)].filter((r): r is IpRange => r !== undefined) : []));
  for (const { range, ip: cluster } of parsedClusterRanges) {
    if (!rangesOverlap(ip, cluster)) continue;
    const shared: IpRange = { v6: ip.v6, first: ip.first > cluster.first ? ip.first : cluster.first, last: ip.last < cluster.last ? ip.last : cluster.last };
    if (excepts.some((e) => rangeContains(e, shared))) continue;
    return { range, contained: rangeContains(cluster, ip) };
  }
  return undefined;
}


function isEmptySelector(selector: unknown): boolean {
  const s = record(selector);
  return typeof selector === 'object' && selector !== null && Object.keys(record(s.matchLabels)).length === 0 && !(Array.isArray(s.matchExpressions) && s.matchExpressions.length > 0) && Object.keys(s).every((k) => k === 'matchLabels' || k === 'matchExpressions');
}

/** The DNS-rule patterns of one selector's list: from cluster-wide policies, and per namespace. */
interface DnsScope {
  readonly clusterwide: readonly string[];
  readonly byNamespace: ReadonlyMap<string, readonly string[]>;
}

// Per shared workspace list (see listedWithSelector), so each list is read once, not once per FQDN policy.
const dnsScopes = new WeakMap<readonly CiliumRuleSource[], DnsScope>();

function dnsScopeOf(list: readonly CiliumRuleSource[]): DnsScope {
  let scope = dnsScopes.get(list);
  if (!scope) {
    const clusterwide: string[] = [];
    const byNamespace = new Map<string, string[]>();
    for (const source of list) {
      const patterns = dnsPatternsOf(source);
      if (patterns.length === 0) continue;
      if (source.kind === 'CiliumClusterwideNetworkPolicy') clusterwide.push(...patterns);
      else byNamespace.set(source.namespace, [...(byNamespace.get(source.namespace) ?? []), ...patterns]);
    }
    scope = { clusterwide, byNamespace };
    dnsScopes.set(list, scope);
  }
  return scope;
}

/**
 * The DNS patterns (rules.dns matchName/matchPattern) of the egress rules for the endpoints of `source`: those
 * with this rule's selector or the empty one, in scope (see sameSubject); the document's own rules count
 * whether or not it is listed.
 */
function dnsPatternsFor(source: CiliumRuleSource, neighbours: CiliumNeighbours): string[] {
  const patterns = neighbours.own.filter((s) => sameSubject(s, source)).flatMap(dnsPatternsOf);
  for (const selector of [canonicalJson(source.rule.endpointSelector), '{}']) {
    const scope = dnsScopeOf(neighbours.listedWithSelector(selector));
    patterns.push(...scope.clusterwide);
    if (source.kind !== 'CiliumClusterwideNetworkPolicy') patterns.push(...(scope.byNamespace.get(source.namespace) ?? []));
  }
  return patterns;
}

/** A toFQDNs selector of an egress rule, with where it is. */
interface FqdnSelector {
  readonly path: ValuePath;
  readonly matchName?: string;
  readonly matchPattern?: string;
}

function fqdnSelectorsOf(source: CiliumRuleSource): FqdnSelector[] {
  const egress = Array.isArray(source.rule.egress) ? source.rule.egress : [];
  return egress.flatMap((item, j) => {
    const list = record(item).toFQDNs;
    return Array.isArray(list)
      ? list.map((selector, k) => {
          const s = record(selector);
          return {
            path: [...source.basePath, 'egress', j, 'toFQDNs', k],
            ...(typeof s.matchName === 'string' ? { matchName: s.matchName } : {}),
            ...(typeof s.matchPattern === 'string' ? { matchPattern: s.matchPattern } : {}),
          };
        })
      : [];
  });
}

/**
 * Whether one of the DNS patterns lets the proxy learn the selector's names, with the graph's matcher
 * (graph/fqdnPattern.ts). A toFQDNs pattern counts as covered when a DNS pattern matches one name it stands
 * for (its wildcards read as a label): a finding then means no DNS rule can see any of its names.
 */
function dnsCovers(patterns: readonly string[], selector: FqdnSelector): boolean {
  const name = selector.matchName ?? (selector.matchPattern === undefined ? undefined : sampleName(selector.matchPattern));
  if (name === undefined) return true;
  return patterns.some((pattern) => pattern.toLowerCase() === (selector.matchPattern ?? '').toLowerCase() || fqdnMatches(pattern, name));
}

/** A name a toFQDNs matchPattern matches: `*` alone stands for any name, a wildcard inside a label for `x`. */
function sampleName(pattern: string): string {
  return pattern === '*' ? 'x.example' : pattern.replace(/\*\*/g, 'x').replace(/\*/g, 'x');
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

/** The matchName/matchPattern values of the DNS rules of a source's egress (`rules.dns: [{}]` matches nothing). */
function dnsPatternsOf(source: CiliumRuleSource): string[] {
  const egress = Array.isArray(source.rule.egress) ? source.rule.egress : [];
  return egress.flatMap((item) =>
    (Array.isArray(record(item).toPorts) ? (record(item).toPorts as unknown[]) : []).flatMap((entry) => {
      const dns = record(record(entry).rules).dns;
      return (Array.isArray(dns) ? dns : []).flatMap((rule) => [record(rule).matchName, record(rule).matchPattern].filter((p): p is string => typeof p === 'string' && p !== ''));
    }),
  );
}

/** True when `inner` is inside `outer` (graph/ipRange.ts owns the parsing; malformed is never inside). */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  return a !== undefined && b !== undefined && rangeContains(b, a);
}
