// What classification and pitfall checks may know beyond one document: the data-plane context and the
// other policies of the workspace. Adapters fill it (from open files, a folder scan, or the inventory).
import type { PolicyDocument } from '../policyDocument';
import { emptyDataplaneContext, type DataplaneContext } from './dataplaneContext';
import { canonicalJson, findL7Cancellations, L4AllowIndex, subjectKey, type Cancellation, type CiliumRuleSource } from './ciliumL7Cancellation';

export interface WorkspacePolicy {
  /** Stable id of the document, e.g. `<uri>#<index>`, used to point at other documents. */
  readonly key: string;
  readonly policy: PolicyDocument;
}

export interface EnforcementWorkspace {
  readonly dataplane: DataplaneContext;
  readonly policies: readonly WorkspacePolicy[];
}

export const emptyWorkspace: EnforcementWorkspace = { dataplane: emptyDataplaneContext(), policies: [] };

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
}

// Built once per workspace object (workspaces are immutable snapshots), so every document's pass looks up
// its neighbours instead of re-reading and re-stringifying every policy of the workspace.
const indexes = new WeakMap<EnforcementWorkspace, CiliumIndex>();

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
  index = { sourcesOf: new Map(), bySubject: new Map(), bySelector: new Map(), allowsBySubject: new Map(), valueOf: new Map(), sourcesBySelector: new Map() };
  for (const { key, policy } of workspace.policies) {
    if (policy.kind.family !== 'cilium') continue;
    const sources = indexedSources(policy, key, policyNamespace(policy, workspace));
    if (!index.sourcesOf.has(policy.value)) index.sourcesOf.set(policy.value, sources);
    for (const entry of sources) {
      index.valueOf.set(entry.source, entry.value);
      push(index.bySubject, entry.subject, entry);
      push(index.bySelector, entry.selector, entry);
    }
  }
  indexes.set(workspace, index);
  return index;
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
