// Re-analysis of an edited file from its previous analysis: only the YAML documents the edit touched (and
// one neighbour on each side, whose `---` lines bound the region) are split and analysed again; documents
// before are kept as they are, documents after are moved by the length change. So a keystroke costs the
// documents it touched, not the file. Anything this cannot prove equal to a whole-file analysis (an edit
// across many documents, a document count change with documents after it, a file start turned into
// comments) is declined, and the caller analyses the whole text.
import { analyzeChunkCached, documentCacheKey, type DocumentAnalysis, type DocumentCache, type FileAnalysis } from '../analyzeFile';
import { capFindings } from '../findings/capFindings';
import type { Finding } from '../model/finding';
import { isPreambleOnly, splitDocuments } from '../yaml/parseYamlDocuments';
import type { SchemaSet } from '../schema/schemaSet';
import type { BlockText } from './blockText';
import { documentSegmentsOf, withSegments } from '../documentSegments';

/** What an edit left alone: the first `prefix` and the last `suffix` characters equal those of the text it was made on. */
export interface EditExtent {
  readonly prefix: number;
  readonly suffix: number;
}

/** Two edits in a row as one: what neither touched. */
export function composeExtents(first: EditExtent, then: EditExtent): EditExtent {
  return { prefix: Math.min(first.prefix, then.prefix), suffix: Math.min(first.suffix, then.suffix) };
}

/** More documents than this in the edited region (a large paste): the caller analyses the file in slices instead. */
const MAX_REGION_DOCUMENTS = 16;

/**
 * `text` may be held in blocks: only the edited region is read from it, and the result's `text` joins it on first
 * read, so a keystroke copies no whole text.
 */
export function reanalyseEdited(previous: FileAnalysis, text: string | BlockText, extent: EditExtent, cache?: DocumentCache, schemas?: SchemaSet): FileAnalysis | undefined {
  // The previous documents in segments: later documents are not moved here, only given a new offset delta.
  const documents = documentSegmentsOf(previous);
  if (documents.length === 0) return undefined;
  // The documents cover the previous text to its end (splitDocuments), so its length is known without reading it.
  const oldLength = documents.textLength();
  const { prefix, suffix } = extent;
  if (prefix < 0 || suffix < 0 || prefix + suffix > Math.min(oldLength, text.length)) return undefined;
  const delta = text.length - oldLength;
  const first = Math.max(0, documents.lastStartingAtOrBefore(prefix) - 1);
  const last = Math.min(documents.length - 1, documents.lastStartingAtOrBefore(oldLength - suffix) + 1);
  if (last - first + 1 > MAX_REGION_DOCUMENTS) return undefined;
  // The region starts at an unchanged `---` line (or the file's start) and ends where an unchanged one begins
  // (or the file's end): the whole-file split cuts there too.
  const regionStart = documents.startOf(first);
  const regionEnd = (last === documents.length - 1 ? oldLength : documents.endOf(last)) + delta;
  const regionText = text.slice(regionStart, regionEnd);
  // Text at the file's start that became comments only would join the next document in a whole-file split.
  if (regionStart === 0 && last < documents.length - 1 && isPreambleOnly(regionText)) return undefined;
  const chunks = splitDocuments(regionText);
  // Documents after the region keep their indexes only if the region keeps its document count.
  if (chunks.length !== last - first + 1 && last < documents.length - 1) return undefined;
  // The region's unchanged documents are found among its previous ones; the caller's cache only records.
  const nearby = new Map<string, DocumentAnalysis>();
  for (let i = first; i <= last; i++) {
    const d = documents.at(i);
    nearby.set(documentCacheKey(d.yaml.index, d.yaml.text), d);
  }
  const lookup: DocumentCache = { get: (key) => nearby.get(key), set: (key, value) => cache?.set(key, value) };
  const added = chunks.map((chunk, i) => analyzeChunkCached({ start: regionStart + chunk.start, text: chunk.text }, first + i, lookup, schemas));
  const next = documents.replaced(first, last - first + 1, added, delta);
  // The file's merged findings are the CLI's (`every-file`); the editor reads them per document, so they are
  // merged only when read. The text, when held in blocks, is joined only when read too; and the document list,
  // which moves every later document, is made only when read (a keystroke's path reads the segments).
  let findings: readonly Finding[] | undefined;
  return withSegments(
    {
      get text() {
        return typeof text === 'string' ? text : text.toString();
      },
      get documents() {
        return next.toArray();
      },
      get findings() {
        findings ??= capFindings(next.toArray().flatMap((d) => d.findings));
        return findings;
      },
    },
    next,
  );
}

