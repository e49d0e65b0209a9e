// What classification and pitfall checks may know beyond one document: the data-plane context and the
// other policies of the workspace. Adapters fill it (from open files, a folder scan, or the inventory).
import type { PolicyDocument } from '../policyDocument';
import { emptyDataplaneContext, type DataplaneContext } from './dataplaneContext';
import { canonicalJson, findL7Cancellations, hasL7Entries, L4AllowIndex, subjectKey, type Cancellation, type CiliumRuleSource } from './ciliumL7Cancellation';
import { lastIndexAtOrBelow } from '../lastIndexAtOrBelow';

export interface WorkspacePolicy {
  /** Stable id of the document, e.g. `<uri>#<index>`, used to point at other documents. */
  readonly key: string;
  /**
   * Read for its value, kind, namespace and name. Its offsets (`yaml`) may be those of an earlier revision of its
   * file, when an edit before it only moved it (analyzeEnforcement.ts lists unchanged segments as they were): a
   * document's own findings are located in its own, current analysis, never through this list.
   */
  readonly policy: PolicyDocument;
}

export interface EnforcementWorkspace {
  readonly dataplane: DataplaneContext;
  readonly policies: readonly WorkspacePolicy[];
}

export const emptyWorkspace: EnforcementWorkspace = { dataplane: emptyDataplaneContext(), policies: [] };

/**
 * A workspace's policies as the runs they were listed in (analyzeEnforcement.ts lists each segment of a file's
 * documents as one run, the same array while the segment is unchanged): deriving the next revision's index
 * compares runs by identity and only the policies of new runs one by one.
 */
const runsOf = new WeakMap<EnforcementWorkspace, readonly (readonly WorkspacePolicy[])[]>();

/** A workspace whose policy list is `runs` joined, made only when read (the index derivation reads the runs). */
export function workspaceOfRuns(dataplane: DataplaneContext, runs: readonly (readonly WorkspacePolicy[])[]): EnforcementWorkspace {
  let policies: readonly WorkspacePolicy[] | undefined;
  const workspace: EnforcementWorkspace = {
    dataplane,
    get policies() {
      policies ??= runs.flat();
      return policies;
    },
  };
  runsOf.set(workspace, runs);
  return workspace;
}

/**
 * The workspace's policies as runs: the runs it was made of (the same arrays as the revision before for unchanged
 * segments, so facts kept per run are reused), else its whole list as one run.
 */
export function workspaceRuns(workspace: EnforcementWorkspace): readonly (readonly WorkspacePolicy[])[] {
  return runsOf.get(workspace) ?? [workspace.policies];
}

/** Positions (in workspace order) of the policies that differ, or undefined when the lists do not line up. */
function changedPositions(was: EnforcementWorkspace, now: EnforcementWorkspace): number[] | undefined {
  const [wasRuns, nowRuns] = [runsOf.get(was), runsOf.get(now)];
  const changed: number[] = [];
  const compare = (a: readonly WorkspacePolicy[], b: readonly WorkspacePolicy[], at: number): boolean => {
    for (let i = 0; i < b.length; i++) {
      if (a[i].key !== b[i].key) return false;
      const [x, y] = [a[i].policy, b[i].policy];
      if (x.value === y.value && x.namespace === y.namespace && x.kind === y.kind) continue;
      if (changed.length === MAX_DERIVED_CHANGES) return false;
      changed.push(at + i);
    }
    return true;
  };
  if (wasRuns && nowRuns && wasRuns.length === nowRuns.length && wasRuns.every((run, k) => run.length === nowRuns[k].length)) {
    let at = 0;
    for (let k = 0; k < nowRuns.length; k++) {
      // The same run is the same policies, in the same place (every run before lines up too).
      if (wasRuns[k] !== nowRuns[k] && !compare(wasRuns[k], nowRuns[k], at)) return undefined;
      at += nowRuns[k].length;
    }
    return changed;
  }
  if (was.policies.length !== now.policies.length) return undefined;
  return compare(was.policies, now.policies, 0) ? changed : undefined;
}

export function policyNamespace(policy: PolicyDocument, workspace: EnforcementWorkspace): string {
  return policy.namespace ?? workspace.dataplane.defaultNamespace;
}

/** The Cilium rules (spec and specs[]) of a policy document. */
export function ciliumRuleSources(policy: PolicyDocument, documentKey: string, namespace: string): CiliumRuleSource[] {
  const out: CiliumRuleSource[] = [];
  const spec = policy.value.spec;
  if (typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    out.push({ documentKey, kind: policy.kind.kind, namespace, basePath: ['spec'], rule: spec as Record<string, unknown> });
  }
  if (Array.isArray(policy.value.specs)) {
    policy.value.specs.forEach((rule, i) => {
      if (typeof rule === 'object' && rule !== null && !Array.isArray(rule)) out.push({ documentKey, kind: policy.kind.kind, namespace, basePath: ['specs', i], rule: rule as Record<string, unknown> });
    });
  }
  return out;
}

/** A Cilium rule source with the keys the workspace looks it up by. */
interface IndexedSource {
  readonly source: CiliumRuleSource;
  /** The policy value it came from: a document never counts as its own "other" policy. */
  readonly value: object;
  readonly subject: string;
  readonly selector: string;
}

interface CiliumIndex {
  /** Rule sources per policy value, from its first listing (whose key documents use for themselves). */
  readonly sourcesOf: Map<object, readonly IndexedSource[]>;
  readonly bySubject: Map<string, IndexedSource[]>;
  readonly bySelector: Map<string, IndexedSource[]>;
  /** L4-only allows per subject, built on first use. */
  readonly allowsBySubject: Map<string, L4AllowIndex>;
  /** The policy value each listed rule source came from. */
  readonly valueOf: Map<CiliumRuleSource, object>;
  readonly sourcesBySelector: Map<string, readonly CiliumRuleSource[]>;
  /** Position of each listed Cilium policy value in the workspace, which orders the lists above. */
  readonly rankOf: Map<object, number>;
  /** Some policy value is listed twice (only its first listing is indexed): not derived from, built afresh. */
  readonly listedTwice: boolean;
}

// Built once per workspace object (workspaces are immutable snapshots), so every document's pass looks up
// its neighbours instead of re-reading and re-stringifying every policy of the workspace.
const indexes = new WeakMap<EnforcementWorkspace, CiliumIndex>();

/**
 * The previous revision's workspace a new one may derive its index from (set by `deriveWorkspace`). The link is
 * dropped once the index is built, and never points at a workspace whose own index is not built, so at most
 * two revisions' workspaces are kept alive through it.
 */
const derivedFrom = new WeakMap<EnforcementWorkspace, EnforcementWorkspace>();

/** More changed policies than this between two revisions: the index is built afresh. */
const MAX_DERIVED_CHANGES = 64;

/**
 * Records that `next` is the revision after `previous` (the same workspace with some documents edited): its index
 * is then derived from `previous`'s, re-reading only the policies whose parsed value changed.
 */
export function deriveWorkspace(next: EnforcementWorkspace, previous: EnforcementWorkspace | undefined): EnforcementWorkspace {
  if (!previous || previous === next) return next;
  const basis = indexes.has(previous) ? previous : derivedFrom.get(previous);
  if (basis) derivedFrom.set(next, basis);
  return next;
}

function indexed(source: CiliumRuleSource, value: object): IndexedSource {
  return { source, value, subject: subjectKey(source), selector: canonicalJson(source.rule.endpointSelector) };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

// A policy's indexed rule sources, by its parsed value (shared by every revision in which its text is
// unchanged): a new workspace after an edit re-reads only the edited policies, not every one.
const indexedSourcesOf = new WeakMap<object, { readonly key: string; readonly namespace: string; readonly kind: string; readonly sources: readonly IndexedSource[] }>();

function indexedSources(policy: PolicyDocument, key: string, namespace: string): readonly IndexedSource[] {
  const known = indexedSourcesOf.get(policy.value);
  if (known && known.key === key && known.namespace === namespace && known.kind === policy.kind.kind) return known.sources;
  const sources = ciliumRuleSources(policy, key, namespace).map((s) => indexed(s, policy.value));
  indexedSourcesOf.set(policy.value, { key, namespace, kind: policy.kind.kind, sources });
  return sources;
}

function ciliumIndex(workspace: EnforcementWorkspace): CiliumIndex {
  let index = indexes.get(workspace);
  if (index) return index;
  const basis = derivedFrom.get(workspace);
  derivedFrom.delete(workspace);
  index = (basis && derivedIndex(workspace, basis)) ?? freshIndex(workspace);
  indexes.set(workspace, index);
  return index;
}

function freshIndex(workspace: EnforcementWorkspace): CiliumIndex {
  const index = { sourcesOf: new Map(), bySubject: new Map(), bySelector: new Map(), allowsBySubject: new Map(), valueOf: new Map(), sourcesBySelector: new Map(), rankOf: new Map(), listedTwice: false };
  workspace.policies.forEach(({ key, policy }, rank) => {
    if (policy.kind.family !== 'cilium') return;
    const sources = indexedSources(policy, key, policyNamespace(policy, workspace));
    if (!index.sourcesOf.has(policy.value)) {
      index.sourcesOf.set(policy.value, sources);
      index.rankOf.set(policy.value, rank);
    } else {
      index.listedTwice = true;
    }
    for (const entry of sources) {
      index.valueOf.set(entry.source, entry.value);
      push(index.bySubject, entry.subject, entry);
      push(index.bySelector, entry.selector, entry);
    }
  });
  return index;
}

/**
 * The index of `workspace` from that of `basis`, when both list the same documents in the same order and only a
 * few of them changed: the changed policies' entries are taken out of the lists they were in and the new ones put
 * in at their workspace position, so every list is what a fresh build makes. Undefined when that does not hold.
 * The basis gives its index up (it is changed in place, which costs the changed policies only, where copying its
 * maps cost milliseconds per keystroke); asked again, the older workspace builds a fresh one. Lists are replaced,
 * never changed, so a list handed out before stays what it was.
 */
function derivedIndex(workspace: EnforcementWorkspace, basis: EnforcementWorkspace): CiliumIndex | undefined {
  const index = indexes.get(basis);
  if (!index || index.listedTwice || basis.dataplane.defaultNamespace !== workspace.dataplane.defaultNamespace) return undefined;
  const changed = changedPositions(basis, workspace);
  if (!changed) return undefined;
  const [was, now] = [policyAt(basis), policyAt(workspace)];
  // Everything that could make the result differ from a fresh build is checked before anything is changed.
  const removed = new Set<object>();
  for (const i of changed) {
    const old = was(i).policy;
    if (old.kind.family !== 'cilium') continue;
    if (!index.sourcesOf.has(old.value) || index.rankOf.get(old.value) !== i) return undefined;
    removed.add(old.value);
  }
  const incoming = new Set<object>();
  for (const i of changed) {
    const value = now(i).policy.value;
    if (now(i).policy.kind.family !== 'cilium') continue;
    if ((index.sourcesOf.has(value) && !removed.has(value)) || incoming.has(value)) return undefined;
    incoming.add(value);
  }
  indexes.delete(basis);
  const touchedSubjects = new Set<string>();
  const touchedSelectors = new Set<string>();
  for (const value of removed) {
    for (const entry of index.sourcesOf.get(value) ?? []) {
      index.valueOf.delete(entry.source);
      touchedSubjects.add(entry.subject);
      touchedSelectors.add(entry.selector);
    }
    index.sourcesOf.delete(value);
    index.rankOf.delete(value);
  }
  const added: IndexedSource[] = [];
  for (const i of changed) {
    const { key, policy } = now(i);
    if (policy.kind.family !== 'cilium') continue;
    const sources = indexedSources(policy, key, policyNamespace(policy, workspace));
    index.sourcesOf.set(policy.value, sources);
    index.rankOf.set(policy.value, i);
    for (const entry of sources) {
      index.valueOf.set(entry.source, entry.value);
      touchedSubjects.add(entry.subject);
      touchedSelectors.add(entry.selector);
      added.push(entry);
    }
  }
  const rank = (entry: IndexedSource) => index.rankOf.get(entry.value) ?? -1;
  const relist = (map: Map<string, IndexedSource[]>, keys: ReadonlySet<string>, keyOf: (entry: IndexedSource) => string) => {
    for (const key of keys) {
      // Entries of unchanged policies, and the new ones, in workspace order (a policy's own in its order).
      const kept = (map.get(key) ?? []).filter((entry) => !removed.has(entry.value));
      const list = mergeByRank(kept, added.filter((entry) => keyOf(entry) === key), rank);
      if (list.length > 0) map.set(key, list);
      else map.delete(key);
    }
  };
  relist(index.bySubject, touchedSubjects, (entry) => entry.subject);
  relist(index.bySelector, touchedSelectors, (entry) => entry.selector);
  for (const subject of touchedSubjects) index.allowsBySubject.delete(subject);
  for (const selector of touchedSelectors) index.sourcesBySelector.delete(selector);
  return index;
}

/** The policy at a workspace position, read through the runs when the workspace has them (its list is then not made). */
function policyAt(workspace: EnforcementWorkspace): (position: number) => WorkspacePolicy {
  const runs = runsOf.get(workspace);
  if (!runs) return (position) => workspace.policies[position];
  const starts: number[] = [];
  let count = 0;
  for (const run of runs) {
    starts.push(count);
    count += run.length;
  }
  return (position) => {
    const run = lastIndexAtOrBelow(runs.length, (i) => starts[i], position);
    return runs[run][position - starts[run]];
  };
}

/** Two lists each in workspace order, merged into one; ties keep `first` before `second`. */
function mergeByRank(first: readonly IndexedSource[], second: readonly IndexedSource[], rank: (entry: IndexedSource) => number): IndexedSource[] {
  if (second.length === 0) return [...first];
  const out: IndexedSource[] = [];
  let [i, j] = [0, 0];
  while (i < first.length || j < second.length) {
    if (j === second.length || (i < first.length && rank(first[i]) <= rank(second[j]))) out.push(first[i++]);
    else out.push(second[j++]);
  }
  return out;
}

/** A Cilium policy's own rule sources and lookups of the workspace's rule sources relevant to them. */
export interface CiliumNeighbours {
  readonly own: readonly CiliumRuleSource[];
  /** L7 entries of `source` (one of `own`) that an L4-only allow with the same subject cancels; the target's own allows first. */
  l7Cancellations(source: CiliumRuleSource): Cancellation[];
  /**
   * Every listed rule source whose endpointSelector is `selector`, the target's own listing included, as one
   * list shared by all documents of the workspace, so a caller can index it once instead of per document.
   */
  listedWithSelector(selector: string): readonly CiliumRuleSource[];
}

/** Rule sources of `target` (keyed as listed in the workspace) and its neighbours among the workspace's Cilium policies. */
export function workspaceCiliumSources(target: PolicyDocument, workspace: EnforcementWorkspace): CiliumNeighbours {
  const index = ciliumIndex(workspace);
  const own = index.sourcesOf.get(target.value) ?? ciliumRuleSources(target, '(this document)', policyNamespace(target, workspace)).map((s) => indexed(s, target.value));
  return {
    own: own.map((e) => e.source),
    l7Cancellations: (source) => {
      if (!hasL7Entries(source)) return [];
      const key = subjectKey(source);
      const ownIndex = new L4AllowIndex(own.filter((e) => e.subject === key).map((e) => e.source));
      let subjectIndex = index.allowsBySubject.get(key);
      if (!subjectIndex) {
        subjectIndex = new L4AllowIndex((index.bySubject.get(key) ?? []).map((e) => e.source));
        index.allowsBySubject.set(key, subjectIndex);
      }
      // The target's own listing was looked at first; in the subject's index it is skipped.
      const isOwn = (allow: { source: CiliumRuleSource }) => index.valueOf.get(allow.source) === target.value;
      return findL7Cancellations(source, [{ index: ownIndex }, { index: subjectIndex, skip: isOwn }]);
    },
    listedWithSelector: (selector) => {
      let list = index.sourcesBySelector.get(selector);
      if (!list) {
        list = (index.bySelector.get(selector) ?? []).map((e) => e.source);
        index.sourcesBySelector.set(selector, list);
      }
      return list;
    },
  };
}
