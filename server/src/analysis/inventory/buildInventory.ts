// Reads Kubernetes objects (workloads, namespaces, services, service accounts, waypoints, List kinds) and
// policy documents out of parsed YAML/JSON files into an Inventory. Pure; never throws on user input.
import { parseYamlDocuments, spanAt, type YamlDocument } from '../yaml/parseYamlDocuments';
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import { policyKindNamed, splitApiVersion } from '../policyKinds';
import type { DataplaneOverride } from '../workspace/meshMode';
import { WAYPOINT_CLASS, waypointForOf } from '../workspace/waypoints';
import type {
  ContainerPort,
  GatewayInfo,
  Inventory,
  InventoryFinding,
  NamespaceInfo,
  ObjectSource,
  PolicySource,
  ServiceAccountInfo,
  ServiceInfo,
  ServicePort,
  WaypointInfo,
  CidrGroupInfo,
  Workload,
} from './inventoryModel';

/** A parsed document; without `ast` (values that did not come from text) objects have no spans. */
export type InventoryDocument = Pick<YamlDocument, 'index' | 'start' | 'text' | 'value'> & Partial<Pick<YamlDocument, 'syntax' | 'end' | 'findings'>>;

export interface InventoryFile {
  /** Path or URI, as it should appear in rule references. */
  readonly file: string;
  readonly text: string;
  readonly documents: readonly InventoryDocument[];
  /** Namespace for namespaced objects that name none (a file-level default); falls back to the option. */
  readonly defaultNamespace?: string;
}

export interface InventoryOptions {
  /** The `meshlens.defaultNamespace` setting: "default" unless set. */
  readonly defaultNamespace?: string;
  readonly clusterName?: string;
  readonly rootNamespace?: string;
  /** The `meshlens.istio.dataplaneMode` setting ('auto' unless set): workspace/meshMode.ts applies it. */
  readonly dataplaneMode?: DataplaneOverride;
  /** Objects that did not come from YAML files (conformance adapters, live clusters). */
  readonly extra?: {
    readonly workloads?: readonly Workload[];
    readonly namespaces?: readonly NamespaceInfo[];
    readonly services?: readonly ServiceInfo[];
    readonly policies?: readonly PolicySource[];
  };
}

export function inventoryFileFromText(file: string, text: string, defaultNamespace?: string): InventoryFile {
  return { file, text, documents: parseYamlDocuments(text), defaultNamespace };
}

/** Pod-template location per workload kind (upstream: k8s.io/api apps/v1, batch/v1). */
const podTemplatePaths: Readonly<Record<string, ValuePath>> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Pod: [],
};

/** The kinds the inventory reads as workloads (the pods policies select). */
export const workloadKinds: readonly string[] = Object.keys(podTemplatePaths);

const MAX_LIST_DEPTH = 8;

/** What one file contributes to the inventory; cached per file text by incremental callers. */
export interface InventoryFragment {
  readonly file: string;
  readonly workloads: readonly Workload[];
  readonly namespaces: readonly NamespaceInfo[];
  readonly services: readonly ServiceInfo[];
  readonly serviceAccounts: readonly ServiceAccountInfo[];
  readonly gateways: readonly GatewayInfo[];
  readonly waypoints: readonly WaypointInfo[];
  readonly cidrGroups?: readonly CidrGroupInfo[];
  readonly policies: readonly PolicySource[];
}

export function buildInventory(files: readonly InventoryFile[], options: InventoryOptions = {}): Inventory {
  const defaultNamespace = options.defaultNamespace || 'default';
  return mergeInventory(files.map((file) => readInventoryFragment(file, defaultNamespace)), options);
}

/** Reads the objects of one file. */
export function readInventoryFragment(file: InventoryFile, defaultNamespace: string): InventoryFragment {
  const reader = new FragmentReader(file, file.defaultNamespace || defaultNamespace);
  const documents = file.documents;
  for (let i = 0; i < documents.length; i++) reader.visit(documents[i], documents[i].value, topPath, 0, '');
  return reader.fragment();
}

/** The path of a document's own object (never written to: a list item's path is a new array). */
const topPath: ValuePath = [];
/** The list of a kind the file holds none of (fragments are read, never added to). */
const noItems: readonly never[] = Object.freeze([]);

/**
 * The objects of one file as read so far. A list is made when its first object is read: the traffic session reads
 * a large file one document at a time, and most documents hold one policy and nothing else.
 */
class FragmentReader {
  private namespaces: NamespaceInfo[] | undefined;
  /** Workloads by first appearance (a later Pod of the same owner merges into its place), and their places by id. */
  private workloads: Workload[] | undefined;
  private workloadAt: Map<string, number> | undefined;
  private services: ServiceInfo[] | undefined;
  private serviceAccounts: ServiceAccountInfo[] | undefined;
  private gateways: GatewayInfo[] | undefined;
  private waypoints: WaypointInfo[] | undefined;
  private cidrGroups: CidrGroupInfo[] | undefined;
  private policies: PolicySource[] | undefined;

  constructor(
    private readonly file: InventoryFile,
    private readonly fileDefault: string,
  ) {}

  visit(doc: InventoryDocument, value: unknown, basePath: ValuePath, depth: number, impliedKind: string): void {
    if (!isRecord(value) || depth > MAX_LIST_DEPTH) return;
    const kind = typeof value.kind === 'string' ? value.kind : impliedKind;
    if (kind.endsWith('List') && Array.isArray(value.items)) {
      // Items of a typed list (PodList, NamespaceList, …) may omit their kind, as `kubectl get -o json` does.
      const itemKind = kind === 'List' ? '' : kind.slice(0, -'List'.length);
      value.items.forEach((item, i) => this.visit(doc, item, [...basePath, 'items', i], depth + 1, itemKind));
      return;
    }
    this.readObject(value, kind, basePath, doc);
  }

  private readObject(value: Record<string, unknown>, kind: string, basePath: ValuePath, doc: InventoryDocument): void {
    const metadata = record(value.metadata);
    const name = str(metadata.name);
    const namespace = str(metadata.namespace) || this.fileDefault;
    const policyKind = policyKindNamed(kind);
    if (policyKind) {
      if (value.apiVersion !== undefined && splitApiVersion(str(value.apiVersion)).group !== policyKind.group) return;
      (this.policies ??= []).push(relocatablePolicy(policyKind.kind, name || '(unnamed)', policyKind.namespaced ? namespace : undefined, value, this.sourceOf(doc, basePath), doc));
      return;
    }
    if (kind === 'Namespace' && name) {
      // The name label is set on the fresh map (a spread into a literal made a hidden class per namespace).
      const labels = stringMap(metadata.labels);
      labels['kubernetes.io/metadata.name'] = name;
      (this.namespaces ??= []).push({ name, labels, declared: true, source: this.sourceOf(doc, basePath) });
      return;
    }
    if (kind === 'Service' && name) {
      (this.services ??= []).push(readService(value, name, namespace, this.sourceOf(doc, basePath)));
      return;
    }
    if (kind === 'CiliumCIDRGroup' && name && splitApiVersion(str(value.apiVersion)).group === 'cilium.io') {
      const cidrs = record(value.spec).externalCIDRs;
      (this.cidrGroups ??= []).push({ name, labels: stringMap(metadata.labels), externalCIDRs: Array.isArray(cidrs) ? cidrs.filter((c): c is string => typeof c === 'string') : [], source: this.sourceOf(doc, basePath) });
      return;
    }
    if (kind === 'ServiceAccount' && name) {
      (this.serviceAccounts ??= []).push({ namespace, name });
      return;
    }
    const className = str(record(value.spec).gatewayClassName);
    if (kind === 'Gateway' && name && className) {
      const labels = stringMap(metadata.labels);
      const source = this.sourceOf(doc, basePath);
      (this.gateways ??= []).push({ id: `${namespace}/${name}`, namespace, name, className, labels, source });
      if (className === WAYPOINT_CLASS) (this.waypoints ??= []).push({ id: `${namespace}/${name}`, namespace, name, waypointFor: waypointForOf(labels), source });
      return;
    }
    const templatePath = podTemplatePaths[kind];
    if (templatePath && name) {
      const workload = readWorkload(value, kind, name, namespace, templatePath, this.sourceOf(doc, basePath));
      // Most documents hold one workload: a list, indexed by id once a second one arrives.
      const workloads = (this.workloads ??= []);
      if (workloads.length > 0 && !this.workloadAt) {
        this.workloadAt = new Map();
        for (let i = 0; i < workloads.length; i++) this.workloadAt.set(workloads[i].id, i);
      }
      const at = this.workloadAt?.get(workload.id);
      // Pods of one owner (ReplicaSet, DaemonSet, …) form one workload, as kubectl and netpol-analyzer show them.
      if (at === undefined) {
        this.workloadAt?.set(workload.id, workloads.length);
        workloads.push(workload);
      } else if (kind === 'Pod') workloads[at] = mergePods(workloads[at], workload);
    }
  }

  private sourceOf(doc: InventoryDocument, basePath: ValuePath): ObjectSource {
    return objectSource(this.file.file, this.file.text, doc, basePath);
  }

  fragment(): InventoryFragment {
    // Kept per document by an incremental reader: lists at their size (a list grown by pushing has room for 16).
    return {
      file: this.file.file,
      workloads: sized(this.workloads),
      namespaces: sized(this.namespaces),
      services: sized(this.services),
      serviceAccounts: sized(this.serviceAccounts),
      gateways: sized(this.gateways),
      waypoints: sized(this.waypoints),
      cidrGroups: sized(this.cidrGroups),
      policies: sized(this.policies),
    };
  }
}

function sized<T>(list: T[] | undefined): readonly T[] {
  return list === undefined ? noItems : list.length === 1 ? [list[0]] : list.slice();
}

function objectSource(file: string, text: string, doc: InventoryDocument, basePath: ValuePath): ObjectSource {
  // A document read from text has its syntax (composed only when a span is asked for): spans are found when an
  // answer reads them, not when the model is built.
  return doc.syntax !== undefined ? new TextObjectSource(file, text, doc.index, basePath, doc as YamlDocument) : { file, text, documentIndex: doc.index, basePath, spanOf: undefined };
}

/**
 * The source of an object read from text. Its span function is made when first asked for (most objects are never
 * asked): every workload, namespace and service of an open carried a closure and its context, which the
 * scavenger copies and promotes.
 */
class TextObjectSource implements ObjectSource {
  #spanOf: ((path: ValuePath) => SourceSpan | undefined) | undefined;
  constructor(
    readonly file: string,
    readonly text: string,
    readonly documentIndex: number,
    readonly basePath: ValuePath,
    readonly document: YamlDocument,
  ) {}
  get spanOf(): (path: ValuePath) => SourceSpan | undefined {
    return (this.#spanOf ??= (path) => spanAt(this.document, [...this.basePath, ...path], 'key'));
  }
}

/**
 * A file's current text and documents as an incremental reader (the traffic session) last handed them over:
 * policies placed in it (placePolicies) read their document from here, so an edit that moves later documents
 * moves their policies by updating this one object, not each policy. `generation` counts the updates.
 */
export interface DocumentPlace {
  readonly file: string;
  text: string;
  documents: readonly InventoryDocument[];
  generation: number;
}

/**
 * Policies read from `place.documents[position]` follow that slot from now on: their source is the document
 * found there at read time (same parsed value, maybe moved, in the file's current text). Their spans relative
 * to the document do not change while they stay there, so a move bumps no version (policyDocumentStart tells where it is).
 */
export function placePolicies(policies: readonly PolicySource[], place: DocumentPlace, position: number): void {
  const document = place.documents[position];
  for (const policy of policies) {
    const location = locationOf(policy);
    // Read from this very slot of the place as it is now: its source is already the one the slot gives (not made again).
    if (location) location.placed = { place, position, seen: location.document === document && location.current.text === place.text && location.current.file === place.file ? place.generation : -1 };
  }
}

/** Where a policy is read from now, as one look-up (rule ranges read it for every reference of every answer). */
export interface PolicyLocationView {
  /** The same object while the location is (its document, its file's text): positions made from it can be kept. */
  readonly current: ObjectSource;
  /** The document `current` reads, whose start relative spans are added to. */
  readonly document: InventoryDocument;
  /** As policyLocationVersion. */
  readonly version: number;
}

export function policyLocationOf(policy: PolicySource): PolicyLocationView | undefined {
  const location = locationOf(policy);
  if (location) currentSource(location);
  return location;
}

/** Where the document a policy is read from starts now (spans relative to it change only with the version). */
export function policyDocumentStart(policy: PolicySource): number {
  const location = locationOf(policy);
  return location ? currentDocument(location).start : 0;
}

/** Joins file fragments: later Namespace objects win, Pods of one owner merge, undeclared namespaces get the name label. */
export function mergeInventory(fragments: readonly InventoryFragment[], options: InventoryOptions = {}): Inventory {
  const declaredNamespaces = new Map<string, NamespaceInfo>();
  const workloads = new Map<string, Workload>();
  const services: ServiceInfo[] = [];
  const serviceAccounts: ServiceAccountInfo[] = [];
  const gateways: GatewayInfo[] = [];
  const waypoints: WaypointInfo[] = [];
  const cidrGroups: CidrGroupInfo[] = [];
  const policies: PolicySource[] = [];
  const findings: InventoryFinding[] = [];
  for (const fragment of fragments) {
    for (const n of fragment.namespaces) declaredNamespaces.set(n.name, n);
    for (const w of fragment.workloads) {
      const existing = workloads.get(w.id);
      if (!existing) workloads.set(w.id, w);
      // The same workload in two files (a pod list and a manifest): the first wins, ports and IPs add up.
      else if (existing.kind === w.kind) workloads.set(w.id, mergePods(existing, w));
    }
    services.push(...fragment.services);
    serviceAccounts.push(...fragment.serviceAccounts);
    gateways.push(...fragment.gateways);
    waypoints.push(...fragment.waypoints);
    cidrGroups.push(...(fragment.cidrGroups ?? []));
    policies.push(...fragment.policies);
  }

  for (const w of options.extra?.workloads ?? []) workloads.set(w.id, w);
  for (const n of options.extra?.namespaces ?? []) declaredNamespaces.set(n.name, n);
  services.push(...(options.extra?.services ?? []));
  policies.push(...(options.extra?.policies ?? []));

  const namespaces = new Map(declaredNamespaces);
  const mention = (ns: string | undefined): void => {
    if (ns && !namespaces.has(ns)) namespaces.set(ns, { name: ns, labels: { 'kubernetes.io/metadata.name': ns }, declared: false });
  };
  for (const w of workloads.values()) mention(w.namespace);
  for (const p of policies) mention(p.namespace);
  for (const s of services) mention(s.namespace);

  return {
    namespaces,
    workloads: [...workloads.values()],
    services,
    serviceAccounts,
    gateways,
    waypoints,
    cidrGroups,
    policies,
    dataplaneMode: options.dataplaneMode ?? 'auto',
    defaultNamespace: options.defaultNamespace || 'default',
    clusterName: options.clusterName ?? 'default',
    rootNamespace: options.rootNamespace ?? 'istio-system',
    findings,
  };
}

/** Where a policy is now read from; a kept policy's location moves with its document (relocatePolicy, placePolicies). */
interface PolicyLocation {
  current: ObjectSource;
  /** The document `current` was made from. */
  document: InventoryDocument;
  /** Bumped when the policy is read again from a changed document, so caches of relative positions (edge ranges, findings) refresh. */
  version: number;
  /** The slot of a DocumentPlace the policy follows; `current` is remade from it when the place was updated since (`seen`). */
  placed?: { readonly place: DocumentPlace; readonly position: number; seen: number };
}


/** Where a policy read by readInventoryFragment is now (undefined for policy objects made elsewhere). */
function locationOf(policy: PolicySource): PolicyLocation | undefined {
  return RelocatablePolicy.locationOf(policy);
}

function currentSource(location: PolicyLocation): ObjectSource {
  const placed = location.placed;
  if (placed && placed.seen !== placed.place.generation) {
    const { place, position } = placed;
    // Remade without comparing texts (two versions of a long file are often of one length: a compare would read them whole).
    const document = place.documents[position];
    location.current = objectSource(place.file, place.text, document, location.current.basePath);
    location.document = document;
    placed.seen = place.generation;
  }
  return location.current;
}

function currentDocument(location: PolicyLocation): InventoryDocument {
  currentSource(location);
  return location.document;
}

/**
 * A policy's source that reads its current location: one field per object, its accessors on the prototype
 * (an object literal of getters made six closures and an accessor map per policy of every open).
 */
class RelocatableSource implements ObjectSource {
  constructor(private readonly location: PolicyLocation) {}
  get file(): string {
    return this.location.current.file;
  }
  get text(): string | undefined {
    return currentSource(this.location).text;
  }
  get documentIndex(): number | undefined {
    return this.location.current.documentIndex;
  }
  get basePath(): ValuePath {
    return this.location.current.basePath;
  }
  get spanOf(): ObjectSource['spanOf'] {
    return currentSource(this.location).spanOf;
  }
  get document(): YamlDocument | undefined {
    return currentSource(this.location).document;
  }
}

/**
 * A policy whose identity does not depend on where its document sits: the key is file, document index, path
 * and content (no offset, no text hash), and `source` reads the current location, so an edit that shifts or
 * re-comments the document keeps the object, its compiled rules and its flows; positions are made at answer time.
 */
class RelocatablePolicy implements PolicySource {
  readonly source: ObjectSource;
  #key: string | undefined;
  readonly #location: PolicyLocation;

  constructor(
    readonly kind: PolicySource['kind'],
    readonly name: string,
    readonly namespace: string | undefined,
    readonly value: Record<string, unknown>,
    private readonly initial: ObjectSource,
    document: InventoryDocument,
  ) {
    this.#location = { current: initial, document, version: 0 };
    this.source = new RelocatableSource(this.#location);
  }

  // Computed on first use: only a re-read of an edited document and the connectivity diff compare keys, and
  // readers of the workspace model (the enforcement workspace, the traffic model) would pay for serialising every policy.
  get key(): string {
    const initial = this.initial;
    return (this.#key ??= `${initial.file}#${initial.documentIndex ?? 0}/${initial.basePath.join('.')}:${this.kind}:${valueKey(this.value)}`);
  }

  static locationOf(policy: PolicySource): PolicyLocation | undefined {
    return #location in policy ? policy.#location : undefined;
  }
}

function relocatablePolicy(kind: PolicySource['kind'], name: string, namespace: string | undefined, value: Record<string, unknown>, initial: ObjectSource, document: InventoryDocument): PolicySource {
  return new RelocatablePolicy(kind, name, namespace, value, initial, document);
}

/**
 * Keeps `kept` (a policy read earlier) in place of `fresh` (the same key, read again from an edited text):
 * `kept` now reads `fresh`'s location. False when they are not the same policy. Earlier snapshots holding
 * `kept` see the new positions too, which are the ones the editor shows.
 */
export function relocatePolicy(kept: PolicySource, fresh: PolicySource): boolean {
  const to = locationOf(fresh);
  const from = locationOf(kept);
  if (!to || !from || !samePolicy(kept, fresh)) return false;
  if (from.current !== to.current) {
    from.current = to.current;
    from.document = to.document;
    from.placed = to.placed && { ...to.placed };
    from.version += 1;
  }
  return true;
}

/** The same key; the same parsed value (a moved document's) at the same place needs no serialising. */
function samePolicy(kept: PolicySource, fresh: PolicySource): boolean {
  if (kept.value !== fresh.value || kept.kind !== fresh.kind) return kept.key === fresh.key;
  const [a, b] = [kept.source, fresh.source];
  return a.file === b.file && a.documentIndex === b.documentIndex && a.basePath.join('.') === b.basePath.join('.');
}

/** How many times a policy moved (relocatePolicy); 0 for policies that never did or are not relocatable. */
export function policyLocationVersion(policy: PolicySource): number {
  return locationOf(policy)?.version ?? 0;
}

let circularValues = 0;

/** The value as JSON; a YAML alias can make it circular, then a key of its own (never reused, so always recompiled). */
function valueKey(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return `(circular ${circularValues++})`;
  }
}

function readWorkload(value: Record<string, unknown>, kind: string, name: string, namespace: string, templatePath: ValuePath, source: ObjectSource): Workload {
  let template: unknown = value;
  for (let i = 0; i < templatePath.length; i++) template = field(template, templatePath[i] as string);
  const podMeta = field(template, 'metadata');
  const podSpec = field(template, 'spec');
  let displayName = name;
  let displayKind = kind;
  if (kind === 'Pod') {
    const owners = Array.isArray(record(value.metadata).ownerReferences) ? (record(value.metadata).ownerReferences as unknown[]) : [];
    const owner = owners.map(record).find((o) => o.controller === true) ?? owners.map(record)[0];
    if (owner && str(owner.name)) {
      displayName = str(owner.name);
      displayKind = str(owner.kind) || 'Pod';
    }
  }
  // Every workload of an open passes here: no spread or intermediate list per container, port or IP; the kept
  // lists are made at their size, and port objects as literals of two shapes (a spread made a map per port).
  const ports: ContainerPort[] = [];
  readContainerPorts(field(podSpec, 'containers'), ports);
  readContainerPorts(field(podSpec, 'initContainers'), ports);
  const ips = readIps(field(value, 'status'));
  return {
    id: `${namespace}/${displayName}`,
    namespace,
    name: displayName,
    kind: displayKind,
    labels: stringMap(field(podMeta, 'labels')),
    annotations: sharedWhenEmpty(stringMap(field(podMeta, 'annotations'))),
    serviceAccount: str(field(podSpec, 'serviceAccountName')) || str(field(podSpec, 'serviceAccount')) || 'default',
    ports: sharedPorts(ports),
    hostNetwork: field(podSpec, 'hostNetwork') === true,
    ips,
    source,
  };
}

function readContainerPorts(containers: unknown, out: ContainerPort[]): void {
  if (!Array.isArray(containers)) return;
  for (let i = 0; i < containers.length; i++) {
    const listed = field(containers[i], 'ports');
    if (!Array.isArray(listed)) continue;
    for (let j = 0; j < listed.length; j++) {
      const p = listed[j];
      const port = Number(field(p, 'containerPort'));
      if (!Number.isInteger(port)) continue;
      const portName = str(field(p, 'name'));
      const protocol = protocolOf(field(p, 'protocol'));
      out.push(portName ? { name: portName, port, protocol } : { port, protocol });
    }
  }
}

/** Most workloads of a manifest state no IP and no annotation: they share one empty list and map (read only). */
const noIps: readonly string[] = Object.freeze([]);
const noAnnotations: Readonly<Record<string, string>> = Object.freeze({});

function sharedWhenEmpty(map: Record<string, string>): Readonly<Record<string, string>> {
  for (const _ in map) return map;
  return noAnnotations;
}

/**
 * One frozen list per distinct container port list: the workloads of a manifest mostly declare the same ports,
 * so they share the list and its port objects (kept once, and a rule's named ports resolve once per list,
 * evaluateDirection.ts rulePorts). Found by a text of the ports and checked field by field.
 */
function sharedPorts(ports: readonly ContainerPort[]): readonly ContainerPort[] {
  if (ports.length === 0) return noPorts;
  let key = '';
  for (let i = 0; i < ports.length; i++) key += `${ports[i].name ?? ''}\u0000${ports[i].port}\u0000${ports[i].protocol}\u0001`;
  const known = portLists.get(key);
  if (known !== undefined && known.length === ports.length && known.every((p, i) => p.name === ports[i].name && p.port === ports[i].port && p.protocol === ports[i].protocol)) return known;
  const list = Object.freeze(ports.slice());
  if (portLists.size >= 10_000) portLists.clear();
  portLists.set(key, list);
  return list;
}

const noPorts: readonly ContainerPort[] = Object.freeze([]);
const portLists = new Map<string, readonly ContainerPort[]>();

/** status.podIP and status.podIPs[].ip, without empty ones and repeats, in that order. */
function readIps(status: unknown): readonly string[] {
  const first = str(field(status, 'podIP'));
  const listed = field(status, 'podIPs');
  if (!Array.isArray(listed) || listed.length === 0) return first === '' ? noIps : [first];
  const ips = new Set<string>();
  if (first !== '') ips.add(first);
  for (let i = 0; i < listed.length; i++) {
    const ip = str(field(listed[i], 'ip'));
    if (ip !== '') ips.add(ip);
  }
  return [...ips];
}

export function mergePods(first: Workload, next: Workload): Workload {
  const ports = [...first.ports];
  for (const p of next.ports) if (!ports.some((q) => q.port === p.port && q.name === p.name && q.protocol === p.protocol)) ports.push(p);
  return { ...first, ports, ips: [...new Set([...first.ips, ...next.ips])] };
}

function readService(value: Record<string, unknown>, name: string, namespace: string, source: ObjectSource): ServiceInfo {
  const spec = record(value.spec);
  const ports: ServicePort[] = array(spec.ports).map((raw) => {
    const p = record(raw);
    const port = Number(p.port);
    const target = p.targetPort;
    const targetPort = typeof target === 'string' && !/^\d+$/.test(target) ? target : Number(target ?? port) || port;
    // Literals of the four shapes, in this key order (spreading a literal into each made a hidden class per port).
    const portName = str(p.name);
    const protocol = protocolOf(p.protocol);
    const appProtocol = str(p.appProtocol);
    if (portName) return appProtocol ? { name: portName, port, targetPort, protocol, appProtocol } : { name: portName, port, targetPort, protocol };
    return appProtocol ? { port, targetPort, protocol, appProtocol } : { port, targetPort, protocol };
  });
  const selector = isRecord(spec.selector) ? stringMap(spec.selector) : undefined;
  return { id: `${namespace}/${name}`, namespace, name, selector, labels: stringMap(record(value.metadata).labels), ports, source };
}

function protocolOf(value: unknown): 'TCP' | 'UDP' | 'SCTP' {
  const p = typeof value === 'string' ? value.toUpperCase() : 'TCP';
  return p === 'UDP' || p === 'SCTP' ? p : 'TCP';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  // Own keys in order, as Object.entries lists them, without a pair list per key.
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const v = value[keys[i]];
    if (v !== null && v !== undefined && typeof v !== 'object') out[keys[i]] = String(v);
  }
  return out;
}

/** A field of a value that may not be a record (undefined then), without a stand-in object per miss. */
function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}
