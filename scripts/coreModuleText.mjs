// Plain-Node scripts that must run the analysis core's own code (one owner for each rule: the schema generator runs
// the CRD conversion, the build runs the validator generator) bundle the TypeScript module with esbuild in memory
// and import the text; nothing is written next to the sources.
import * as esbuild from 'esbuild';

/** The bundled ES module text of one TypeScript entry point. */
export function coreModuleText(entryPoint) {
  return esbuild.buildSync({ entryPoints: [entryPoint], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'warning' })
    .outputFiles[0].text;
}

/** Imports a module from its text. */
export function importModuleText(text) {
  return import(`data:text/javascript;base64,${Buffer.from(text).toString('base64')}`);
}
