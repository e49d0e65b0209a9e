// Generates the JSON Schemas meshlens validates policies against, from the pinned upstream CRDs and
// the Kubernetes OpenAPI v2 subset listed in schemas/upstream.json. Re-runnable and deterministic:
//   node schemas/generateSchemas.mjs [--upstream <crds dir>] [--out <dir>]
// Defaults: ../shared/upstream/crds (relative to the repo root) and schemas/generated. Files marked
// `"root": "repo"` in upstream.json are upstream copies kept in this repository under schemas/upstream.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { coreModuleText, importModuleText } from '../scripts/coreModuleText.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function argument(name, fallback) {
  const at = process.argv.indexOf(name);
  return at !== -1 && process.argv[at + 1] ? path.resolve(process.argv[at + 1]) : fallback;
}


const DRAFT = 'http://json-schema.org/draft-07/schema#';

// The CRD conversion rules have one owner, the analysis core's crdSchemaConversion.ts (it also converts the user's
// own CRDs at run time): bundled here with esbuild so this plain-Node script runs that very code.
const { convertCrdVersionSchema, copiedKeywords, keptExtensions, translateRe2: translateRe2OrReason } = await importModuleText(
  coreModuleText(path.join(repoRoot, 'server/src/analysis/schema/crdSchemaConversion.ts')),
);

/** Go RE2 → JS unicode-mode pattern; a pattern without a faithful translation stops the generator. */
export function translateRe2(pattern) {
  const translation = translateRe2OrReason(pattern);
  if (!translation.ok) throw new Error(`pattern ${JSON.stringify(pattern)}: ${translation.reason}`);
  return translation.pattern;
}

/** Inlines `$ref`s of an OpenAPI v2 (swagger) definition and converts it like a CRD node. */
function convertSwaggerNode(node, definitions, stats, seen = new Set()) {
  if (typeof node !== 'object' || node === null) return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace('#/definitions/', '');
    if (seen.has(name)) throw new Error(`recursive $ref ${name} cannot be inlined`);
    const target = definitions[name];
    if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
    const resolved = convertSwaggerDefinition(name, target, definitions, stats, new Set([...seen, name]));
    // A description next to the $ref describes the field better than the type's own one.
    return node.description ? { ...resolved, description: node.description } : resolved;
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (copiedKeywords.has(key)) out[key] = value;
    else if (key === 'pattern') out.pattern = translateRe2(value);
    else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, child]) => [name, convertSwaggerNode(child, definitions, stats, seen)]));
    } else if (key === 'items' || key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : convertSwaggerNode(value, definitions, stats, seen);
    } else if (keptExtensions.has(key)) out[key] = value;
    else stats.droppedKeywords.add(key);
  }
  if (out.type === 'object' && out.properties && out.additionalProperties === undefined) {
    out.additionalProperties = false;
    stats.closedObjects++;
  }
  return out;
}

function convertSwaggerDefinition(name, definition, definitions, stats, seen) {
  if (name === 'io.k8s.apimachinery.pkg.util.intstr.IntOrString') {
    return { description: definition.description, type: ['integer', 'string'], 'x-kubernetes-int-or-string': true };
  }
  if (name === 'io.k8s.apimachinery.pkg.apis.meta.v1.Time') {
    // metav1.Time decodes JSON null (kubectl prints `creationTimestamp: null`).
    return { description: definition.description, type: ['string', 'null'], format: 'date-time' };
  }
  if (name === 'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1') {
    // Arbitrary JSON describing field ownership.
    return { description: definition.description, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  }
  return convertSwaggerNode(definition, definitions, stats, seen);
}

/** Recursively sorts object keys so output is byte-stable; arrays keep their order. */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortKeys(value[key])]));
}

function readYamlDocuments(file) {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    return doc.toJS();
  }).filter(Boolean);
}

function newStats() {
  return { untranslatedPatterns: [], translatedPatterns: new Set(), droppedKeywords: new Set(), closedObjects: 0 };
}

function sourceOf(source, file) {
  return { repo: source.repo, path: file.path, commit: source.commit, upstreamVersion: source.upstreamVersion, license: source.license, local: file.local };
}

/** The envelope every kind shares: apiVersion, kind and ObjectMeta (from the Kubernetes OpenAPI). */
function envelope(group, kind, version, objectMeta) {
  return {
    apiVersion: {
      description: 'APIVersion defines the versioned schema of this representation of an object.',
      type: 'string',
      enum: [`${group}/${version}`],
    },
    kind: { description: 'Kind is a string value representing the REST resource this object represents.', type: 'string', enum: [kind] },
    // The API server rejects an object without a name: "name or generateName is required".
    metadata: { ...objectMeta, anyOf: [{ required: ['name'] }, { required: ['generateName'] }] },
  };
}

function documentSchema({ group, kind, version, source, metadataSource, body, stats }) {
  return sortKeys({
    $schema: DRAFT,
    $comment: `Generated by schemas/generateSchemas.mjs from ${source.repo}@${source.commit} ${source.path} (${source.upstreamVersion}). Do not edit.`,
    'x-meshlens-source': source,
    'x-meshlens-kind': { group, kind, version },
    // `metadata` (ObjectMeta) comes from the Kubernetes OpenAPI, whatever the kind's own source.
    'x-meshlens-metadata-source': metadataSource,
    'x-meshlens-generator': {
      closedObjects: stats.closedObjects,
      translatedPatterns: [...stats.translatedPatterns].sort(),
    },
    ...body,
  });
}

function generate() {
  const upstreamDir = argument('--upstream', path.resolve(repoRoot, '../shared/upstream/crds'));
  const outDir = argument('--out', path.join(repoRoot, 'schemas/generated'));
  const repoUpstreamDir = path.join(repoRoot, 'schemas/upstream');
  const upstream = JSON.parse(readFileSync(path.join(repoRoot, 'schemas/upstream.json'), 'utf8'));
  const kubernetes = upstream.sources.find((s) => s.id === upstream.objectMeta.source);
  const swaggerFile = kubernetes.files[0];
  const swagger = JSON.parse(readFileSync(path.join(upstreamDir, swaggerFile.local), 'utf8'));
  const metaStats = newStats();
  const metadataSource = { ...sourceOf(kubernetes, swaggerFile), definition: upstream.objectMeta.definition };
  const objectMeta = convertSwaggerDefinition(upstream.objectMeta.definition, swagger.definitions[upstream.objectMeta.definition], swagger.definitions, metaStats, new Set());

  const outputs = [];
  for (const source of upstream.sources) {
    for (const file of source.files) {
      if (source.format === 'crd') {
        const [crd] = readYamlDocuments(path.join(file.root === 'repo' ? repoUpstreamDir : upstreamDir, file.local));
        if (crd?.kind !== 'CustomResourceDefinition' || crd.spec.names.kind !== file.kind) throw new Error(`${file.local} is not the CRD of ${file.kind}`);
        for (const version of file.versions) {
          const entry = crd.spec.versions.find((v) => v.name === version);
          if (!entry?.served) throw new Error(`${file.kind} ${version} is not served by ${file.local}`);
          const stats = newStats();
          const body = convertCrdVersionSchema(entry.schema.openAPIV3Schema, envelope(crd.spec.group, file.kind, version, objectMeta), stats);
          // A pattern the core would leave out of a user's CRD stops the generator: bundled schemas check every pattern.
          for (const pattern of stats.untranslatedPatterns) translateRe2(pattern);
          outputs.push({ group: crd.spec.group, kind: file.kind, version, source: sourceOf(source, file), body, stats });
        }
      } else {
        const definitions = swagger.definitions;
        const stats = newStats();
        const root = convertSwaggerDefinition(file.definition, definitions[file.definition], definitions, stats, new Set([file.definition]));
        const version = file.versions[0];
        const body = {
          ...root,
          properties: {
            ...root.properties,
            ...envelope(file.group, file.kind, version, objectMeta),
            // NetworkPolicyStatus existed in Kubernetes 1.24-1.27; `kubectl get -o yaml` output from
            // those clusters carries `status: {}`, which the API server never acted on. Accept it, open.
            status: { description: 'Not part of NetworkPolicy in current Kubernetes (NetworkPolicyStatus was removed in 1.28); ignored.', type: 'object' },
          },
          required: [...new Set(['apiVersion', 'kind', 'metadata', ...(root.required ?? [])])],
        };
        outputs.push({ group: file.group, kind: file.kind, version, source: { ...sourceOf(source, file), definition: file.definition }, body, stats });
      }
    }
  }

  rmSync(outDir, { recursive: true, force: true });
  const index = [];
  for (const output of outputs) {
    const relative = `${output.group}/${output.kind}_${output.version}.json`;
    mkdirSync(path.join(outDir, output.group), { recursive: true });
    writeFileSync(path.join(outDir, relative), `${JSON.stringify(documentSchema({ ...output, metadataSource }), null, 2)}\n`);
    index.push({ group: output.group, kind: output.kind, version: output.version, file: relative, source: output.source });
    console.log(`wrote ${relative} (${output.stats.closedObjects} closed objects${output.stats.droppedKeywords.size ? `; dropped ${[...output.stats.droppedKeywords].sort().join(', ')}` : ''})`);
  }
  index.sort((a, b) => a.file.localeCompare(b.file));
  writeFileSync(
    path.join(outDir, 'index.json'),
    `${JSON.stringify(sortKeys({ $comment: 'Generated by schemas/generateSchemas.mjs from schemas/upstream.json. Do not edit.', schemas: index }), null, 2)}\n`,
  );
}

// Run only when invoked as a script, so tests can import translateRe2.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) generate();
