// Generates the content of precompiledValidators.ts for the bundles: ajv standalone code for every bundled schema,
// compiled with the in-process compiler's options (createAjv), one factory per schema-set entry so a bundle parses
// a schema's code only when a document of that kind and version first needs it. Run by the build
// (scripts/precompiledValidators.mjs), never by the server: it compiles every bundled schema.
import standaloneCode from 'ajv/dist/standalone';
import { catalogEntries, companionCatalogEntries } from './schemaCatalog';
import { bundledSchemaSet, type SchemaSetEntry } from './schemaSet';
import { createAjv, withSharedDefinitions } from './schemaValidators';
import { FORMATS_NAME, PATTERN_ENGINE_NAME } from './validatorRuntime';

// What ajv's ES-module standalone code starts with: the exported name is the validator's.
const STANDALONE_EXPORTS = /^"use strict";\s*export const validate = (\w+);\s*export default \w+;/;

// The served versions of a kind have the same schema but for the apiVersion enum and the version in x-meshlens-kind
// (Istio serves three, for instance): their code is shared, with these two strings as parameters. The names cannot
// occur in ajv's code (its identifiers have no `$`).
const API_VERSION_PARAMETER = '$apiVersion';
const VERSION_PARAMETER = '$version';

/** The ES module text (imports resolve from server/src/analysis/schema) exporting `precompiledValidators`. */
export function precompiledValidatorModule(): string {
  const families = new Map<string, { readonly template: string; readonly validateName: string; readonly entries: SchemaSetEntry[] }>();
  for (const { schema } of [...catalogEntries(), ...companionCatalogEntries()]) {
    const { group, kind, version } = schema['x-meshlens-kind'];
    const entry = bundledSchemaSet.entry(group, kind, version);
    if (!entry) throw new Error(`no bundled schema-set entry for ${group}/${kind}/${version}`);
    // A fresh instance per schema: ajv numbers its identifiers per instance, so the versions of a kind get equal code.
    const ajv = createAjv(true);
    const code = standaloneCode(ajv, ajv.compile(withSharedDefinitions(entry.schema)));
    const exports = STANDALONE_EXPORTS.exec(code);
    if (!exports) throw new Error(`unexpected ajv standalone code for ${entry.hash}: ${code.slice(0, 120)}`);
    const template = versionTemplate(entry, code.slice(exports[0].length));
    const key = `${group}/${kind}\n${template}`;
    const family = families.get(key) ?? { template, validateName: exports[1], entries: [] };
    family.entries.push(entry);
    families.set(key, family);
  }
  const factories: string[] = [];
  const entries: string[] = [];
  for (const [index, family] of [...families.values()].entries()) {
    // ajv's runtime helpers (e.g. ucs2length for minLength) stay `require(...)` calls: esbuild bundles them.
    factories.push(`const family${index} = (${API_VERSION_PARAMETER}, ${VERSION_PARAMETER}) => {\n${family.template}\nreturn ${family.validateName};\n};`);
    for (const entry of family.entries) {
      entries.push(`  ${JSON.stringify(entry.hash)}: () => family${index}(${JSON.stringify(apiVersionOf(entry))}, ${JSON.stringify(entry.version)}),`);
    }
  }
  return [
    '// Generated at build time by server/src/analysis/schema/precompiledValidatorModule.ts from schemas/generated. Do not edit.',
    `import { ${PATTERN_ENGINE_NAME}, ${FORMATS_NAME} } from './validatorRuntime';`,
    ...factories,
    'export const precompiledValidators = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

function apiVersionOf(entry: SchemaSetEntry): string {
  return `${entry.group}/${entry.version}`;
}

/**
 * The code with the entry's apiVersion string literal and its `"version":"v1"` (x-meshlens-kind) replaced by the
 * parameters. Exact by construction: putting the literals back must give the code again, and neither literal may
 * be an object key (a parameter there would be a key of its own name), else this throws and the build stops.
 */
function versionTemplate(entry: SchemaSetEntry, code: string): string {
  const apiVersion = JSON.stringify(apiVersionOf(entry));
  const version = `"version":${JSON.stringify(entry.version)}`;
  for (const parameter of [API_VERSION_PARAMETER, VERSION_PARAMETER]) {
    if (code.includes(parameter)) throw new Error(`${entry.hash}: ajv's code already uses ${parameter}`);
  }
  if (code.includes(`${apiVersion}:`)) throw new Error(`${entry.hash}: ${apiVersion} is an object key in ajv's code`);
  const template = code.split(apiVersion).join(API_VERSION_PARAMETER).split(version).join(`"version":${VERSION_PARAMETER}`);
  const restored = template.split(API_VERSION_PARAMETER).join(apiVersion).split(`"version":${VERSION_PARAMETER}`).join(version);
  if (restored !== code) throw new Error(`${entry.hash}: the version template does not give ajv's code back`);
  return template;
}
