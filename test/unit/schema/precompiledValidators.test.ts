// The bundles validate with code generated at build time (ajv standalone, precompiledValidators.ts), the tests and
// the user's CRDs with validators compiled in process. Both must report the very same errors, so the generated module
// is built here the way scripts/build.mjs builds it (its esbuild plugin) and every document of the corpus and the
// examples, and seeded damaged copies of each, go through both; the errors and the findings made from them must be
// byte-identical.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { precompiledValidatorsPlugin } from '../../../scripts/precompiledValidators.mjs';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { precompiledValidators } from '../../../server/src/analysis/schema/precompiledValidators';
import { catalogEntries, companionCatalogEntries } from '../../../server/src/analysis/schema/schemaCatalog';
import { schemaErrorFindings } from '../../../server/src/analysis/schema/schemaErrorFindings';
import { bundledSchemaSet, type SchemaSet, type SchemaSetEntry } from '../../../server/src/analysis/schema/schemaSet';
import { schemaCompilations, validatorForEntry } from '../../../server/src/analysis/schema/schemaValidators';
import { withoutNullFields } from '../../../server/src/analysis/schema/validateAgainstSchema';
import type { YamlDocument } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { requireResource } from '../../support/requirement';
import { seededRandom } from '../../support/seededRandom';

const repoRoot = process.cwd();
const schemaDir = path.join(repoRoot, 'server/src/analysis/schema');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const present = requireResource(`the corpus ${corpus}`, existsSync(path.join(corpus, 'MANIFEST.tsv')), '../shared/corpus (beside the repository) holds the acceptance corpus; run the tests from a checkout that has it');

/** The part of the analysis core a bundle has, built with the build's plugin (so with the generated validators). */
interface BundledCore {
  readonly precompiledValidators: Readonly<Record<string, () => ValidateFunction>>;
  readonly validatorForEntry: typeof validatorForEntry;
  readonly schemaCompilations: typeof schemaCompilations;
  readonly bundledSchemaSet: SchemaSet;
}

async function buildBundledCore(): Promise<BundledCore> {
  const result = await esbuild.build({
    stdin: {
      contents: [
        "export { precompiledValidators } from './precompiledValidators';",
        "export { validatorForEntry, schemaCompilations } from './schemaValidators';",
        "export { bundledSchemaSet } from './schemaSet';",
      ].join('\n'),
      resolveDir: schemaDir,
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
    logLevel: 'warning',
    plugins: [precompiledValidatorsPlugin()],
  });
  const module = { exports: {} as BundledCore };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(path.join(schemaDir, 'x.js')));
  return module.exports;
}

const bundledEntries = (set: SchemaSet): SchemaSetEntry[] =>
  [...catalogEntries(), ...companionCatalogEntries()].map(({ schema }) => {
    const { group, kind, version } = schema['x-meshlens-kind'];
    return set.entry(group, kind, version)!;
  });

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .sort()
    .map((file) => path.join(dir, file));
}

interface ValidatedDocument {
  readonly where: string;
  readonly group: string;
  readonly kind: string;
  readonly version: string;
  readonly yaml: YamlDocument;
  readonly value: Record<string, unknown>;
}

/** Every policy and companion document of the files, as the analysis recognises them. */
function documentsOf(files: readonly { readonly name: string; readonly text: string }[]): ValidatedDocument[] {
  return files.flatMap(({ name, text }) =>
    analyzeText(text).documents.flatMap((d, index) => {
      const doc = d.policy ?? d.companion;
      if (!doc) return [];
      return [{ where: `${name} #${index}`, group: doc.kind.group, kind: doc.kind.kind, version: doc.version, yaml: doc.yaml, value: doc.value }];
    }),
  );
}

// Kinds the corpus and the examples have no document of.
const EXTRA_DOCUMENTS = `apiVersion: cilium.io/v2
kind: CiliumCIDRGroup
metadata: {name: vpn}
spec:
  externalCIDRs: ["10.0.0.0/8", "2001:db8::/32"]
---
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: ingress, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
    - port: {number: 443, name: https, protocol: HTTPS}
      hosts: ["*.example.com"]
      tls: {mode: SIMPLE, credentialName: example-cert}
`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Values that break types, patterns, formats, bounds and enums in the schemas. */
const HOSTILE: readonly Json[] = [null, 'x', '', 'Not_A-Valid.Name!', '10.0.0.0/33', 'fe80::1::2', '2024-13-45T99:99:99Z', 'x'.repeat(300), -1, 70000, 1.5, true, [], {}, [null], { zzUnknown: 1 }];

/** A damaged copy of `value`: one node replaced, removed or given an unknown key, chosen by `random`. */
function damaged(value: Json, random: () => number): Json {
  const copy = structuredClone(value);
  const containers: (Json[] | { [key: string]: Json })[] = [];
  const walk = (node: Json) => {
    if (node === null || typeof node !== 'object') return;
    containers.push(node);
    for (const child of Array.isArray(node) ? node : Object.values(node)) walk(child);
  };
  walk(copy);
  const target = containers[Math.floor(random() * containers.length)];
  const keys: readonly (string | number)[] = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const action = random();
  if (keys.length === 0 || action < 0.15) {
    if (Array.isArray(target)) target.push(pick(HOSTILE));
    else target[`zz${Math.floor(random() * 100)}`] = pick(HOSTILE);
  } else if (action < 0.3 && !Array.isArray(target)) {
    delete target[String(pick(keys))];
  } else {
    (target as Record<string | number, Json>)[pick(keys)] = pick(HOSTILE);
  }
  return copy;
}

/** The validator's verdict and errors, as text: "byte-identical" is meant literally. */
function verdict(validate: ValidateFunction, value: unknown): { valid: boolean; errors: string } {
  const valid = validate(value);
  return { valid, errors: JSON.stringify(validate.errors ?? null) };
}

describe('precompiled validators (the bundles) and compiled validators (in process)', () => {
  let bundled: BundledCore;
  beforeAll(async () => {
    bundled = await buildBundledCore();
  }, 180_000);

  it('are generated for every bundled schema, and the bundled core makes its validators from them without compiling', () => {
    const hashes = bundledEntries(bundledSchemaSet).map((e) => e.hash);
    expect(hashes.length).toBeGreaterThanOrEqual(25);
    expect(Object.keys(bundled.precompiledValidators).sort()).toEqual([...hashes].sort());
    for (const entry of bundledEntries(bundled.bundledSchemaSet)) expect(bundled.validatorForEntry(entry), entry.hash).toBeTypeOf('function');
    expect(bundled.schemaCompilations()).toBe(0);
    // In the source tree the module is empty: what this file compares against is really compiled.
    expect(Object.keys(precompiledValidators)).toEqual([]);
  });

  describe.skipIf(!present)('on the corpus and the examples', () => {
    it('report byte-identical errors and findings, for the documents and seeded damaged copies at every served version', () => {
      const files = [...yamlFiles(corpus), ...yamlFiles(path.join(repoRoot, 'examples'))].map((file) => ({ name: path.relative(repoRoot, file), text: readFileSync(file, 'utf8') }));
      const documents = documentsOf([...files, { name: 'EXTRA_DOCUMENTS', text: EXTRA_DOCUMENTS }]);
      expect(documents.length).toBeGreaterThan(500);
      const entries = bundledEntries(bundledSchemaSet);
      const bundledByHash = new Map(bundledEntries(bundled.bundledSchemaSet).map((e) => [e.hash, e]));
      const compiledBefore = schemaCompilations();
      const random = seededRandom(10);
      const checked = new Map<string, { valid: number; invalid: number }>();
      const differences: string[] = [];
      const compare = (entry: SchemaSetEntry, where: string, value: unknown, yaml?: YamlDocument) => {
        const compiled = validatorForEntry(entry)!;
        const precompiled = bundled.validatorForEntry(bundledByHash.get(entry.hash)!)!;
        const expected = verdict(compiled, value);
        const actual = verdict(precompiled, value);
        const counts = checked.get(entry.hash) ?? { valid: 0, invalid: 0 };
        counts[expected.valid ? 'valid' : 'invalid'] += 1;
        checked.set(entry.hash, counts);
        if (actual.valid !== expected.valid || actual.errors !== expected.errors) {
          differences.push(`${entry.hash} ${where}: ${actual.errors.slice(0, 300)} ≠ ${expected.errors.slice(0, 300)}`);
          return;
        }
        if (!yaml || expected.valid) return;
        const findings = (errors: string) => JSON.stringify(schemaErrorFindings(yaml, value, JSON.parse(errors), entry.schema));
        if (findings(actual.errors) !== findings(expected.errors)) differences.push(`${entry.hash} ${where}: findings differ`);
      };
      for (const doc of documents) {
        const value = withoutNullFields(doc.value) as Json;
        // The document at each served version of its kind (the apiVersion is what the generated code varies on).
        for (const entry of entries.filter((e) => e.group === doc.group && e.kind === doc.kind)) {
          const atVersion = entry.version === doc.version ? value : { ...(value as Record<string, Json>), apiVersion: `${entry.group}/${entry.version}` };
          compare(entry, doc.where, atVersion, entry.version === doc.version ? doc.yaml : undefined);
          for (let i = 0; i < 3; i++) compare(entry, `${doc.where} damaged ${i}`, damaged(atVersion, random));
        }
      }
      expect(differences).toEqual([]);
      // Every bundled schema was exercised with documents it accepts and documents it rejects.
      for (const entry of entries) {
        expect(checked.get(entry.hash)?.valid ?? 0, `${entry.hash} accepted documents`).toBeGreaterThan(0);
        expect(checked.get(entry.hash)?.invalid ?? 0, `${entry.hash} rejected documents`).toBeGreaterThan(0);
      }
      expect(schemaCompilations() - compiledBefore).toBeLessThanOrEqual(entries.length);
      expect(bundled.schemaCompilations()).toBe(0);
    }, 180_000);
  });
});
