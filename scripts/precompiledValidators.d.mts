// Types for the parts of the validator-code build step that tests import.
import type { Plugin } from 'esbuild';

export declare function precompiledValidatorSource(): Promise<string>;
export declare function precompiledValidatorsPlugin(): Plugin;
