// Reads a folder laid out like ../shared/corpus: MANIFEST.tsv rows for the single-file cases under
// valid/ and invalid/, each with its text decoded. The only IO of the conformance runner lives here.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaseInput } from './scoreConformance';

export interface ManifestRow {
  /** Path relative to the corpus folder, e.g. `invalid/istio--....yaml`. */
  readonly file: string;
  readonly expectation: string;
  readonly sourceGroup?: string;
  /** Every column by its header name. */
  readonly columns: Readonly<Record<string, string>>;
}

/** Parses MANIFEST.tsv: the first column is the file, the `expected` column the expectation. */
export function parseManifest(tsv: string): ManifestRow[] {
  const lines = tsv.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const header = lines[0].split('\t');
  const expectedAt = header.indexOf('expected');
  const groupAt = header.indexOf('source_group');
  if (expectedAt === -1) throw new Error('MANIFEST.tsv has no `expected` column');
  return lines.slice(1).map((line) => {
    const cells = line.split('\t');
    const columns = Object.fromEntries(header.map((name, i) => [name, cells[i] ?? '']));
    return {
      file: cells[0],
      expectation: cells[expectedAt] ?? '',
      ...(groupAt !== -1 && cells[groupAt] ? { sourceGroup: cells[groupAt] } : {}),
      columns,
    };
  });
}

/** Folders whose rows are single policy files scored by expectation (connectivity/ has its own runner). */
const FILE_CASE_FOLDERS = ['valid/', 'invalid/'];

export function isFileCase(row: ManifestRow): boolean {
  return FILE_CASE_FOLDERS.some((folder) => row.file.startsWith(folder));
}

export function readManifest(corpusDir: string): ManifestRow[] {
  return parseManifest(readFileSync(path.join(corpusDir, 'MANIFEST.tsv'), 'utf8'));
}

/** Reads every valid/ and invalid/ case named in the manifest; a missing file becomes a case with a problem. */
export function readFileCases(corpusDir: string): CaseInput[] {
  return readManifest(corpusDir)
    .filter(isFileCase)
    .map((row) => {
      const base = { file: row.file, expectation: row.expectation, ...(row.sourceGroup ? { sourceGroup: row.sourceGroup } : {}) };
      const full = path.join(corpusDir, row.file);
      if (!existsSync(full)) return { ...base, problem: `file not found: ${row.file}` };
      return { ...base, text: decodeCaseText(readFileSync(full)) };
    });
}

/** UTF-8 with a BOM stripped; invalid bytes become U+FFFD so the analysis still sees the rest. */
export function decodeCaseText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
}
