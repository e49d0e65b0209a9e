// The user's own CRDs (the files of their release, or the cluster's served CRDs) as schema-set entries: for each
// CustomResourceDefinition of a kind meshlens validates, every served version's openAPIV3Schema (with its
// x-kubernetes-validations) replaces the bundled schema of that group/kind/version. Other documents and other
// kinds are skipped with a note. Pure: the adapters read the files or list the cluster and pass the objects in.
import { parseAllDocuments } from 'yaml';
import { convertCrdVersionSchema } from './crdSchemaConversion';
import type { JsonSchemaNode } from './schemaCatalog';
import { bundledSchemaSet, contentHash, type CrdRelease, type SchemaOrigin, type SchemaSetEntry } from './schemaSet';

/** A parsed object that may be a CRD, and where it came from (without the release: read from the object). */
export interface CrdInput {
  readonly object: unknown;
  readonly origin: { readonly kind: 'crd-file'; readonly path: string } | { readonly kind: 'cluster'; readonly context: string };
}

export interface UserCrdSchemas {
  readonly entries: readonly SchemaSetEntry[];
  /** One line per thing skipped or left out (credential-free: CRDs carry none). */
  readonly notes: readonly string[];
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Labels and annotations that name a CRD's release, in order of preference: the Kubernetes recommended label
 * (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels), Helm's chart label
 * (`<chart>-<chart version>`, helm.sh/docs/chart_best_practices/labels), and the schema version the Cilium
 * operator stamps on the CRDs it registers (cilium pkg/k8s/apis/cilium.io/client/register.go, CustomResourceDefinitionSchemaVersionKey).
 */
const RELEASE_KEYS: readonly { readonly key: string; readonly read: (value: string) => string | undefined }[] = [
  { key: 'app.kubernetes.io/version', read: (v) => v },
  { key: 'helm.sh/chart', read: (v) => /-(v?\d[\w.+-]*)$/.exec(v)?.[1] },
  { key: 'io.cilium.k8s.crd.schema.version', read: (v) => `CRD schema ${v}` },
];

export function crdRelease(object: unknown): CrdRelease | undefined {
  const metadata = isObject(object) && isObject(object.metadata) ? object.metadata : {};
  for (const place of ['labels', 'annotations'] as const) {
    const values = isObject(metadata[place]) ? (metadata[place] as Json) : {};
    for (const { key, read } of RELEASE_KEYS) {
      const value = values[key];
      const version = typeof value === 'string' ? read(value) : undefined;
      if (version) return { version, from: `${place === 'labels' ? 'label' : 'annotation'} ${key}` };
    }
  }
  return undefined;
}

/** The entries that replace bundled schemas, from CRD objects; later inputs win over earlier ones for the same version. */
export function userCrdSchemas(inputs: readonly CrdInput[]): UserCrdSchemas {
  const entries = new Map<string, SchemaSetEntry>();
  const notes: string[] = [];
  const otherKinds = new Map<string, string[]>();
  for (const { object, origin } of inputs) {
    const where = origin.kind === 'crd-file' ? origin.path : `the cluster ${origin.context}`;
    if (!isObject(object) || object.kind !== 'CustomResourceDefinition') continue;
    if (object.apiVersion !== 'apiextensions.k8s.io/v1') {
      notes.push(`${where}: CustomResourceDefinition at ${String(object.apiVersion)} skipped (only apiextensions.k8s.io/v1 CRDs carry per-version schemas)`);
      continue;
    }
    const spec = isObject(object.spec) ? object.spec : {};
    const group = typeof spec.group === 'string' ? spec.group : '';
    const kind = isObject(spec.names) && typeof spec.names.kind === 'string' ? spec.names.kind : '';
    const versions = Array.isArray(spec.versions) ? spec.versions.filter(isObject) : [];
    const release = crdRelease(object);
    const fullOrigin: SchemaOrigin = { ...origin, ...(release ? { release } : {}) };
    let used = false;
    for (const version of versions) {
      const name = typeof version.name === 'string' ? version.name : '';
      const bundled = bundledSchemaSet.entry(group, kind, name);
      const openApi = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      if (!bundled || version.served !== true || !isObject(openApi)) continue;
      const conversion = { untranslatedPatterns: [] as string[] };
      const schema = convertCrdVersionSchema(openApi, envelopeOf(bundled.schema), conversion);
      if (conversion.untranslatedPatterns.length > 0) notes.push(`${where}: ${kind} ${name}: ${conversion.untranslatedPatterns.length} pattern(s) in RE2 syntax without a JavaScript equivalent are not checked`);
      entries.set(`${group}/${kind}/${name}`, { group, kind, version: name, schema, origin: fullOrigin, hash: contentHash(JSON.stringify(schema)) });
      used = true;
    }
    if (!used) {
      const list = otherKinds.get(where) ?? [];
      list.push(kind || String(isObject(object.metadata) ? object.metadata.name : '?'));
      otherKinds.set(where, list);
    }
  }
  for (const [where, kinds] of otherKinds) notes.push(`${where}: ${kinds.length} CRD(s) of kinds or versions meshlens does not validate skipped (${kinds.slice(0, 5).join(', ')}${kinds.length > 5 ? ', …' : ''})`);
  return { entries: [...entries.values()], notes };
}

/** apiVersion, kind and metadata: the envelope every source of a kind shares (schemas/README.md "Envelope"). */
function envelopeOf(schema: JsonSchemaNode): Record<string, JsonSchemaNode> {
  const { apiVersion, kind, metadata } = schema.properties ?? {};
  return { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}), ...(metadata ? { metadata } : {}) };
}

/** The documents of a CRD file (multi-document YAML, e.g. a Helm chart's crds/); non-CRD documents are noted and skipped. */
export function crdInputsFromText(text: string, path: string): { readonly inputs: CrdInput[]; readonly notes: string[] } {
  const inputs: CrdInput[] = [];
  const notes: string[] = [];
  for (const [index, document] of parseAllDocuments(text).entries()) {
    if (document.errors.length > 0) {
      notes.push(`${path}: document ${index + 1} is not valid YAML (${document.errors[0].message.split('\n')[0]}); skipped`);
      continue;
    }
    const value: unknown = document.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    if (!isObject(value) || value.kind !== 'CustomResourceDefinition') {
      notes.push(`${path}: document ${index + 1} is ${isObject(value) && typeof value.kind === 'string' ? `a ${value.kind}` : 'not a Kubernetes object'}, not a CustomResourceDefinition; skipped`);
      continue;
    }
    inputs.push({ object: value, origin: { kind: 'crd-file', path } });
  }
  return { inputs, notes };
}
