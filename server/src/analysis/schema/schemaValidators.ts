// Compiled ajv validators for the generated schemas: one ajv instance, one validator per kind and
// version, compiled lazily on first use and kept for the life of the process (compiling the Cilium
// schema takes a noticeable fraction of a second, validating a document well under a millisecond).
import Ajv, { type ValidateFunction } from 'ajv';
import { RE2JS } from 're2js';
import type { PolicyKindName } from '../policyKinds';
import { schemaFor } from './schemaCatalog';
import { schemaFormats } from './schemaFormats';

// Annotation keywords the generator writes; ajv's strict mode must know them to accept the schemas.
const ANNOTATION_KEYWORDS = [
  'x-kubernetes-validations',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-meshlens-source',
  'x-meshlens-kind',
  'x-meshlens-generator',
  'example',
];

/**
 * Upstream patterns are Go RE2 expressions, matched in linear time. Some are exponential under a
 * backtracking engine (`^([-a-zA-Z0-9_]+[.]?)+$` on a 30-character non-match takes seconds), so
 * patterns run on re2js; the native engine is only a fallback for a pattern re2js rejects.
 */
const re2RegExp = Object.assign(
  (pattern: string, flags: string) => {
    try {
      const compiled = RE2JS.compile(pattern);
      // ajv keys its pattern cache by toString(), so each engine object must render its own pattern.
      return { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/${flags}` };
    } catch {
      return new RegExp(pattern, flags);
    }
  },
  { code: 're2js' },
);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction | null>();

function createAjv(): Ajv {
  const instance = new Ajv({
    allErrors: true,
    verbose: true,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    unicodeRegExp: true,
    logger: false,
    // ajv's code optimiser roughly doubles compile time of the large Cilium schema for no measurable
    // gain in validation time here.
    code: { regExp: re2RegExp, optimize: false },
  });
  for (const keyword of ANNOTATION_KEYWORDS) instance.addKeyword({ keyword, schemaType: ['array', 'boolean', 'object', 'string'] });
  for (const format of schemaFormats) {
    instance.addFormat(
      format.name,
      format.type === 'string' ? { type: 'string', validate: (v: string) => format.validate(v) } : { type: 'number', validate: (v: number) => format.validate(v) },
    );
  }
  return instance;
}

/** The compiled validator for a kind and version, or undefined when there is no schema for it. */
export function validatorFor(kind: PolicyKindName, version: string): ValidateFunction | undefined {
  const key = `${kind}/${version}`;
  const cached = validators.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const schema = schemaFor(kind, version);
  let validator: ValidateFunction | null = null;
  if (schema) {
    ajv ??= createAjv();
    validator = ajv.compile(schema);
  }
  validators.set(key, validator);
  return validator ?? undefined;
}
