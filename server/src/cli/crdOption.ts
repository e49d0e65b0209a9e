// `--crd FILE` (repeatable) for check, graph and explain: the CRD YAML of the user's own Cilium/Istio release (e.g.
// their Helm chart's crds/) replaces the bundled schema of each group/kind/version it serves, so policies are
// validated as that release's API server would (analysis/schema/userCrds.ts). Documents that are not CRDs are
// skipped with a note on stderr; with --cluster the cluster's CRDs count too, and a file given here wins over them.
import { readFileSync } from 'node:fs';
import { bundledSchemaSet, describeSchemaOrigin, type SchemaSet } from '../analysis/schema/schemaSet';
import { crdInputsFromText, userCrdSchemas, type CrdInput } from '../analysis/schema/userCrds';
import type { CliIo } from './cliIo';

export const crdOptions = {
  crd: { type: 'string', multiple: true },
} as const;

export const crdUsage = `      --crd <file>                validate with the CRDs in this YAML file (your release's, e.g. a Helm chart's crds/)
                                  instead of the bundled ones; repeatable
`;

/** The schema set in force: the bundled one with the cluster's CRDs (if any) and then the files' CRDs in force. */
export function readCrdOption(command: string, paths: readonly string[] | undefined, io: CliIo, clusterCrds: readonly CrdInput[] = []): { readonly schemas: SchemaSet } | { readonly unreadable: string } {
  const inputs: CrdInput[] = [...clusterCrds];
  const notes: string[] = [];
  for (const path of paths ?? []) {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      return { unreadable: `cannot read the CRD file ${path}: ${error instanceof Error ? error.message : String(error)}` };
    }
    const read = crdInputsFromText(text, path);
    inputs.push(...read.inputs);
    notes.push(...read.notes);
  }
  if (inputs.length === 0) {
    for (const note of notes) io.stderr(`meshlens ${command}: --crd: ${note}\n`);
    return { schemas: bundledSchemaSet };
  }
  const user = userCrdSchemas(inputs);
  for (const note of [...notes, ...user.notes]) io.stderr(`meshlens ${command}: --crd: ${note}\n`);
  for (const entry of user.entries) io.stderr(`meshlens ${command}: ${entry.kind} ${entry.group}/${entry.version} is validated against the ${describeSchemaOrigin(entry.origin)}.\n`);
  return { schemas: bundledSchemaSet.withOverrides(user.entries) };
}
