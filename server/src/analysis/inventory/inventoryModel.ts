// The workspace inventory: the workloads, namespaces, services and policies the traffic graph reasons about,
// read from analysed YAML/JSON documents. Plain data; building it lives in buildInventory.ts.
import type { SourceSpan, ValuePath } from '../model/sourceSpan';
import type { Finding } from '../model/finding';
import type { PolicyKindName } from '../policyKinds';
import type { YamlDocument } from '../yaml/parseYamlDocuments';
import type { DataplaneOverride, MeshMode } from '../workspace/meshMode';

export type { MeshMode };

/** Where an object came from: a file and, when it was read from YAML, a way to find spans in it. */
export interface ObjectSource {
  readonly file: string;
  /** Whole-file text, when known: adapters turn spans into line/character with it. */
  readonly text?: string;
  readonly documentIndex?: number;
  /** Span of a value path inside the object; undefined when the object was not read from text. */
  readonly spanOf?: (path: ValuePath) => SourceSpan | undefined;
  /** Path of the object inside its document (non-empty for items of a List). */
  readonly basePath: ValuePath;
  /** The parsed document, when the object was read from text: rule classification reads it. */
  readonly document?: YamlDocument;
}

export interface NamespaceInfo {
  readonly name: string;
  /** Labels as declared, plus the `kubernetes.io/metadata.name` label the API server always sets. */
  readonly labels: Readonly<Record<string, string>>;
  /** False when no Namespace object exists: only the automatic name label is known. */
  readonly declared: boolean;
  readonly source?: ObjectSource;
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
}

export interface Workload {
  /** `<namespace>/<name>`. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod, or a Pod's owner kind. */
  readonly kind: string;
  /** Pod(-template) labels: what selectors see. */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly serviceAccount: string;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** Pod IPs, when the input states them (status.podIPs, probe files). */
  readonly ips: readonly string[];
  /** Explicit mesh mode from the input (policy-verdicts endpoints); otherwise derived from labels. */
  readonly declaredMeshMode?: MeshMode;
  readonly source?: ObjectSource;
}

export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  readonly targetPort: number | string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP';
  readonly appProtocol?: string;
}

export interface ServiceInfo {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** Undefined for selector-less services (EndpointSlices decide). */
  readonly selector?: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly ServicePort[];
  readonly source?: ObjectSource;
}

/** A Gateway API Gateway: its class says whether it is a waypoint or a gateway Envoy. */
export interface GatewayInfo {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly className: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly source?: ObjectSource;
}

export interface WaypointInfo {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** `istio.io/waypoint-for`: service (default), workload, all, none. */
  readonly waypointFor: string;
  readonly source?: ObjectSource;
}

/** A CiliumCIDRGroup: the CIDRs a `cidrGroupRef` (by name) or `cidrGroupSelector` (by labels) stands for. */
export interface CidrGroupInfo {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly externalCIDRs: readonly string[];
  readonly source?: ObjectSource;
}

export interface ServiceAccountInfo {
  readonly namespace: string;
  readonly name: string;
}

/** A policy document of a known kind, with where it came from. */
export interface PolicySource {
  readonly kind: PolicyKindName;
  readonly name: string;
  /** Undefined for cluster-wide kinds. */
  readonly namespace?: string;
  readonly value: Record<string, unknown>;
  readonly source: ObjectSource;
  /** Stable key (file, document index, path, content; no offset) used to recompute only what an edit touched. */
  readonly key: string;
}

export interface Inventory {
  readonly namespaces: ReadonlyMap<string, NamespaceInfo>;
  readonly workloads: readonly Workload[];
  readonly services: readonly ServiceInfo[];
  readonly serviceAccounts: readonly ServiceAccountInfo[];
  /** Every Gateway (any class); `waypoints` are those of class istio-waypoint. */
  readonly gateways: readonly GatewayInfo[];
  readonly waypoints: readonly WaypointInfo[];
  /** CiliumCIDRGroups (cluster-scoped); absent when none were read. */
  readonly cidrGroups?: readonly CidrGroupInfo[];
  readonly policies: readonly PolicySource[];
  /** The `meshlens.istio.dataplaneMode` setting the workspace is read under (workspace/meshMode.ts). */
  readonly dataplaneMode: DataplaneOverride;
  /** The `meshlens.defaultNamespace` setting: namespace of objects that name none. */
  readonly defaultNamespace: string;
  /** Cilium cluster name used for `io.cilium.k8s.policy.cluster`. */
  readonly clusterName: string;
  /** Istio root namespace (mesh-wide policies). */
  readonly rootNamespace: string;
  readonly findings: readonly InventoryFinding[];
}

/** A finding located in one input file. */
export interface InventoryFinding {
  readonly file: string;
  readonly finding: Finding;
}
