// Incremental traffic analysis for long-lived callers (the language server, the bench): keeps each file's
// inventory fragment, every policy's compiled rules and findings, the rules' subjects and peers, and edge
// templates, so an edit to one policy recompiles that policy and recomputes only the flows it touches.
// Anything but a policy changing (workloads, namespaces, services) drops the workload-dependent caches.
import type { CidrGroupInfo, GatewayInfo, Inventory, InventoryFinding, NamespaceInfo, PolicySource, ServiceAccountInfo, ServiceInfo, WaypointInfo, Workload } from '../inventory/inventoryModel';
import { inventoryFileFromText, mergeInventory, mergePods, placePolicies, policyDocumentStart, policyLocationVersion, readInventoryFragment, relocatePolicy, type DocumentPlace, type InventoryDocument, type InventoryFragment } from '../inventory/buildInventory';
import type { YamlDocument } from '../yaml/parseYamlDocuments';
import { buildTrafficGraph, createGraphCache, type GraphCache, type TrafficGraphOptions, type TrafficGraphResult } from './buildTrafficGraph';
import type { UndeclaredNamespaces } from './endpoint';
import { placeGraphFindings, policyGraphFacts, type GraphFact } from './graphFindings';
import { buildTrafficModel, type TrafficModel } from './trafficModel';
import type { WorkspaceText, WorkspaceTraffic } from './workspaceTraffic';
import type { DataplaneOverride } from '../workspace/meshMode';

export interface TrafficSessionOptions {
  readonly defaultNamespace?: string;
  /** `meshlens.istio.dataplaneMode`; a different setting needs a new session (edge templates assume one). */
  readonly dataplaneMode?: DataplaneOverride;
  readonly undeclaredNamespaces?: UndeclaredNamespaces;
}

export interface TrafficSession {
  /** Re-reads what changed among `files` and returns the current model and findings. */
  update(files: readonly WorkspaceText[]): WorkspaceTraffic;
  /** The graph of the last update, reusing edge templates of flows no edit touched. */
  graph(options?: Omit<TrafficGraphOptions, 'cache'>): TrafficGraphResult;
}

export function createTrafficSession(options: TrafficSessionOptions = {}): TrafficSession {
  const defaultNamespace = options.defaultNamespace || 'default';
  const fragments = new Map<string, KeptFile>();
  let model: TrafficModel | undefined;
  let graphCache: GraphCache = createGraphCache();
  // Graph findings: their facts are kept per policy object, their spans while the policy has not moved.
  let findingsByPolicy = new Map<PolicySource, KeptFindings>();

  return {
    update(files) {
      let workloadsChanged = model === undefined;
      const seen = new Set<string>();
      const current: InventoryFragment[] = [];
      for (const f of files) {
        seen.add(f.file);
        const cached = fragments.get(f.file);
        if (cached && unchangedFile(cached, f)) {
          current.push(cached.fragment);
          continue;
        }
        if (f.documents) {
          // Parsed documents (the host's): re-read only documents that changed, keep the others' objects.
          const place = cached?.place ?? { file: f.file, text: f.text, documents: f.documents, generation: 0 };
          place.text = f.text;
          place.documents = f.documents;
          place.generation += 1;
          const read = readDocuments(place, cached, defaultNamespace);
          const fragment = joinDocuments(f.file, read, cached);
          if (!cached || !sameNonPolicyObjects(cached.fragment, fragment)) workloadsChanged = true;
          fragments.set(f.file, { text: f.text, fragment, input: f.documents, documents: read.documents, place });
          current.push(fragment);
          continue;
        }
        const fragment = readInventoryFragment(inventoryFileFromText(f.file, f.text), defaultNamespace);
        if ((cached && !onlyPolicies(cached.fragment)) || !onlyPolicies(fragment)) workloadsChanged = true;
        fragments.set(f.file, { text: f.text, fragment });
        current.push(fragment);
      }
      for (const [file, cached] of fragments) {
        if (seen.has(file)) continue;
        if (!onlyPolicies(cached.fragment)) workloadsChanged = true;
        fragments.delete(file);
      }
      const previous = model;
      const inventory: Inventory = (!workloadsChanged && previous && withPolicies(previous.inventory, current)) || mergeInventory(current, { defaultNamespace, dataplaneMode: options.dataplaneMode });
      // The previous model's rules and subjects are reused as it has them: reading them here would compile a model
      // nothing asked rules of (a policy-only workspace's settle pass reads none).
      model = buildTrafficModel(inventory, { undeclaredNamespaces: options.undeclaredNamespaces }, {
        rulesFrom: previous,
        ...(workloadsChanged || !previous ? {} : { model: previous }),
      });
      // A new workload world (its workloads, or the namespaces a policy alone mentioned, came or went) means new
      // endpoint objects: pairs and peers keyed by the previous ones would stand beside the new ones.
      if (workloadsChanged || (previous && previous.workloadEndpoint !== model.workloadEndpoint)) {
        graphCache = createGraphCache();
        findingsByPolicy = new Map();
      }
      const nextFindings = new Map<PolicySource, KeptFindings>();
      for (const policy of inventory.policies) {
        const kept = findingsByPolicy.get(policy);
        // Most policies have no finding: nothing to place, wherever their document went.
        if (kept && kept.facts.length === 0) {
          nextFindings.set(policy, kept);
          continue;
        }
        const version = policyLocationVersion(policy);
        const start = policyDocumentStart(policy);
        if (kept && kept.version === version && kept.start === start) nextFindings.set(policy, kept);
        else {
          const facts = kept?.facts ?? policyGraphFacts(model, policy);
          nextFindings.set(policy, { version, start, facts, findings: facts.length === 0 ? [] : placeGraphFindings(policy, facts) });
        }
      }
      findingsByPolicy = nextFindings;
      // Rules of removed or edited policies must not be found through the peer cache any more.
      const { peers } = graphCache;
      if (peers.size > 0) {
        const live = model.subjectsByRule;
        peers.forEach((_, rule) => {
          if (!live.has(rule)) peers.delete(rule);
        });
      }
      const findings = inventory.findings.slice();
      nextFindings.forEach((kept) => {
        for (let i = 0; i < kept.findings.length; i++) findings.push(kept.findings[i]);
      });
      return { model, findings };
    },
    graph(graphOptions = {}) {
      if (!model) return { graph: { version: 1, nodes: [], edges: [] }, truncated: false, stats: { pairs: 0, evaluated: 0 } };
      return buildTrafficGraph(model, { ...graphOptions, cache: graphCache });
    },
  };
}

/** A file as last read: its text, fragment, and (parsed input) the documents handed over and what each contributed. */
interface KeptFile {
  readonly text: string;
  readonly fragment: InventoryFragment;
  readonly input?: readonly (YamlDocument | InventoryDocument)[];
  readonly documents?: readonly DocumentFragment[];
  /** The file's text and documents its policies read their location from (updated in place by every read). */
  readonly place?: DocumentPlace;
}

/**
 * Nothing to re-read: the very documents handed over last time (the host passes the objects of documents it did
 * not re-parse, and they cover the whole text), else the same text. Texts are compared only when no document
 * value carried over (a new parse, maybe of the same text): two versions of a long file often have the same
 * length, and comparing them costs more than reading the one document that changed.
 */
function unchangedFile(cached: KeptFile, f: WorkspaceText): boolean {
  const input = cached.input;
  if (f.documents && input) {
    if (f.documents.length === input.length && f.documents.every((d, i) => d === input[i])) return true;
    if (f.documents.some((d, i) => i < input.length && d.value !== undefined && d.value === input[i].value)) return false;
  }
  return cached.text === f.text;
}

interface KeptFindings {
  readonly version: number;
  /** Where the policy's document started when the findings were placed (a move re-places them). */
  readonly start: number;
  readonly facts: readonly GraphFact[];
  readonly findings: readonly InventoryFinding[];
}

/** What one YAML document contributes, with what it was read from (its offset is the input document's). */
interface DocumentFragment {
  readonly value: unknown;
  readonly index: number;
  readonly fragment: InventoryFragment;
}

/** A file's documents as read: each one's contribution, and whether anything but policies (and CIDR groups) changed. */
interface FileRead {
  readonly documents: readonly DocumentFragment[];
  /** Workloads, namespaces, services, service accounts, gateways or waypoints came or went (the file must be joined afresh). */
  readonly structural: boolean;
  /** Nothing was read again and no document came or went: the previous fragment stands. */
  readonly same: boolean;
}

/**
 * Each document's objects: the previous ones where the same parsed value is at the same index (wherever it
 * moved: its policies follow their slot of `place`, placePolicies, so a move costs nothing per policy), else
 * read again. An edit thus reads the documents it changed; the others cost one comparison each. A policy read
 * again keeps its previous object when the same policy (same key: file, document index, path, content) was in
 * a document read again or gone, now reading the new location (relocatePolicy), so a re-commented policy keeps
 * its compiled rules and flows.
 */
function readDocuments(place: DocumentPlace, kept: KeptFile | undefined, defaultNamespace: string): FileRead {
  const { file, text, documents } = place;
  const previous = kept?.documents ?? [];
  const out: DocumentFragment[] = new Array<DocumentFragment>(documents.length);
  const stale: number[] = [];
  for (let i = 0; i < documents.length; i++) {
    const before = previous[i];
    if (before && before.value === documents[i].value && before.index === documents[i].index) out[i] = before;
    else stale.push(i);
  }
  let structural = false;
  for (let i = documents.length; i < previous.length; i++) if (!onlyPolicies(previous[i].fragment)) structural = true;
  if (stale.length === 0) return { documents: out, structural, same: previous.length === documents.length };
  // Policies of the previous documents not carried over, by key (the only ones a policy read again can be).
  let byKey: Map<string, PolicySource> | undefined;
  const previousByKey = (): Map<string, PolicySource> => {
    if (byKey) return byKey;
    byKey = new Map();
    const add = (d: DocumentFragment | undefined) => {
      for (const q of d?.fragment.policies ?? []) byKey!.set(q.key, q);
    };
    for (const i of stale) add(previous[i]);
    for (let i = documents.length; i < previous.length; i++) add(previous[i]);
    return byKey;
  };
  for (const i of stale) {
    const doc = documents[i];
    const before = previous[i];
    // Re-parsed but equal (a comment or blank line changed): the objects of a document without policies carry over, as when it moves.
    if (before && before.index === doc.index && before.fragment.policies.length === 0 && doc.value !== undefined && sameJson(before.value, doc.value)) {
      out[i] = { ...before, value: doc.value };
      continue;
    }
    const fragment = readInventoryFragment({ file, text, documents: [doc] }, defaultNamespace);
    if (!onlyPolicies(fragment) || (before && !onlyPolicies(before.fragment))) structural = true;
    if (fragment.policies.length === 0) {
      out[i] = { value: doc.value, index: doc.index, fragment };
      continue;
    }
    // A file read for the first time has no previous policy to keep (and no key is worked out for nothing).
    const policies = previous.length === 0 ? fragment.policies : fragment.policies.map((fresh) => {
      const known = previousByKey().get(fresh.key);
      return known && relocatePolicy(known, fresh) ? known : fresh;
    });
    placePolicies(policies, place, i);
    out[i] = { value: doc.value, index: doc.index, fragment: policies === fragment.policies ? fragment : { ...fragment, policies } };
  }
  return { documents: out, structural, same: false };
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}

/**
 * The previous inventory with this update's policies (the other objects are the very same): undefined when a
 * policy names a namespace the inventory does not know (mergeInventory adds it as undeclared).
 */
function withPolicies(previous: Inventory, fragments: readonly InventoryFragment[]): Inventory | undefined {
  const policies: PolicySource[] = [];
  const cidrGroups: CidrGroupInfo[] = [];
  const named = new Set<string>();
  for (const fragment of fragments) {
    for (const p of fragment.policies) {
      policies.push(p);
      if (p.namespace) named.add(p.namespace);
    }
    for (const g of fragment.cidrGroups ?? []) cidrGroups.push(g);
  }
  for (const ns of named) if (!previous.namespaces.has(ns)) return undefined;
  // An undeclared namespace only policies mentioned, and none does any more, would be gone from a fresh merge.
  const structural = structuralNamespaces(previous);
  for (const [name, info] of previous.namespaces) if (!info.declared && !named.has(name) && !structural.has(name)) return undefined;
  return { ...previous, policies, cidrGroups };
}

const structuralCache = new WeakMap<readonly unknown[], Set<string>>();

/** Namespaces declared or mentioned by a workload or Service (computed once per workload list). */
function structuralNamespaces(inventory: Inventory): Set<string> {
  let names = structuralCache.get(inventory.workloads);
  if (!names) {
    names = new Set<string>();
    for (const [name, info] of inventory.namespaces) if (info.declared) names.add(name);
    for (const w of inventory.workloads) names.add(w.namespace);
    for (const s of inventory.services) names.add(s.namespace);
    structuralCache.set(inventory.workloads, names);
  }
  return names;
}

/**
 * One file's fragment from its documents', as readInventoryFragment reads a file: the first workload of an id
 * wins, Pods of one owner merge. When only documents of policies changed since `previous`, its other lists are
 * kept (the same objects, so the workload-dependent caches stay) and only the policies and CIDR groups are
 * gathered; when nothing was read again, the previous fragment is the answer.
 */
function joinDocuments(file: string, read: FileRead, previous?: KeptFile): InventoryFragment {
  const { documents } = read;
  if (documents.length === 1) return documents[0].fragment;
  if (previous?.documents && !read.structural) {
    if (read.same) return previous.fragment;
    // Indexed loops over the documents (a walk per edit of every document of the file: no iterator, no empty list per document).
    const policies: PolicySource[] = [];
    const cidrGroups: CidrGroupInfo[] = [];
    for (let i = 0; i < documents.length; i++) {
      const fragment = documents[i].fragment;
      const listed = fragment.policies;
      for (let j = 0; j < listed.length; j++) policies.push(listed[j]);
      const groups = fragment.cidrGroups;
      if (groups) for (let j = 0; j < groups.length; j++) cidrGroups.push(groups[j]);
    }
    return { ...previous.fragment, cidrGroups, policies };
  }
  const workloads = new Map<string, Workload>();
  const joined = { namespaces: [] as NamespaceInfo[], services: [] as ServiceInfo[], serviceAccounts: [] as ServiceAccountInfo[], gateways: [] as GatewayInfo[], waypoints: [] as WaypointInfo[], cidrGroups: [] as CidrGroupInfo[], policies: [] as PolicySource[] };
  // Indexed loops: this runs once per document of a file read afresh (an open), in code that has not been optimised
  // yet, where a for-of makes an iterator and a result object per step.
  for (let d = 0; d < documents.length; d++) {
    const fragment = documents[d].fragment;
    const listed = fragment.workloads;
    for (let i = 0; i < listed.length; i++) {
      const w = listed[i];
      const known = workloads.get(w.id);
      if (!known) workloads.set(w.id, w);
      else if (w.kind === 'Pod') workloads.set(w.id, mergePods(known, w));
    }
    appendAll(joined.namespaces, fragment.namespaces);
    appendAll(joined.services, fragment.services);
    appendAll(joined.serviceAccounts, fragment.serviceAccounts);
    appendAll(joined.gateways, fragment.gateways);
    appendAll(joined.waypoints, fragment.waypoints);
    appendAll(joined.cidrGroups, fragment.cidrGroups);
    appendAll(joined.policies, fragment.policies);
  }
  return { file, workloads: [...workloads.values()], ...joined };
}

function appendAll<T>(to: T[], items: readonly T[] | undefined): void {
  if (items) for (let i = 0; i < items.length; i++) to.push(items[i]);
}

/** The same workloads, namespaces, services, service accounts, gateways and waypoints (the very objects): only policies changed. */
function sameNonPolicyObjects(a: InventoryFragment, b: InventoryFragment): boolean {
  const same = <T>(x: readonly T[], y: readonly T[]) => x === y || (x.length === y.length && x.every((item, i) => item === y[i]));
  return same(a.workloads, b.workloads) && same(a.namespaces, b.namespaces) && same(a.services, b.services) && same(a.serviceAccounts, b.serviceAccounts) && same(a.gateways, b.gateways) && same(a.waypoints, b.waypoints);
}

function onlyPolicies(fragment: InventoryFragment): boolean {
  return fragment.workloads.length === 0 && fragment.namespaces.length === 0 && fragment.services.length === 0 && fragment.waypoints.length === 0 && fragment.serviceAccounts.length === 0;
}
