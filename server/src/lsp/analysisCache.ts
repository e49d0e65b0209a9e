// Per-document analysis results, keyed by uri and version, created once by startServer and passed to
// handlers. Each uri keeps the per-YAML-document results of its last analysis, so an edit re-analyses
// only the documents it touched; entries not used by the latest analysis are dropped, which bounds memory
// to one generation per open file. Closing a document evicts it.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, type DocumentAnalysis, type DocumentCache, type FileAnalysis } from '../analysis/analyzeFile';
import type { Finding } from '../analysis/model/finding';
import { reportedFindings, tooLargeFindings } from './reportedFindings';

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
  documents: GenerationalDocumentCache;
}

export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  /** `now` measures elapsed time; injected so the cache itself reads no clock. */
  constructor(
    private readonly maxOpenFiles: number,
    private readonly now: () => number,
  ) {}

  analysisOf(document: TextDocument, maxBytes: number): CachedAnalysis {
    let entry = this.entries.get(document.uri);
    if (entry?.result && entry.result.version === document.version) return entry.result;
    if (!entry) {
      entry = { documents: new GenerationalDocumentCache() };
      this.entries.set(document.uri, entry);
      this.evictOldest();
    }
    const started = this.now();
    const text = document.getText();
    let result: CachedAnalysis;
    if (text.length > maxBytes) {
      result = { uri: document.uri, version: document.version, findings: tooLargeFindings(text, maxBytes), elapsedMs: 0 };
    } else {
      const analysis = analyzeText(text, entry.documents);
      entry.documents.nextGeneration();
      result = { uri: document.uri, version: document.version, analysis, findings: reportedFindings(analysis), elapsedMs: 0 };
    }
    result = { ...result, elapsedMs: this.now() - started };
    entry.result = result;
    // Re-insert so Map order is least-recently-analysed first.
    this.entries.delete(document.uri);
    this.entries.set(document.uri, entry);
    return result;
  }

  evict(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets every result (settings changed); open files stay known. */
  clear(): void {
    for (const entry of this.entries.values()) {
      entry.result = undefined;
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
