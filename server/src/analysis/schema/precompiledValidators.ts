// The bundled schemas' validators as code generated at build time, so a bundle starts without compiling them.
// In the source tree (tests, type-check) this module is empty and every validator is compiled on first use;
// scripts/build.mjs (scripts/precompiledValidators.mjs) gives the bundles this module's generated content
// instead: ajv standalone code for every bundled schema (precompiledValidatorModule.ts), made with the very
// options of the in-process compiler. test/unit/schema/precompiledValidators.test.ts proves both give the same errors.
import type { ValidateFunction } from 'ajv';

/** Makes the validator of one bundled schema (the code is parsed only then), by schema-set entry hash. */
export type ValidatorFactory = () => ValidateFunction;

export const precompiledValidators: Readonly<Record<string, ValidatorFactory>> = {};
