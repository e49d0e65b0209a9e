// A file's per-YAML-document analyses in segments of a few dozen, each with how far its documents have moved
// since they were analysed. An edit replaces the segment(s) it touched and gives every later segment a new
// offset delta: it moves no document, so a keystroke costs the segments' count and the touched documents, not
// the file. A document is moved (rebaseDocumentAnalysis) when it is read, a segment at a time, and kept so.
// Unmoved documents keep their identity across edits, so per-segment results can be memoised by the segment's
// document list (`documents`), which an edit never changes (see provisionalFindings.ts, analyzeEnforcement.ts).
import type { DocumentAnalysis, FileAnalysis } from './analyzeFile';
import { rebaseDocumentAnalysis } from './rebaseDocumentAnalysis';
import { lastIndexAtOrBelow } from './lastIndexAtOrBelow';

/** Documents per segment when a list is first cut; an edit's merged segment is cut again above twice this. */
const SEGMENT_SIZE = 48;

export interface DocumentSegment {
  /** The documents as analysed, at the offsets they had then; shared by every later version they did not change in. */
  readonly documents: readonly DocumentAnalysis[];
  /** What to add to their offsets now. */
  readonly delta: number;
}

export class DocumentSegments {
  /** Index of each segment's first document. */
  private readonly firsts: readonly number[];
  /** Each segment's documents at their current offsets, once read. */
  private readonly moved: (readonly DocumentAnalysis[] | undefined)[];
  private all: readonly DocumentAnalysis[] | undefined;
  readonly length: number;

  private constructor(readonly segments: readonly DocumentSegment[]) {
    const firsts: number[] = [];
    let count = 0;
    for (const segment of segments) {
      firsts.push(count);
      count += segment.documents.length;
    }
    this.firsts = firsts;
    this.length = count;
    this.moved = new Array<readonly DocumentAnalysis[] | undefined>(segments.length);
  }

  static of(documents: readonly DocumentAnalysis[]): DocumentSegments {
    const list = new DocumentSegments(cut(documents, SEGMENT_SIZE));
    list.all = documents;
    return list;
  }

  /** The document at `index`, at its current offsets (its segment is moved on first read). */
  at(index: number): DocumentAnalysis {
    const s = this.segmentIndexOf(index);
    return this.movedSegment(s)[index - this.firsts[s]];
  }

  /** Index of the first document of segment `s`. */
  firstIndexOf(s: number): number {
    return this.firsts[s];
  }

  /** Where the document at `index` starts now, without moving it. */
  startOf(index: number): number {
    const s = this.segmentIndexOf(index);
    const segment = this.segments[s];
    return segment.documents[index - this.firsts[s]].yaml.start + segment.delta;
  }

  /** Where the document at `index` ends now (its `---` line excluded, as `yaml.end`). */
  endOf(index: number): number {
    const s = this.segmentIndexOf(index);
    const segment = this.segments[s];
    return segment.documents[index - this.firsts[s]].yaml.end + segment.delta;
  }

  /** The end of the last document's text: the length of the text the documents cover. */
  textLength(): number {
    if (this.length === 0) return 0;
    const last = this.segments[this.segments.length - 1];
    const yaml = last.documents[last.documents.length - 1].yaml;
    return yaml.start + yaml.text.length + last.delta;
  }

  /** Index of the last document starting at or before `offset` (0 when none does). */
  lastStartingAtOrBefore(offset: number): number {
    const low = lastIndexAtOrBelow(this.segments.length, (i) => this.segments[i].documents[0].yaml.start + this.segments[i].delta, offset);
    const segment = this.segments[low];
    if (!segment) return 0;
    let i = 0;
    while (i + 1 < segment.documents.length && segment.documents[i + 1].yaml.start + segment.delta <= offset) i++;
    return this.firsts[low] + i;
  }

  /** Index of the first document ending (text included) after `offset`, else the last one. */
  firstEndingAfter(offset: number): number {
    let low = 0;
    let high = this.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      const s = this.segmentIndexOf(middle);
      const segment = this.segments[s];
      const yaml = segment.documents[middle - this.firsts[s]].yaml;
      if (offset < yaml.start + yaml.text.length + segment.delta) high = middle;
      else low = middle + 1;
    }
    return low;
  }

  /** Every document at its current offsets (moves those not moved yet; kept for later reads). */
  toArray(): readonly DocumentAnalysis[] {
    if (!this.all) {
      const out: DocumentAnalysis[] = [];
      for (let s = 0; s < this.segments.length; s++) for (const d of this.movedSegment(s)) out.push(d);
      this.all = out;
    }
    return this.all;
  }

  /**
   * The list after an edit: documents `[first, first + removed)` replaced by `added` (analysed at their new offsets),
   * every later document moved by `delta`. Only the segments holding the replaced documents are rebuilt.
   */
  replaced(first: number, removed: number, added: readonly DocumentAnalysis[], delta: number): DocumentSegments {
    const from = this.length === 0 ? 0 : this.segmentIndexOf(Math.min(first, this.length - 1));
    const to = removed === 0 ? from : this.segmentIndexOf(first + removed - 1);
    const merged: DocumentAnalysis[] = [];
    const before = this.segments[from] ? this.movedSegment(from) : [];
    for (let i = 0; i < first - (this.firsts[from] ?? 0); i++) merged.push(before[i]);
    for (const d of added) merged.push(d);
    if (this.segments[to]) {
      const tail = this.segments[to];
      const end = first + removed - this.firsts[to];
      const shift = tail.delta + delta;
      for (let i = end; i < tail.documents.length; i++) merged.push(rebaseDocumentAnalysis(tail.documents[i], shift));
    }
    const segments: DocumentSegment[] = this.segments.slice(0, from);
    for (const segment of merged.length > 2 * SEGMENT_SIZE ? cut(merged, SEGMENT_SIZE) : merged.length > 0 ? [{ documents: merged, delta: 0 }] : []) segments.push(segment);
    for (let s = to + 1; s < this.segments.length; s++) {
      const segment = this.segments[s];
      segments.push(delta === 0 ? segment : { documents: segment.documents, delta: segment.delta + delta });
    }
    const next = new DocumentSegments(segments);
    // Segments the edit did not move keep what was already moved of them.
    for (let s = 0; s < from; s++) next.moved[s] = this.moved[s];
    const later = segments.length - (this.segments.length - to - 1);
    if (delta === 0) for (let s = to + 1; s < this.segments.length; s++) next.moved[later + s - to - 1] = this.moved[s];
    return next;
  }

  private movedSegment(s: number): readonly DocumentAnalysis[] {
    let moved = this.moved[s];
    if (!moved) {
      const segment = this.segments[s];
      moved = segment.delta === 0 ? segment.documents : segment.documents.map((d) => rebaseDocumentAnalysis(d, segment.delta));
      this.moved[s] = moved;
    }
    return moved;
  }

  private segmentIndexOf(index: number): number {
    return lastIndexAtOrBelow(this.firsts.length, (i) => this.firsts[i], index);
  }
}

function cut(documents: readonly DocumentAnalysis[], size: number): DocumentSegment[] {
  const out: DocumentSegment[] = [];
  for (let i = 0; i < documents.length; i += size) out.push({ documents: documents.slice(i, i + size), delta: 0 });
  return out;
}

/** Segments of an analysis: an edited file's own (`withSegments`), or cut once from a whole-file analysis's list. */
const segmentsOfAnalysis = new WeakMap<FileAnalysis, DocumentSegments>();

/** The analysis's documents in segments: an edited file's own, else cut once from its document list. */
export function documentSegmentsOf(analysis: FileAnalysis): DocumentSegments {
  let known = segmentsOfAnalysis.get(analysis);
  if (!known) {
    known = DocumentSegments.of(analysis.documents);
    segmentsOfAnalysis.set(analysis, known);
  }
  return known;
}

/** Records the segments an edited analysis was made of (its `documents` are read from them). */
export function withSegments<T extends FileAnalysis>(analysis: T, segments: DocumentSegments): T {
  segmentsOfAnalysis.set(analysis, segments);
  return analysis;
}
