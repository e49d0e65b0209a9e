// The per-document analysis of a whole text in the order an editor wants it: the YAML documents under the
// editor's viewport first, then on down from the viewport, then from the top; without a viewport, from the
// top. The result is the one `analyzeTextStepwise` gives (the same per-document analysis of every chunk, in
// index order, capped the same way); only the order of the work differs, so the documents a user looks at
// can be reported before the rest of a large file is read.
import { analyzeChunkCached, type DocumentAnalysis, type DocumentCache, type FileAnalysis } from '../analyzeFile';
import { capFindings } from '../findings/capFindings';
import type { SchemaSet } from '../schema/schemaSet';
import { splitDocuments, type DocumentChunk } from '../yaml/parseYamlDocuments';
import type { BlockText } from './blockText';
import { mergeFindings, type ReportScope } from './mergeFindings';
import type { Finding } from '../model/finding';
import { lastIndexAtOrBelow } from '../lastIndexAtOrBelow';

/** Lines an editor shows (0-based, both ends included). */
export interface LineRange {
  readonly start: number;
  readonly end: number;
}

/** What an analysis in progress has done so far: read between its steps. */
export class AnalysisProgress {
  readonly chunks: readonly DocumentChunk[];
  readonly done: (DocumentAnalysis | undefined)[];

  constructor(
    readonly content: BlockText,
    readonly text: string,
  ) {
    this.chunks = splitDocuments(text);
    this.done = new Array<DocumentAnalysis | undefined>(this.chunks.length);
  }

  /** Indices of the chunks the lines fall in, in line order. */
  chunksUnder(lines: readonly LineRange[]): number[] {
    const out = new Set<number>();
    for (const range of lines) {
      const from = this.content.lineStart(Math.max(0, Math.min(range.start, range.end)));
      const to = this.content.lineStart(Math.max(range.start, range.end) + 1);
      for (let i = this.chunkAt(from); i < this.chunks.length && this.chunks[i].start <= Math.max(from, to - 1); i++) out.add(i);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** The chunk holding the offset (the last one starting at or before it). */
  private chunkAt(offset: number): number {
    return lastIndexAtOrBelow(this.chunks.length, (i) => this.chunks[i].start, offset);
  }

  /**
   * What the finished documents under the lines report on their own (per-document findings, through the one
   * merge, without workspace findings, which need every document); undefined while one of them is not done.
   */
  findingsUnder(lines: readonly LineRange[], scope: ReportScope, fileFindings: readonly Finding[]): Finding[] | undefined {
    const indices = this.chunksUnder(lines);
    const documents: DocumentAnalysis[] = [];
    for (const i of indices) {
      const document = this.done[i];
      if (!document) return undefined;
      documents.push(document);
    }
    const analysis: FileAnalysis = {
      text: this.text,
      documents,
      findings: capFindings(documents.flatMap((d) => d.findings)),
    };
    return mergeFindings({ scope, analysis, fileFindings, enforcement: [], graph: [] });
  }
}

/**
 * `analyzeTextStepwise` in viewport order: yields after each document; `viewport()` is asked before each step,
 * so a viewport that arrives (or moves) while the analysis runs is honoured from the next step on.
 */
export function* analyzeViewportFirst(progress: AnalysisProgress, viewport: () => readonly LineRange[] | undefined, cache: DocumentCache | undefined, schemas: SchemaSet): Generator<void, FileAnalysis, void> {
  const { chunks, done } = progress;
  let remaining = chunks.length;
  // Where the top-down sweep is; after the viewport's documents, the sweep goes on from below them.
  let next = 0;
  let seen: readonly LineRange[] | undefined;
  let urgent: number[] = [];
  while (remaining > 0) {
    const lines = viewport();
    if (lines !== seen) {
      seen = lines;
      urgent = lines ? progress.chunksUnder(lines) : [];
      if (urgent.length > 0) next = urgent[urgent.length - 1] + 1;
    }
    while (urgent.length > 0 && done[urgent[0]]) urgent.shift();
    let index = urgent.shift();
    if (index === undefined) {
      while (next < chunks.length && done[next]) next++;
      if (next === chunks.length) next = done.findIndex((d) => d === undefined);
      index = next;
    }
    done[index] = analyzeChunkCached(chunks[index], index, cache, schemas);
    remaining -= 1;
    yield;
  }
  const documents = done as DocumentAnalysis[];
  return { text: progress.text, documents, findings: capFindings(documents.flatMap((d) => d.findings)) };
}
