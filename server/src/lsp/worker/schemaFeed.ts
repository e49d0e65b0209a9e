// The schema set of the analysis worker: the bundled CRD schemas, with the cluster's CRDs (when connected) and then
// the files of `meshlens.schemas.crdFiles` in force (a file wins over the cluster for the same group/kind/version).
// Re-read with each workspace scan; the set is rebuilt only when a CRD text or a cluster CRD's resourceVersion
// changed, and the host re-analyses only when the set's content differs (AnalysisHost.setSchemaSet).
import { bundledSchemaSet, contentHash, type SchemaSet } from '../../analysis/schema/schemaSet';
import { crdInputsFromText, userCrdSchemas, type CrdInput } from '../../analysis/schema/userCrds';
import { readCrdFiles } from '../crdFiles';

export class SchemaFeed {
  private patterns: readonly string[] = [];
  private last: { readonly key: string; readonly schemas: SchemaSet; readonly notes: readonly string[] } = { key: '', schemas: bundledSchemaSet, notes: [] };

  /** Returns whether the patterns changed (the caller reads the files again). */
  configure(patterns: readonly string[]): boolean {
    if (JSON.stringify(patterns) === JSON.stringify(this.patterns)) return false;
    this.patterns = [...patterns];
    return true;
  }

  /** Whether any CRD file is configured (the worker then rescans even without folders). */
  active(): boolean {
    return this.patterns.length > 0;
  }

  /** The set in force, and the notes when it was rebuilt (undefined: nothing changed since the last read). */
  async read(folders: readonly string[], clusterCrds: readonly CrdInput[]): Promise<{ readonly schemas: SchemaSet; readonly notes?: readonly string[] }> {
    const read = this.patterns.length > 0 ? await readCrdFiles(this.patterns, folders) : { files: [], notes: [] };
    const key = JSON.stringify([
      read.files.map((f) => [f.path, contentHash(f.text)]),
      clusterCrds.map((c) => [(c.object as { metadata?: { name?: string; resourceVersion?: string } }).metadata, c.origin]),
    ]);
    if (key === this.last.key) return { schemas: this.last.schemas };
    const inputs: CrdInput[] = [...clusterCrds];
    const notes = [...read.notes];
    for (const file of read.files) {
      const parsed = crdInputsFromText(file.text, file.path);
      inputs.push(...parsed.inputs);
      notes.push(...parsed.notes);
    }
    const user = userCrdSchemas(inputs);
    const schemas = bundledSchemaSet.withOverrides(user.entries);
    this.last = { key, schemas, notes: [...notes, ...user.notes] };
    return { schemas, notes: this.last.notes };
  }
}
