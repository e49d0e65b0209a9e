// What a schema validator calls while it runs: the pattern engine and the format checks. One definition for both
// kinds of validator, the ones ajv compiles in process (schemaValidators.ts) and the ones generated at build time
// (precompiledValidators.ts), so the two cannot drift apart.
import { RE2JS } from 're2js';
import { schemaFormats } from './schemaFormats';

/** The identifier generated validator code calls the pattern engine by (its module imports it under this name). */
export const PATTERN_ENGINE_NAME = 'patternEngine';
/** The identifier generated validator code reads the format definitions from. */
export const FORMATS_NAME = 'formats';

/**
 * Upstream patterns are Go RE2 expressions, matched in linear time. Some are exponential under a
 * backtracking engine (`^([-a-zA-Z0-9_]+[.]?)+$` on a 30-character non-match takes seconds), so
 * patterns run on re2js; the native engine is only a fallback for a pattern re2js rejects.
 * `code` is how generated code names this function (ajv's `code.regExp` contract).
 */
export const patternEngine = Object.assign(
  (pattern: string, flags: string) => {
    try {
      const compiled = RE2JS.compile(pattern);
      // ajv keys its pattern cache by toString(), so each engine object must render its own pattern.
      return { test: (text: string) => compiled.test(text), toString: () => `/${pattern}/${flags}` };
    } catch {
      return new RegExp(pattern, flags);
    }
  },
  { code: PATTERN_ENGINE_NAME },
);

export type FormatDefinition = { readonly type: 'string'; readonly validate: (value: string) => boolean } | { readonly type: 'number'; readonly validate: (value: number) => boolean };

/** The ajv format definitions, by format name (schemaFormats.ts has the checks and their upstream sources). */
export const formats: Readonly<Record<string, FormatDefinition>> = Object.fromEntries(
  schemaFormats.map((format): [string, FormatDefinition] => [
    format.name,
    format.type === 'string' ? { type: 'string', validate: (v: string) => format.validate(v) } : { type: 'number', validate: (v: number) => format.validate(v) },
  ]),
);
