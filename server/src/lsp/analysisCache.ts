// Per-document analysis results, keyed by uri and version, created once by startServer and passed to
// handlers. Each uri keeps the per-YAML-document results of its last analysis, so an edit re-analyses
// only the documents it touched; entries not used by the latest analysis are dropped, which bounds memory
// to one generation per open file. Closing a document evicts it.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeTextStepwise, type DocumentAnalysis, type DocumentCache, type FileAnalysis } from '../analysis/analyzeFile';
import type { Finding } from '../analysis/model/finding';
import { reportedFindings, tooLargeFindings } from '../analysis/host/reportedFindings';

export interface CachedAnalysis {
  readonly uri: string;
  readonly version: number;
  /** Undefined when the file was too large to analyse. */
  readonly analysis?: FileAnalysis;
  /** What the editor shows (see reportedFindings.ts). */
  readonly findings: readonly Finding[];
  /** Milliseconds the analysis took, for the trace log and the bench. */
  readonly elapsedMs: number;
}

/** Keeps the entries read or written since the last `nextGeneration()`. */
class GenerationalDocumentCache implements DocumentCache {
  private previous = new Map<string, DocumentAnalysis>();
  private current = new Map<string, DocumentAnalysis>();

  get(key: string): DocumentAnalysis | undefined {
    const hit = this.current.get(key) ?? this.previous.get(key);
    if (hit) this.current.set(key, hit);
    return hit;
  }

  set(key: string, value: DocumentAnalysis): void {
    this.current.set(key, value);
  }

  nextGeneration(): void {
    this.previous = this.current;
    this.current = new Map();
  }
}

interface Entry {
  result?: CachedAnalysis;
  pending?: { readonly version: number; readonly promise: Promise<CachedAnalysis> };
  documents: GenerationalDocumentCache;
}

/** Analysis runs in slices of about this many milliseconds, then lets other requests in. */
const SLICE_MS = 15;

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  /** `now` measures elapsed time and `pause` yields to the event loop; injected so tests control them. */
  constructor(
    private readonly maxOpenFiles: number,
    private readonly now: () => number,
    private readonly pause: () => Promise<void>,
  ) {}

  /**
   * The analysis of the document's current version. Large files are analysed a few documents at a time,
   * so completion and hover stay answered meanwhile; an analysis overtaken by a newer version stops at its
   * next pause and resolves with the newer version's analysis instead.
   */
  analysisOf(document: TextDocument, maxBytes: number): Promise<CachedAnalysis> {
    let entry = this.entries.get(document.uri);
    if (entry?.result && entry.result.version === document.version) return Promise.resolve(entry.result);
    if (entry?.pending && entry.pending.version === document.version) return entry.pending.promise;
    if (!entry) {
      entry = { documents: new GenerationalDocumentCache() };
      this.entries.set(document.uri, entry);
      this.evictOldest();
    }
    const version = document.version;
    const promise = this.analyse(entry, document, maxBytes);
    entry.pending = { version, promise };
    return promise;
  }

  private async analyse(entry: Entry, document: TextDocument, maxBytes: number): Promise<CachedAnalysis> {
    // TextDocuments updates documents in place: take the version and text now.
    const version = document.version;
    const text = document.getText();
    const started = this.now();
    let result: CachedAnalysis;
    if (text.length > maxBytes) {
      result = { uri: document.uri, version, findings: tooLargeFindings(text, maxBytes), elapsedMs: 0 };
    } else {
      const steps = analyzeTextStepwise(text, entry.documents);
      let sliceStart = this.now();
      let step = steps.next();
      while (!step.done) {
        if (this.now() - sliceStart > SLICE_MS) {
          await this.pause();
          if (document.version !== version && this.entries.get(document.uri) === entry) return this.analysisOf(document, maxBytes);
          sliceStart = this.now();
        }
        step = steps.next();
      }
      entry.documents.nextGeneration();
      result = { uri: document.uri, version, analysis: step.value, findings: reportedFindings(step.value), elapsedMs: 0 };
    }
    result = { ...result, elapsedMs: this.now() - started };
    if (!entry.result || entry.result.version <= version) entry.result = result;
    if (entry.pending?.version === version) entry.pending = undefined;
    // Re-insert so Map order is least-recently-analysed first.
    if (this.entries.get(document.uri) === entry) {
      this.entries.delete(document.uri);
      this.entries.set(document.uri, entry);
    }
    return result;
  }

  evict(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets every result (settings changed); open files stay known. */
  clear(): void {
    for (const entry of this.entries.values()) {
      entry.result = undefined;
      entry.pending = undefined;
      entry.documents = new GenerationalDocumentCache();
    }
  }

  private evictOldest(): void {
    while (this.entries.size > this.maxOpenFiles) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
