// The diff as people and CI read it: text for a terminal, Markdown for a PR comment, JSON for tools. Pure
// renderers over the core result; SARIF (paths relative to the working directory) is the CLI's (cli/output).
import type { RuleRef } from '../../graph/trafficGraphModel';
import { peerLabel } from '../connectivityDiff';
import type { ConnectivityDiff, FlowChange, FlowState, NamespacePairChanges, NewFinding } from '../diffModel';

export interface DiffReport {
  /** How the revisions were given: a folder, files, or a git revision. */
  readonly baseLabel: string;
  readonly headLabel: string;
  readonly diff: ConnectivityDiff;
  readonly newFindings: readonly NewFinding[];
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  /** Changes that let more traffic through, and changes that let less through (a change can do both). */
  readonly opened: number;
  readonly closed: number;
  readonly newErrors: number;
  readonly newWarnings: number;
}

export function summarize(report: DiffReport): DiffSummary {
  const count = (p: (c: FlowChange) => boolean): number => report.diff.changes.filter(p).length;
  return {
    added: count((c) => c.kind === 'added'),
    removed: count((c) => c.kind === 'removed'),
    changed: count((c) => c.kind === 'changed'),
    opened: count((c) => c.opens),
    closed: count((c) => c.closes),
    newErrors: report.newFindings.filter((f) => f.severity === 'error').length,
    newWarnings: report.newFindings.filter((f) => f.severity === 'warning').length,
  };
}

/** Changes grouped by (source namespace, destination namespace); `` stands for ends outside the cluster. */
export function groupByNamespacePair(changes: readonly FlowChange[]): NamespacePairChanges[] {
  const groups = new Map<string, { fromNamespace: string; toNamespace: string; changes: FlowChange[] }>();
  for (const change of changes) {
    const fromNamespace = change.from.namespace ?? '';
    const toNamespace = change.to.namespace ?? '';
    const key = `${fromNamespace}\u0000${toNamespace}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { fromNamespace, toNamespace, changes: [] }));
    group.changes.push(change);
  }
  const keyOf = (g: NamespacePairChanges): string => `${g.fromNamespace}\u0000${g.toNamespace}`;
  return [...groups.values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}

const outside = '(outside the cluster)';
const namespaceName = (ns: string): string => ns || outside;

/** `ns/name` for workloads (the group names the namespace), the range, entity or FQDN otherwise. */
function peerText(change: FlowChange, end: 'from' | 'to'): string {
  const peer = change[end];
  return peer.kind === 'workload' ? `${peer.namespace}/${peer.name}` : peer.kind === 'ip-range' ? (peer.cidr ?? peer.name) : peerLabel(peer);
}

function stateText(state: FlowState | undefined): string {
  if (!state) return 'no such workload';
  const parts = [state.verdict === 'unknown' ? `unknown (${state.unknownPorts})` : state.ports];
  if (state.verdict === 'allow' && state.unknownPorts) parts.push(`unknown ${state.unknownPorts}`);
  for (const l7 of state.l7) parts.push(`L7 on ${l7.ports}: ${l7.constraints.map(l7Text).join(' | ')}`);
  if (state.enforcers.length) parts.push(state.enforcers.join('+'));
  if (state.layer) parts.push(state.layer);
  return parts.join(' · ');
}

function l7Text(c: FlowState['l7'][number]['constraints'][number]): string {
  if (c.kind === 'http') return [c.method ?? '*', c.path ?? '/*', ...(c.host ? [`host ${c.host}`] : [])].join(' ');
  if (c.kind === 'dns') return `dns ${c.pattern ?? '*'}`;
  if (c.kind === 'sni') return `sni ${(c.serverNames ?? []).join(',')}`;
  return c.kind;
}

export function ruleText(rule: RuleRef): string {
  return `${rule.kind} ${rule.policy} ${rule.path} (${rule.file}:${rule.range.start.line + 1}:${rule.range.start.character + 1})`;
}

function headline(report: DiffReport): string {
  const s = summarize(report);
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed flow${s.added + s.removed + s.changed === 1 ? '' : 's'} (${s.opened} open traffic, ${s.closed} close traffic); ${s.newErrors} new error${s.newErrors === 1 ? '' : 's'}, ${s.newWarnings} new warning${s.newWarnings === 1 ? '' : 's'}`;
}

export function renderDiffText(report: DiffReport): string {
  const lines = [`meshlens diff ${report.baseLabel} → ${report.headLabel}: ${headline(report)}`];
  for (const group of groupByNamespacePair(report.diff.changes)) {
    lines.push('', `${namespaceName(group.fromNamespace)} → ${namespaceName(group.toNamespace)}`);
    for (const c of group.changes) {
      lines.push(`  ${c.kind.padEnd(7)} ${peerText(c, 'from')} → ${peerText(c, 'to')}  [${c.aspects.join(', ')}]`);
      lines.push(`            base: ${stateText(c.base)}`);
      for (const r of c.base?.rules ?? []) lines.push(`              ${ruleText(r)}`);
      lines.push(`            head: ${stateText(c.head)}`);
      for (const r of c.head?.rules ?? []) lines.push(`              ${ruleText(r)}`);
    }
  }
  if (report.newFindings.length > 0) {
    lines.push('', 'New findings:');
    for (const f of report.newFindings) lines.push(`  ${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code} ${f.message}`);
  }
  return `${lines.join('\n')}\n`;
}

const markdownCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const kindBadge: Record<FlowChange['kind'], string> = { added: '➕ added', removed: '➖ removed', changed: '✏️ changed' };

/** A Markdown comment for a pull request: one table per namespace pair, then the new findings. */
export function renderDiffMarkdown(report: DiffReport): string {
  const out = ['### meshlens: what this change does to the traffic', '', `\`${report.baseLabel}\` → \`${report.headLabel}\`: ${headline(report)}.`];
  if (report.diff.changes.length === 0) out.push('', 'No flow is added, removed or changed.');
  for (const group of groupByNamespacePair(report.diff.changes)) {
    out.push('', `#### ${namespaceName(group.fromNamespace)} → ${namespaceName(group.toNamespace)}`, '', '| Change | Source | Destination | Base | Head | What changed | Rules (head, or base for removed flows) |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const c of group.changes) {
      const rules = (c.kind === 'removed' ? c.base?.rules : c.head?.rules) ?? [];
      const cells = [kindBadge[c.kind], `\`${peerText(c, 'from')}\``, `\`${peerText(c, 'to')}\``, stateText(c.base), stateText(c.head), c.aspects.join(', '), rules.map((r) => `${r.policy} \`${r.path}\` (${r.file}:${r.range.start.line + 1})`).join('<br>')];
      out.push(`| ${cells.map(markdownCell).join(' | ')} |`);
    }
  }
  if (report.newFindings.length > 0) {
    out.push('', '#### New findings', '', '| Severity | Code | Where | Message |', '| --- | --- | --- | --- |');
    for (const f of report.newFindings) out.push(`| ${f.severity} | ${f.code} | ${markdownCell(`${f.file}:${f.range.start.line + 1}`)} | ${markdownCell(f.message)} |`);
  }
  return `${out.join('\n')}\n`;
}

/** `meshlens diff --format json`: the summary, the changes grouped by namespace pair, the new findings. */
export function renderDiffJson(report: DiffReport): string {
  const json = {
    version: 1,
    base: report.baseLabel,
    head: report.headLabel,
    summary: summarize(report),
    groups: groupByNamespacePair(report.diff.changes),
    newFindings: report.newFindings,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
