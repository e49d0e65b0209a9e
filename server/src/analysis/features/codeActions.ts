// Quick fixes for findings whose fix is certain, as minimal text edits that keep the user's formatting and
// comments: lines the user wrote move whole, new lines take their neighbours' indentation. One provider per
// finding code (`quickFixProviders`); a provider that cannot be sure of the fix offers nothing.
// Pure: the file's analysis, its findings and (lazily) the workspace index in; edits out. Never throws.
import { isMap, isScalar, type Node, type Scalar } from 'yaml';
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import type { Finding } from '../model/finding';
import type { SourceSpan } from '../model/sourceSpan';
import { sectionFacts } from '../dialects/cilium/ciliumRuleTables';
import { enumOf, propertiesOf, type SchemaLookup } from './fieldSchema';
import type { WorkspaceValueIndex } from './workspaceValues';
import {
  columnOf,
  isBlockMap,
  isBlockSeq,
  lastContentOffset,
  lineEnd,
  lineStart,
  newlineOf,
  nodeAt,
  pairAt,
  pairWithKeyAt,
  requoted,
  scalarAt,
  valueSpan,
  type SpanEdit,
} from './yamlEdits';

export type { SpanEdit } from './yamlEdits';

export interface CodeActionSuggestion {
  readonly title: string;
  readonly kind: 'quickfix' | 'refactor.rewrite';
  readonly edits: readonly SpanEdit[];
  /** The finding the action fixes (its diagnostic), if any. */
  readonly fixes?: Finding;
  readonly preferred?: boolean;
}

export interface CodeActionContext {
  readonly uri: string;
  readonly text: string;
  readonly analysis: FileAnalysis;
  readonly schemaAt: SchemaLookup;
  /** The workspace model's values, built on first use (waypoints, Namespace manifests). */
  readonly workspace: () => WorkspaceValueIndex | undefined;
  /** `meshlens.defaultNamespace`: the namespace of a policy that names none. */
  readonly defaultNamespace: string;
}

export type QuickFixProvider = (finding: Finding, document: DocumentAnalysis, context: CodeActionContext) => CodeActionSuggestion[];

/**
 * Fix providers by finding code. To add one (e.g. the service-port → targetPort finding), add its code here
 * with a provider that returns [] whenever the fix is not certain.
 */
export const quickFixProviders: Readonly<Record<string, QuickFixProvider>> = {
  ML1001: nearestKeyFix,
  ML1003: enumCaseFix,
  ML3018: (finding, document, context) => rewriteScalarFix(finding, document, context, (v) => (v.startsWith('spiffe://') ? v.slice('spiffe://'.length) : undefined), 'Remove the spiffe:// prefix'),
  ML3019: (finding, document, context) => rewriteScalarFix(finding, document, context, (v) => (v !== v.toUpperCase() ? v.toUpperCase() : undefined), 'Use upper case'),
  ML4010: dnsRuleFix,
  ML2004: splitPeerKindsFix,
  ML4001: waypointTargetRefsFix,
  ML4002: waypointTargetRefsFix,
  ML4003: waypointTargetRefsFix,
  ML4004: waypointTargetRefsFix,
  ML4005: waypointTargetRefsFix,
  ML4006: namespaceWaypointLabelFix,
  ML4017: targetPortFix,
  ML4018: waypointNamedFix,
};

/** Quick fixes for the findings that touch `range`, and rewrites offered at the range (deprecated fields). */
export function codeActionsAt(context: CodeActionContext, findings: readonly Finding[], range: SourceSpan): CodeActionSuggestion[] {
  const out: CodeActionSuggestion[] = [];
  const seen = new Set<string>();
  const add = (actions: readonly CodeActionSuggestion[]) => {
    for (const action of actions) {
      const key = `${action.title}\u0000${JSON.stringify(action.edits)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(action);
    }
  };
  for (const finding of findings) {
    if (finding.span.end < range.start || finding.span.start > range.end) continue;
    const provider = quickFixProviders[finding.code];
    const document = documentAt(context.analysis, finding.span.start);
    if (!provider || !document) continue;
    try {
      add(provider(finding, document, context));
    } catch {
      // A shape no provider foresaw: no fix rather than a failed request.
    }
  }
  const document = documentAt(context.analysis, range.start);
  if (document) {
    try {
      add(deprecatedTargetRefRewrite(document, context, range));
    } catch {
      // As above.
    }
  }
  return out;
}

function documentAt(analysis: FileAnalysis, offset: number): DocumentAnalysis | undefined {
  return analysis.documents.find((d) => offset >= d.yaml.start && offset <= d.yaml.end);
}

// ---- generic schema fixes -------------------------------------------------------------------------------

/** `TCP` for `tcp`: the enum value that differs only in case (upstream enums are case-sensitive). */
function enumCaseFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const policy = document.policy;
  const found = scalarAt(document.yaml, finding.span.start);
  if (!policy || !found || typeof found.scalar.value !== 'string') return [];
  const written = found.scalar.value;
  const schema = context.schemaAt(policy.kind.kind, policy.version, found.path);
  const match = schema ? enumOf(schema).map(String).filter((v) => v !== written && v.toLowerCase() === written.toLowerCase()) : [];
  if (match.length !== 1) return [];
  return [scalarReplacement(finding, document, context, found.scalar, match[0], `Change to '${match[0]}'`)];
}

/**
 * ML4017: the rule names the Service's port; the finding carries the pod port (the Service's targetPort, written the way
 * the rule wrote its port) because policies match after the Service translation.
 */
function targetPortFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const replaceWith = finding.data?.replaceWith;
  const found = scalarAt(document.yaml, finding.span.start);
  if (replaceWith === undefined || !found) return [];
  const at = valueSpan(document.yaml, found.scalar);
  if (!at || at.start !== finding.span.start || at.end !== finding.span.end) return [];
  return [{ title: `Use the pod port ${replaceWith} (the Service's targetPort)`, kind: 'quickfix', preferred: true, fixes: finding, edits: [{ uri: context.uri, span: at, newText: replaceWith }] }];
}

function rewriteScalarFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext, rewrite: (value: string) => string | undefined, title: string): CodeActionSuggestion[] {
  const found = scalarAt(document.yaml, finding.span.start);
  if (!found || typeof found.scalar.value !== 'string') return [];
  const next = rewrite(found.scalar.value);
  return next === undefined ? [] : [scalarReplacement(finding, document, context, found.scalar, next, `${title}: '${next}'`)];
}

function scalarReplacement(finding: Finding, document: DocumentAnalysis, context: CodeActionContext, scalar: Scalar, value: string, title: string): CodeActionSuggestion {
  const at = valueSpan(document.yaml, scalar)!;
  return { title, kind: 'quickfix', preferred: true, fixes: finding, edits: [{ uri: context.uri, span: at, newText: requoted(context.text, at, value) }] };
}

/** `toPort` → `toPorts`: the one schema key of the mapping nearest in edit distance, when it is clearly nearest. */
function nearestKeyFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const policy = document.policy;
  const found = pairWithKeyAt(document.yaml, finding.span.start);
  if (!policy || !found) return [];
  const written = String(found.pair.key.value);
  const schema = context.schemaAt(policy.kind.kind, policy.version, found.parentPath);
  if (!schema) return [];
  const present = new Set(found.parent.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')));
  const candidates = Object.keys(propertiesOf(schema))
    .filter((key) => !present.has(key))
    .map((key) => ({ key, distance: key.toLowerCase() === written.toLowerCase() ? 0 : editDistance(written, key) }))
    .sort((a, b) => a.distance - b.distance || a.key.localeCompare(b.key));
  const best = candidates[0];
  const limit = Math.max(1, Math.min(3, Math.floor(written.length / 3)));
  if (!best || best.distance > limit || (candidates[1] && candidates[1].distance === best.distance)) return [];
  const at = valueSpan(document.yaml, found.pair.key)!;
  return [{ title: `Change '${written}' to '${best.key}'`, kind: 'quickfix', preferred: true, fixes: finding, edits: [{ uri: context.uri, span: at, newText: requoted(context.text, at, best.key) }] }];
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// ---- Cilium -----------------------------------------------------------------------------------------------

/**
 * The egress item that lets the DNS proxy see lookups: kube-dns on port 53 (any protocol) with a DNS rule
 * matching every name. Cilium docs, security/dns ("DNS Proxy" and the toFQDNs example policy): toFQDNs only
 * matches IPs learned from DNS answers the proxy saw.
 */
function dnsEgressItem(dash: string, nl: string): string {
  const pad = ' '.repeat(dash.length);
  return [
    `${dash}toEndpoints:`,
    `${pad}  - matchLabels:`,
    `${pad}      "k8s:io.kubernetes.pod.namespace": kube-system`,
    `${pad}      "k8s:k8s-app": kube-dns`,
    `${pad}toPorts:`,
    `${pad}  - ports:`,
    `${pad}      - port: "53"`,
    `${pad}        protocol: ANY`,
    `${pad}    rules:`,
    `${pad}      dns:`,
    `${pad}        - matchPattern: "*"`,
  ].join(nl);
}

function dnsRuleFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const found = pairWithKeyAt(document.yaml, finding.span.start);
  if (!found) return [];
  // found.parentPath = [..., 'egress', i]
  const sectionPath = found.parentPath.slice(0, -1);
  const section = nodeAt(document.yaml, sectionPath);
  if (!isBlockSeq(section) || sectionPath[sectionPath.length - 1] !== 'egress') return [];
  const last = section.items[section.items.length - 1] as Node | undefined;
  const first = section.items[0] as Node | undefined;
  if (!last || !first || !isMap(first) || first.flow) return [];
  const dash = dashPrefix(context.text, document.yaml.start + first.range![0]);
  if (!dash) return [];
  const nl = newlineOf(context.text);
  const at = lineEnd(context.text, lastContentOffset(context.text, document.yaml, last));
  return [{
    title: 'Add an egress rule allowing DNS to kube-dns (port 53) with a DNS rule, so toFQDNs learns IPs',
    kind: 'quickfix',
    preferred: true,
    fixes: finding,
    edits: [{ uri: context.uri, span: { start: at, end: at }, newText: `${nl}${dnsEgressItem(dash, nl)}` }],
  }];
}

/** `    - ` before a block sequence item that starts at `itemStart`, or undefined when the line has more before it. */
function dashPrefix(text: string, itemStart: number): string | undefined {
  const prefix = text.slice(lineStart(text, itemStart), itemStart);
  return /^ *- +$/.test(prefix) ? prefix : undefined;
}

/**
 * Cilium rejects an item combining peer kinds (rule_validation.go l3Members): keep the first kind written in
 * the item and move each other kind into an item of its own, with copies of the item's other fields (ports,
 * ICMP, auth), so each new item allows what the combined one meant for that peer kind.
 */
function splitPeerKindsFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const found = pairWithKeyAt(document.yaml, finding.span.start);
  if (!found) return [];
  const itemPath = found.parentPath;
  const sectionName = itemPath[itemPath.length - 2];
  const facts = sectionFacts.find((f) => f.section === sectionName);
  const item = found.parent;
  if (!facts || !isBlockMap(item) || !item.range) return [];
  const text = context.text;
  const base = document.yaml.start;
  const itemStart = base + item.range[0];
  const dash = dashPrefix(text, itemStart);
  if (!dash) return [];
  const peerFields = new Set(facts.peerKinds.map(([field]) => field));
  const pairs = item.items.filter((p) => isScalar(p.key) && p.key.range);
  const peers = pairs.filter((p) => peerFields.has(String((p.key as Scalar).value)));
  if (peers.length < 2) return [];
  const moved = peers.slice(1);
  const shared = pairs.filter((p) => !peerFields.has(String((p.key as Scalar).value)));
  const nl = newlineOf(text);
  // Lines of the item: the first begins after the dash; every line keeps its own indentation.
  const regionEnd = lineEnd(text, lastContentOffset(text, document.yaml, item));
  const lines = linesIn(text, itemStart, regionEnd);
  const keyColumn = columnOf(text, itemStart);
  const linesOf = (pair: (typeof pairs)[number]): number[] => {
    const keyStart = base + (pair.key as Scalar).range![0];
    const value = pair.value as Node | null;
    const end = value?.range ? lastContentOffset(text, document.yaml, value) : base + (pair.key as Scalar).range![1];
    return lines.flatMap((line, i) => (line.end >= keyStart && line.start <= end ? [i] : []));
  };
  const movedLines = new Set(moved.flatMap(linesOf));
  if (movedLines.has(0)) return [];
  const textOfLine = (i: number): string => {
    const line = lines[i];
    // The item's first line begins after the dash: give it the key column's indentation.
    return i === 0 ? `${' '.repeat(keyColumn)}${text.slice(line.start, line.end)}` : text.slice(line.start, line.end);
  };
  const kept = lines.map((_, i) => i).filter((i) => !movedLines.has(i)).map((i) => (i === 0 ? text.slice(lines[0].start, lines[0].end) : textOfLine(i)));
  const sharedText = shared.flatMap(linesOf).map(textOfLine);
  const newItems = moved.map((pair) => {
    const own = linesOf(pair).map(textOfLine);
    const [head, ...rest] = [...own, ...sharedText];
    return [`${dash}${head.slice(keyColumn)}`, ...rest].join(nl);
  });
  const newText = [kept.join(nl), ...newItems].join(nl);
  const fields = moved.map((p) => String((p.key as Scalar).value)).join(', ');
  return [{ title: `Split ${fields} into separate ${String(sectionName)} items`, kind: 'quickfix', preferred: true, fixes: finding, edits: [{ uri: context.uri, span: { start: itemStart, end: regionEnd }, newText }] }];
}

function linesIn(text: string, start: number, end: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let at = start;
  while (at <= end) {
    const stop = Math.min(lineEnd(text, at), end);
    out.push({ start: at, end: stop });
    const next = text.indexOf('\n', stop);
    if (next === -1 || next + 1 > end) break;
    at = next + 1;
  }
  return out;
}

// ---- Istio ambient ---------------------------------------------------------------------------------------

/** The waypoint that serves the policy's workloads: their istio.io/use-waypoint label, their namespace's, or the one waypoint there. */
function waypointFor(index: WorkspaceValueIndex, namespace: string, selector: Readonly<Record<string, string>> | undefined): { namespace: string; name: string } | undefined {
  const inventory = index.inventory;
  const selected = selector ? (index.workloadsByNamespace.get(namespace) ?? []).filter((w) => Object.entries(selector).every(([k, v]) => w.labels[k] === v)) : [];
  const named = new Set(selected.map((w) => w.labels['istio.io/use-waypoint']).filter((v): v is string => v !== undefined));
  const nsLabel = inventory.namespaces.get(namespace)?.labels['istio.io/use-waypoint'];
  if (named.size === 0 && nsLabel) named.add(nsLabel);
  if (named.size > 1) return undefined;
  const name = [...named][0];
  if (name !== undefined) return inventory.waypoints.some((w) => w.namespace === namespace && w.name === name) || inventory.gateways.some((g) => g.namespace === namespace && g.name === name) ? { namespace, name } : undefined;
  const here = inventory.waypoints.filter((w) => w.namespace === namespace);
  return here.length === 1 ? { namespace, name: here[0].name } : undefined;
}

/**
 * An Istio policy that ztunnel cannot enforce as meant (L7 attributes, CUSTOM/AUDIT, JWT) belongs on the
 * waypoint: targetRefs to the Gateway replaces the workload selector (istio.io ambient L7 docs: policies bound
 * to a waypoint use targetRefs kind Gateway, group gateway.networking.k8s.io).
 */
function waypointTargetRefsFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const policy = document.policy;
  if (!policy || policy.kind.family !== 'istio') return [];
  const index = context.workspace();
  if (!index) return [];
  const namespace = policy.namespace ?? context.defaultNamespace;
  const specValue = policy.value.spec as Record<string, unknown> | undefined;
  const selectorValue = specValue?.selector as { matchLabels?: Record<string, unknown> } | undefined;
  const matchLabels = selectorValue?.matchLabels ? Object.fromEntries(Object.entries(selectorValue.matchLabels).map(([k, v]) => [k, String(v)])) : undefined;
  const waypoint = waypointFor(index, namespace, matchLabels);
  return waypoint ? targetRefsEdit(finding, document, context, waypoint) : [];
}

/**
 * ML4018: the finding names the waypoint the workloads' Service traffic goes through (istioPitfalls.ts). targetRefs
 * name a Gateway in the policy's own namespace (istio api type/v1beta1 PolicyTargetReference: namespace must be the
 * policy's), so a waypoint elsewhere gets no fix.
 */
function waypointNamedFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  const policy = document.policy;
  const named = finding.data?.waypoint;
  if (!policy || policy.kind.family !== 'istio' || !named || !named.includes('/')) return [];
  const [namespace, name] = [named.slice(0, named.indexOf('/')), named.slice(named.indexOf('/') + 1)];
  return namespace === (policy.namespace ?? context.defaultNamespace) ? targetRefsEdit(finding, document, context, { namespace, name }) : [];
}

function targetRefsEdit(finding: Finding, document: DocumentAnalysis, context: CodeActionContext, waypoint: { namespace: string; name: string }): CodeActionSuggestion[] {
  const spec = nodeAt(document.yaml, ['spec']);
  if (!isBlockMap(spec) || pairAt(spec, 'targetRefs') || pairAt(spec, 'targetRef')) return [];
  const text = context.text;
  const nl = newlineOf(text);
  const selector = pairAt(spec, 'selector');
  const firstKey = spec.items[0]?.key as Scalar | undefined;
  if (!firstKey?.range) return [];
  const column = columnOf(text, document.yaml.start + firstKey.range[0]);
  const pad = ' '.repeat(column);
  const block = [`targetRefs:`, `${pad}  - kind: Gateway`, `${pad}    group: gateway.networking.k8s.io`, `${pad}    name: ${waypoint.name}`].join(nl);
  const title = `Attach to waypoint ${waypoint.namespace}/${waypoint.name} with targetRefs${selector ? ' instead of selector' : ''}`;
  if (selector && isScalar(selector.key) && selector.key.range) {
    const start = document.yaml.start + selector.key.range[0];
    const end = selector.value ? lineEnd(text, lastContentOffset(text, document.yaml, selector.value)) : lineEnd(text, start);
    return [{ title, kind: 'quickfix', fixes: finding, edits: [{ uri: context.uri, span: { start, end }, newText: block }] }];
  }
  const at = document.yaml.start + firstKey.range[0];
  return [{ title, kind: 'quickfix', fixes: finding, edits: [{ uri: context.uri, span: { start: at, end: at }, newText: `${block}${nl}${pad}` }] }];
}

/**
 * targetRefs to a Service no waypoint serves: label the Namespace manifest in the workspace with
 * istio.io/use-waypoint (and istio.io/dataplane-mode=ambient when it has no data-plane label), the labels
 * istio uses to route a namespace's services through its waypoint (istio.io ambient "use-waypoint" docs).
 */
function namespaceWaypointLabelFix(finding: Finding, document: DocumentAnalysis, context: CodeActionContext): CodeActionSuggestion[] {
  if (!finding.message.includes('has an istio.io/use-waypoint label')) return [];
  const policy = document.policy;
  const index = context.workspace();
  if (!policy || !index) return [];
  const namespace = policy.namespace ?? context.defaultNamespace;
  const info = index.inventory.namespaces.get(namespace);
  const source = info?.source;
  const waypoint = waypointFor(index, namespace, undefined);
  if (!info?.declared || !source?.document || !source.text || !waypoint) return [];
  const labels = nodeAt(source.document, [...source.basePath, 'metadata', 'labels']);
  const metadata = nodeAt(source.document, [...source.basePath, 'metadata']);
  const wanted: [string, string][] = [['istio.io/use-waypoint', waypoint.name]];
  if (info.labels['istio.io/dataplane-mode'] === undefined && info.labels['istio-injection'] === undefined) wanted.push(['istio.io/dataplane-mode', 'ambient']);
  const text = source.text;
  const nl = newlineOf(text);
  const doc = source.document;
  let edit: SpanEdit | undefined;
  if (isBlockMap(labels) && labels.items.length > 0) {
    const firstKey = labels.items[0].key as Scalar;
    if (!firstKey.range) return [];
    const pad = ' '.repeat(columnOf(text, doc.start + firstKey.range[0]));
    const at = lineEnd(text, lastContentOffset(text, doc, labels));
    edit = { uri: source.file, span: { start: at, end: at }, newText: wanted.map(([k, v]) => `${nl}${pad}${k}: ${v}`).join('') };
  } else if (!labels && isBlockMap(metadata) && metadata.items.length > 0) {
    const firstKey = metadata.items[0].key as Scalar;
    if (!firstKey.range) return [];
    const pad = ' '.repeat(columnOf(text, doc.start + firstKey.range[0]));
    const at = lineEnd(text, lastContentOffset(text, doc, metadata));
    edit = { uri: source.file, span: { start: at, end: at }, newText: `${nl}${pad}labels:${wanted.map(([k, v]) => `${nl}${pad}  ${k}: ${v}`).join('')}` };
  }
  if (!edit) return [];
  return [{ title: `Label Namespace ${namespace} with ${wanted.map(([k, v]) => `${k}=${v}`).join(', ')}`, kind: 'quickfix', fixes: finding, edits: [edit] }];
}

// ---- deprecated fields -----------------------------------------------------------------------------------

/** Istio's single `targetRef` is deprecated for the `targetRefs` list (istio api security/v1 AuthorizationPolicy). */
function deprecatedTargetRefRewrite(document: DocumentAnalysis, context: CodeActionContext, range: SourceSpan): CodeActionSuggestion[] {
  if (document.policy?.kind.family !== 'istio') return [];
  const spec = nodeAt(document.yaml, ['spec']);
  if (!isBlockMap(spec) || pairAt(spec, 'targetRefs')) return [];
  const pair = pairAt(spec, 'targetRef');
  const key = pair?.key;
  const value = pair?.value;
  if (!pair || !key?.range || !isBlockMap(value) || !value.range) return [];
  const text = context.text;
  const base = document.yaml.start;
  const keyStart = base + key.range[0];
  const end = lineEnd(text, lastContentOffset(text, document.yaml, value));
  if (range.end < keyStart || range.start > end) return [];
  const valueStart = base + value.range[0];
  const nl = newlineOf(text);
  // `targetRef:` → `targetRefs:`; the mapping becomes the list's one item, each line two columns deeper.
  const lines = linesIn(text, lineStart(text, valueStart), end).map((line) => text.slice(line.start, line.end));
  const column = columnOf(text, valueStart);
  const rewritten = lines.map((line, i) => (i === 0 ? `${line.slice(0, column)}- ${line.slice(column)}` : line.trim() === '' ? line : `  ${line}`));
  const keyEnd = base + key.range[1];
  return [{
    title: 'Replace the deprecated targetRef with targetRefs',
    kind: 'quickfix',
    edits: [
      { uri: context.uri, span: { start: keyEnd, end: keyEnd }, newText: 's' },
      { uri: context.uri, span: { start: lineStart(text, valueStart), end }, newText: rewritten.join(nl) },
    ],
  }];
}
