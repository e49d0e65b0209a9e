// Which schema validates each (group, kind, version): the bundled ones (schemas/generated, from the pinned upstream
// CRDs) unless the user's own CRDs replace them — CRD files of their release (`meshlens.schemas.crdFiles`, `--crd`)
// or the CRDs the connected cluster serves. A set is plain data with an id (a content hash), so the host can tell
// whether a new set changes anything and the validators are compiled once per schema content.
import type { ValuePath } from '../model/sourceSpan';
import type { PolicyKindName } from '../policyKinds';
import { policyKindNamed } from '../policyKinds';
import { catalogEntries, childSchema, companionCatalogEntries, type JsonSchemaNode, type PolicySchema, type SchemaSource } from './schemaCatalog';

/** Where the schema in force for a kind/version came from. */
export type SchemaOrigin =
  | { readonly kind: 'bundled'; readonly source: SchemaSource }
  | { readonly kind: 'crd-file'; readonly path: string; readonly release?: CrdRelease }
  | { readonly kind: 'cluster'; readonly context: string; readonly release?: CrdRelease };

/** The release a user's CRD says it belongs to, and which label or annotation said so. */
export interface CrdRelease {
  readonly version: string;
  readonly from: string;
}

export interface SchemaSetEntry {
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly schema: JsonSchemaNode;
  readonly origin: SchemaOrigin;
  /** Identifies the schema's content: validators are compiled once per hash. */
  readonly hash: string;
}

export class SchemaSet {
  private readonly entries: ReadonlyMap<string, SchemaSetEntry>;

  constructor(
    entries: readonly SchemaSetEntry[],
    /** The bundled entries, for drift findings and for what the user's set does not replace. */
    private readonly base?: SchemaSet,
  ) {
    this.entries = new Map(entries.map((e) => [entryKey(e.group, e.kind, e.version), e]));
    const own = [...this.entries.values()].map((e) => `${entryKey(e.group, e.kind, e.version)}=${e.hash}`).sort().join(',');
    this.id = base ? `${base.id}+${contentHash(own)}` : 'bundled';
  }

  /** Equal ids: the same schemas for every kind and version. */
  readonly id: string;

  entry(group: string, kind: string, version: string): SchemaSetEntry | undefined {
    return this.entries.get(entryKey(group, kind, version)) ?? this.base?.entry(group, kind, version);
  }

  /** The bundled entry of the same kind and version, when this entry replaced it (else undefined). */
  replaced(group: string, kind: string, version: string): SchemaSetEntry | undefined {
    return this.base && this.entries.has(entryKey(group, kind, version)) ? this.base.entry(group, kind, version) : undefined;
  }

  /** The entries that replace bundled ones. */
  overrides(): readonly SchemaSetEntry[] {
    return this.base ? [...this.entries.values()] : [];
  }

  /** A policy kind's schema node at a value path (hover, completion, quick fixes read this). */
  readonly schemaAt = (kind: PolicyKindName, version: string, path: ValuePath): JsonSchemaNode | undefined => {
    const policyKind = policyKindNamed(kind);
    let node: JsonSchemaNode | undefined = policyKind ? this.entry(policyKind.group, kind, version)?.schema : undefined;
    for (const part of path) {
      if (!node) return undefined;
      node = childSchema(node, part);
    }
    return node;
  };

  /** The bundled set with `overrides` in force (each replacing the bundled entry of its group/kind/version). */
  withOverrides(overrides: readonly SchemaSetEntry[]): SchemaSet {
    return overrides.length === 0 ? this : new SchemaSet(overrides, this);
  }
}

function entryKey(group: string, kind: string, version: string): string {
  return `${group}/${kind}/${version}`;
}

/** FNV-1a 32-bit over the text, as hex: enough to tell schema contents apart in one process. */
export function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return `${(hash >>> 0).toString(16).padStart(8, '0')}${text.length.toString(16)}`;
}

function bundledEntry(schema: PolicySchema): SchemaSetEntry {
  const { group, kind, version } = schema['x-meshlens-kind'];
  return { group, kind, version, schema, origin: { kind: 'bundled', source: schema['x-meshlens-source'] }, hash: `bundled:${entryKey(group, kind, version)}` };
}

/** The schemas meshlens ships: every policy and companion kind at every served version. */
export const bundledSchemaSet = new SchemaSet([...catalogEntries(), ...companionCatalogEntries()].map((e) => bundledEntry(e.schema)));

/** "bundled Cilium 1.19.0-dev CRD", "CRD from the cluster kind-dev (Cilium 1.16.3)", "CRD file charts/crds.yaml". */
export function describeSchemaOrigin(origin: SchemaOrigin): string {
  switch (origin.kind) {
    case 'bundled':
      // NetworkPolicy is built in: its schema is the Kubernetes OpenAPI, not a CRD.
      return `bundled ${projectOf(origin.source.repo)} ${origin.source.upstreamVersion} ${origin.source.repo === 'kubernetes-client/python' ? 'OpenAPI schema' : 'CRD'}`;
    case 'crd-file':
      return `CRD file ${origin.path}${origin.release ? ` (${origin.release.version}, from ${origin.release.from})` : ''}`;
    case 'cluster':
      return `CRD from the cluster ${origin.context}${origin.release ? ` (${origin.release.version}, from ${origin.release.from})` : ''}`;
  }
}

const projects: Readonly<Record<string, string>> = {
  'cilium/cilium': 'Cilium',
  'istio/istio': 'Istio',
  'kubernetes-sigs/gateway-api': 'Gateway API',
  'kubernetes-client/python': 'Kubernetes',
};

function projectOf(repo: string): string {
  return projects[repo] ?? repo;
}
