// The one analysis host (in the manner of rust-analyzer's AnalysisHost): adapters push inputs (document
// text, workspace files read from disk by the adapter, settings) and ask an immutable snapshot of the current
// revision. Everything derived is lazy and memoised: per file across revisions (unchanged text is not
// re-analysed; per-YAML-document results are reused inside an edited file), per snapshot for what depends
// on the whole workspace (enforcement workspace, traffic model). Pure: no IO, no clock, no LSP.
import { documentCacheKey, type DocumentAnalysis, type DocumentCache, type FileAnalysis } from '../analyzeFile';
import type { DataplaneReuse } from '../enforcement/analyzeEnforcement';
import type { DataplaneOverride } from '../workspace/meshMode';
import type { Finding } from '../model/finding';
import { createTrafficSession, type TrafficSession } from '../graph/trafficSession';
import type { WorkspaceTraffic, WorkspaceText } from '../graph/workspaceTraffic';
import type { InventoryDocument } from '../inventory/buildInventory';
import type { ReportScope } from './mergeFindings';
import { AnalysisSnapshot, trafficModelKey, type FileResult, type SettledFindings, type TrafficModelSettings } from './analysisSnapshot';
import { analyseFile } from './fileResult';
import { composeExtents, reanalyseEdited, type EditExtent } from './editedAnalysis';
import { bundledSchemaSet, type SchemaSet } from '../schema/schemaSet';
import { BlockText, sameContent } from './blockText';
import { AnalysisProgress, analyzeViewportFirst, type LineRange } from './viewportFirst';

export interface HostSettings {
  /** Files longer than this many MiB (of text) are not analysed and stay out of the workspace model. */
  readonly maxFileSizeMB: number;
  /** `meshlens.istio.dataplaneMode` / `--dataplane-mode`. */
  readonly dataplaneMode: DataplaneOverride;
  readonly defaultNamespace: string;
  /** Inlay hints on or off (`meshlens.annotations.enabled`). */
  readonly annotations: boolean;
  readonly scope: ReportScope;
}

export const defaultHostSettings: HostSettings = {
  maxFileSizeMB: 5,
  dataplaneMode: 'auto',
  defaultNamespace: 'default',
  annotations: true,
  scope: 'policy-files',
};

/** What the adapter knows about how it got the text, beyond the text itself. */
export interface DocumentSource {
  /** Findings the adapter made while reading the bytes (ML0005 invalid UTF-8, ML0006 above its byte limit). */
  readonly readFindings?: readonly Finding[];
  /** The adapter did not read the content (too large): the file is reported with readFindings, not analysed. */
  readonly unread?: boolean;
  /** An earlier analysis of this very text ran past this many milliseconds and was stopped: do not retry it. */
  readonly stoppedAfterMs?: number;
}

export interface WorkspaceFile {
  readonly uri: string;
  readonly text: string;
  /**
   * The file's objects already read (a typed source such as the live cluster): the traffic model reads them
   * instead of parsing the text, and their Namespaces, workloads, Services and waypoints join the enforcement
   * workspace's context. Such a file is never analysed as a policy file of its own.
   */
  readonly documents?: readonly InventoryDocument[];
}

/** One file as a revision sees it. Open documents form the enforcement workspace; all files form the traffic model. */
export interface HostFile {
  readonly uri: string;
  /** The whole text; for an edited document joined from `content` on first read (the edit path never reads it). */
  readonly text: string;
  /** The text in blocks: what an edit changes and what "unchanged" compares by identity. */
  readonly content: BlockText;
  readonly open: boolean;
  readonly source: DocumentSource;
  readonly documents?: readonly InventoryDocument[];
}

function hostFile(uri: string, content: BlockText, open: boolean, source: DocumentSource): HostFile {
  return {
    uri,
    content,
    open,
    source,
    get text() {
      return content.toString();
    },
  };
}

/**
 * The per-YAML-document results of a file's last analysis, looked up by the analysis of its next text. The
 * lookup table over the last analysis is built only when a whole text is analysed again (an edit the
 * incremental path declined): an ordinary keystroke hashes no document text.
 */
class GenerationalDocumentCache implements DocumentCache {
  private last: FileAnalysis | undefined;
  private lastByKey: Map<string, DocumentAnalysis> | undefined;
  private current = new Map<string, DocumentAnalysis>();

  get(key: string): DocumentAnalysis | undefined {
    const known = this.current.get(key);
    if (known) return known;
    if (this.last && !this.lastByKey) this.lastByKey = new Map(this.last.documents.map((d) => [documentCacheKey(d.yaml.index, d.yaml.text), d]));
    const hit = this.lastByKey?.get(key);
    if (hit) this.current.set(key, hit);
    return hit;
  }

  set(key: string, value: DocumentAnalysis): void {
    this.current.set(key, value);
  }

  /** The analysis just finished becomes what the next one looks up. */
  nextGeneration(analysis: FileAnalysis | undefined): void {
    this.last = analysis;
    this.lastByKey = undefined;
    this.current = new Map();
  }
}

interface FileMemo {
  readonly file: HostFile;
  readonly maxBytes: number;
  readonly scope: ReportScope;
  readonly result: FileResult;
}

/** Observes the host's expensive steps, so an adapter can tell which file a long computation is about. */
export type WorkObserver = (uri: string, step: 'analyse' | 'enforcement' | 'traffic') => void;

export class AnalysisHost {
  private revisionCounter = 0;
  private settings: HostSettings;
  private documents = new Map<string, HostFile>();
  private workspaceFiles = new Map<string, HostFile>();
  /** Set when a snapshot holds the current maps: the next change copies them instead of mutating. */
  private shared = false;
  private current: AnalysisSnapshot | undefined;
  private readonly memos = new Map<string, FileMemo>();
  private readonly documentCaches = new Map<string, GenerationalDocumentCache>();
  /** Per open document: the edits since the text it was last analysed at, as one extent (see editedAnalysis.ts). */
  private readonly editTrails = new Map<string, { readonly base: BlockText; readonly text: BlockText; readonly extent: EditExtent }>();
  /** The last settled workspace findings per file, which a provisional answer carries over (see the snapshot). */
  private readonly settled = new Map<string, SettledFindings>();
  private session: { key: string; traffic: TrafficSession; revision: number } | undefined;
  private readonly dataplaneReuse: DataplaneReuse = {};
  /** The CRD schemas in force (bundled, or with the user's own CRDs; schema/schemaSet.ts). */
  private schemas: SchemaSet = bundledSchemaSet;
  /** The lines each editor shows (not an input of any answer: only the order of the work). */
  private readonly viewports = new Map<string, readonly LineRange[]>();
  /** The whole-text analysis `prepare()` is in, readable between its steps (viewportFindings). */
  private inProgress: { readonly file: HostFile; readonly progress: AnalysisProgress } | undefined;
  /** Counts per-file analyses actually run (not reused); tests and the bench read it. */
  analysesRun = 0;

  constructor(settings: Partial<HostSettings> = {}, private readonly observe: WorkObserver = () => {}) {
    this.settings = { ...defaultHostSettings, ...settings };
  }

  get revision(): number {
    return this.revisionCounter;
  }

  /**
   * An open (or, for the CLI, given) document's text: new or edited. `edit` says what the change left alone
   * of the document's previous text; with it, the next analysis re-analyses only the YAML documents it touched.
   * An adapter that edits in blocks (`BlockText.replace`) hands the new version over as is: no whole-text copy.
   */
  applyChange(uri: string, text: string | BlockText, source: DocumentSource = {}, edit?: EditExtent): void {
    const content = typeof text === 'string' ? BlockText.of(text) : text;
    const known = this.documents.get(uri);
    if (known && sameSource(known.source, source) && (known.content === content || (edit === undefined && known.content.length === content.length && known.text === content.toString()))) return;
    this.trackEdit(uri, known?.content, content, edit);
    this.mutate(() => this.documents.set(uri, hostFile(uri, content, true, source)));
  }

  private trackEdit(uri: string, before: BlockText | undefined, text: BlockText, edit: EditExtent | undefined): void {
    if (before === undefined || edit === undefined) {
      this.editTrails.delete(uri);
      return;
    }
    const trail = this.editTrails.get(uri);
    // Edits since the last analysed text add up; a text that was analysed meanwhile starts a new trail.
    const analysed = this.memos.get(uri)?.file.content === before;
    if (trail && trail.text === before && !analysed) this.editTrails.set(uri, { base: trail.base, text, extent: composeExtents(trail.extent, edit) });
    else this.editTrails.set(uri, { base: before, text, extent: edit });
  }

  /** The file's new analysis from its previous one and the edits since, when only a few YAML documents changed. */
  private editedAnalysis(file: HostFile, maxBytes: number, scope: ReportScope): FileAnalysis | undefined {
    const trail = this.editTrails.get(file.uri);
    const memo = this.memos.get(file.uri);
    if (!trail || !memo?.result.analysis || trail.text !== file.content || trail.base !== memo.file.content) return undefined;
    if (memo.maxBytes !== maxBytes || memo.scope !== scope || !sameSource(memo.file.source, file.source) || file.content.length > maxBytes) return undefined;
    return reanalyseEdited(memo.result.analysis, file.content, trail.extent, this.cacheOf(file.uri), this.schemas);
  }

  closeDocument(uri: string): void {
    this.viewports.delete(uri);
    if (!this.documents.has(uri)) return;
    this.mutate(() => this.documents.delete(uri));
    if (!this.workspaceFiles.has(uri)) this.forgetFile(uri);
  }

  setSettings(settings: Partial<HostSettings>): void {
    const next = { ...this.settings, ...settings };
    if (JSON.stringify(next) === JSON.stringify(this.settings)) return;
    this.mutate(() => (this.settings = next));
  }

  /**
   * The CRD schemas that validate from now on. A set with another id makes every file be analysed again (its
   * per-document results were validated against the old schemas); the same id changes nothing.
   */
  setSchemaSet(schemas: SchemaSet): boolean {
    if (schemas.id === this.schemas.id) return false;
    this.mutate(() => (this.schemas = schemas));
    this.memos.clear();
    this.documentCaches.clear();
    this.editTrails.clear();
    return true;
  }

  /**
   * The workspace's files on disk (read by the adapter). `replace` gives the whole set; a delta changes or
   * removes (text undefined) the files it names and keeps the others.
   */
  /** Returns whether the workspace changed (so a caller knows whether diagnostics may have). */
  setWorkspaceFiles(files: readonly { uri: string; text?: string; documents?: readonly InventoryDocument[] }[], mode: 'replace' | 'delta' = 'replace'): boolean {
    const next = mode === 'replace' ? new Map<string, HostFile>() : new Map(this.workspaceFiles);
    for (const { uri, text, documents } of files) {
      if (text === undefined) next.delete(uri);
      else {
        const known = this.workspaceFiles.get(uri);
        next.set(uri, known?.text === text && known.documents === documents ? known : { ...hostFile(uri, BlockText.of(text), false, {}), ...(documents ? { documents } : {}) });
      }
    }
    const same = next.size === this.workspaceFiles.size && [...next].every(([uri, file]) => this.workspaceFiles.get(uri) === file);
    if (same) return false;
    for (const uri of this.workspaceFiles.keys()) if (!next.has(uri) && !this.documents.has(uri)) this.forgetFile(uri);
    this.mutate(() => (this.workspaceFiles = next));
    return true;
  }

  /**
   * Steps through the per-file analyses the current revision still lacks (open documents), one YAML document
   * per step, yielding the uri being analysed; a caller runs it in slices and handles other work between them.
   * A change between steps is fine: the analysis of a file whose text changed is dropped (its finished YAML
   * documents stay cached) and the next `prepare()` picks up the new text.
   */
  *prepare(): Generator<string, void, void> {
    // Files an editor shows first (a stable sort: otherwise in the order they were opened).
    const files = [...this.documents.values()].sort((a, b) => Number(this.viewports.has(b.uri)) - Number(this.viewports.has(a.uri)));
    for (const file of files) {
      const settings = this.settings;
      const schemas = this.schemas;
      if (this.knownResult(file, settings)) continue;
      const maxBytes = settings.maxFileSizeMB * 1024 * 1024;
      if (file.source.stoppedAfterMs !== undefined || file.source.unread || file.content.length > maxBytes) {
        this.fileResult(file, settings);
        continue;
      }
      const cache = this.cacheOf(file.uri);
      this.analysesRun += 1;
      this.observe(file.uri, 'analyse');
      const edited = this.editedAnalysis(file, maxBytes, settings.scope);
      if (edited) {
        yield file.uri;
        if (this.documents.get(file.uri) !== file || this.settings !== settings || this.schemas !== schemas) continue;
        cache.nextGeneration(edited);
        this.memos.set(file.uri, { file, maxBytes, scope: settings.scope, result: { analysis: edited, fileFindings: file.source.readFindings ?? [] } });
        continue;
      }
      const progress = new AnalysisProgress(file.content, file.text);
      this.inProgress = { file, progress };
      const steps = analyzeViewportFirst(progress, () => this.viewports.get(file.uri), cache, this.schemas);
      let step = steps.next();
      while (!step.done) {
        yield file.uri;
        if (this.documents.get(file.uri) !== file || this.settings !== settings || this.schemas !== schemas) break;
        step = steps.next();
      }
      this.inProgress = undefined;
      if (!step.done) continue;
      cache.nextGeneration(step.value);
      this.memos.set(file.uri, { file, maxBytes, scope: settings.scope, result: { analysis: step.value, fileFindings: file.source.readFindings ?? [] } });
    }
  }

  /**
   * The lines an editor shows of a document (undefined: none, or the editor does not say). `prepare()` then
   * analyses the YAML documents under them first; no answer changes, so this is no new revision.
   */
  setViewport(uri: string, lines: readonly LineRange[] | undefined): void {
    if (lines && lines.length > 0) this.viewports.set(uri, lines);
    else this.viewports.delete(uri);
  }

  /**
   * While `prepare()` is in the middle of a document's whole-text analysis: what the YAML documents under its
   * viewport report on their own (their per-document findings, through the one merge), once they are done;
   * undefined otherwise. A partial answer for the editor: the workspace findings need every document. Only
   * for a document's first analysis (opened): a text analysed again has a better early answer, the provisional
   * one with the workspace findings it carries over.
   */
  viewportFindings(uri: string): Finding[] | undefined {
    const lines = this.viewports.get(uri);
    const at = this.inProgress;
    if (!lines || !at || at.file.uri !== uri || this.documents.get(uri) !== at.file || this.memos.has(uri) || this.settled.has(uri)) return undefined;
    return at.progress.findingsUnder(lines, this.settings.scope, at.file.source.readFindings ?? []);
  }

  /** True when every open document of the current revision has its per-file analysis. */
  isPrepared(): boolean {
    return [...this.documents.values()].every((file) => this.knownResult(file, this.settings) !== undefined);
  }

  /** The current revision, frozen: later changes make a new snapshot and leave this one answering as before. */
  snapshot(): AnalysisSnapshot {
    if (!this.current) {
      const files = new Map(this.workspaceFiles);
      for (const [uri, file] of this.documents) files.set(uri, file);
      this.current = new AnalysisSnapshot(this.revisionCounter, this.settings, files, {
        fileResult: (file, settings) => this.fileResult(file, settings),
        knownResult: (file, settings) => this.knownResult(file, settings),
        traffic: (revision, model, texts) => this.traffic(revision, model, texts),
        sessionGraphIsFor: (revision, model) => this.sessionOf(revision, model),
        settledOf: (uri) => this.settled.get(uri),
        recordSettled: (uri, findings) => {
          if (this.documents.has(uri) || this.workspaceFiles.has(uri)) this.settled.set(uri, findings);
        },
        observe: this.observe,
        dataplaneReuse: this.dataplaneReuse,
        schemas: this.schemas,
      });
      this.shared = true;
    }
    return this.current;
  }

  private mutate(change: () => void): void {
    if (this.shared) {
      this.documents = new Map(this.documents);
      this.workspaceFiles = new Map(this.workspaceFiles);
      this.shared = false;
    }
    change();
    this.revisionCounter += 1;
    this.current = undefined;
  }

  private forgetFile(uri: string): void {
    this.memos.delete(uri);
    this.settled.delete(uri);
    this.documentCaches.delete(uri);
    this.editTrails.delete(uri);
  }

  private knownResult(file: HostFile, settings: HostSettings): FileResult | undefined {
    const memo = this.memos.get(file.uri);
    const fits = memo && sameContent(memo.file.content, file.content) && sameSource(memo.file.source, file.source) && memo.maxBytes === settings.maxFileSizeMB * 1024 * 1024 && memo.scope === settings.scope;
    return fits ? memo.result : undefined;
  }

  /** The per-file analysis, reused while the text, the source, the size limit and the scope are the same. */
  private fileResult(file: HostFile, settings: HostSettings): FileResult {
    const known = this.knownResult(file, settings);
    if (known) return known;
    const maxBytes = settings.maxFileSizeMB * 1024 * 1024;
    const cache = this.cacheOf(file.uri);
    const edited = this.editedAnalysis(file, maxBytes, settings.scope);
    if (edited) {
      this.analysesRun += 1;
      this.observe(file.uri, 'analyse');
    }
    const result = edited
      ? { analysis: edited, fileFindings: file.source.readFindings ?? [] }
      : analyseFile(file, maxBytes, settings.scope, cache, () => {
          this.analysesRun += 1;
          this.observe(file.uri, 'analyse');
        }, this.schemas);
    cache.nextGeneration(result.analysis);
    this.memos.set(file.uri, { file, maxBytes, scope: settings.scope, result });
    return result;
  }

  private cacheOf(uri: string): GenerationalDocumentCache {
    let cache = this.documentCaches.get(uri);
    if (!cache) {
      cache = new GenerationalDocumentCache();
      this.documentCaches.set(uri, cache);
    }
    return cache;
  }

  /** Brings the one incremental traffic session up to `texts` (recreated when a setting of the model changes). */
  private traffic(revision: number, model: TrafficModelSettings, texts: readonly WorkspaceText[]): WorkspaceTraffic {
    const key = trafficModelKey(model);
    if (this.session?.key !== key) this.session = { key, traffic: createTrafficSession(model), revision };
    this.session.revision = revision;
    return this.session.traffic.update(texts);
  }

  /** The session, when its last update was for this revision (so its graph cache matches the snapshot's model). */
  private sessionOf(revision: number, model: TrafficModelSettings): TrafficSession | undefined {
    return this.session && this.session.revision === revision && this.session.key === trafficModelKey(model) ? this.session.traffic : undefined;
  }
}

function sameSource(a: DocumentSource, b: DocumentSource): boolean {
  return a.unread === b.unread && a.stoppedAfterMs === b.stoppedAfterMs && (a.readFindings ?? []).length === (b.readFindings ?? []).length && JSON.stringify(a.readFindings ?? []) === JSON.stringify(b.readFindings ?? []);
}
