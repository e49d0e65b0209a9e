// An immutable view of one revision of the analysis host: the files and settings as they were, and every
// answer the adapters need, in offsets (adapters convert). What depends on the whole workspace (the
// enforcement workspace, the traffic model) is built at most once per snapshot, on first use, and shared
// by every request of that revision. Later revisions never change what an older snapshot answers.
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import { documentSegmentsOf } from '../documentSegments';
import { analyzeEnforcement, buildEnforcementWorkspace, type DataplaneReuse, type DocumentEnforcement } from '../enforcement/analyzeEnforcement';
import type { EnforcementWorkspace } from '../enforcement/enforcementWorkspace';
import { completionAt, type CompletionSuggestion } from '../features/completion';
import { hoverAt, hoverSections, policyKindSection, type HoverResult } from '../features/hover';
import { codeActionsAt, type CodeActionSuggestion } from '../features/codeActions';
import { valueCompletionAt } from '../features/completionValues';
import { planFlowChange, type FlowChange } from '../features/flowChange';
import { allowFlowActionsAt, flowActionWorkloadLimit, type FlowAction } from '../features/flowActions';
import { diffConnectivity } from '../diff/connectivityDiff';
import type { FlowChange as GraphFlowChange } from '../diff/diffModel';
import { definitionsAt, documentSymbols, policyLenses, referencesAt, type FileSpan, type OutlineSymbol, type PolicyLens } from '../features/navigation';
import { workspaceValueIndex, type WorkspaceValueIndex } from '../features/workspaceValues';
import { evaluateFlow } from '../graph/trafficModel';
import { analyzeWorkspaceTraffic } from '../graph/workspaceTraffic';
import { enforcementInlayHints, type EnforcementHint } from '../features/inlayHints';
import { ruleHoverSection, ruleHoverSectionFor } from '../features/ruleHover';
import { buildTrafficGraph, type TrafficGraphResult } from '../graph/buildTrafficGraph';
import type { IstioRequest } from '../graph/evaluateIstio';
import { explainFlow, resolveEndpoint } from '../graph/explainFlow';
import type { ExplainResult, TrafficGraph } from '../graph/trafficGraphModel';
import type { TrafficSession } from '../graph/trafficSession';
import type { WorkspaceText, WorkspaceTraffic } from '../graph/workspaceTraffic';
import type { Finding } from '../model/finding';
import type { SourceSpan } from '../model/sourceSpan';
import type { SchemaSet } from '../schema/schemaSet';
import { schemaOriginSectionFor } from '../features/schemaOriginHover';
import { nodeAtOffsetInDocument, type CursorInput } from '../yaml/nodeAtOffset';
import type { HostFile, HostSettings, WorkObserver } from './analysisHost';
import { readInventoryFragment, type InventoryDocument, type InventoryFragment } from '../inventory/buildInventory';
import type { FileResult } from './fileResult';
import { sameContent, type BlockText } from './blockText';
import { focusWorkloads } from './focusWorkloads';
import { mergeFindings } from './mergeFindings';
import { hasPolicyDocument, prepareCarry, provisionalFindings } from './provisionalFindings';

export type { FileResult } from './fileResult';

/** What the host lends its snapshots: the cross-revision memo of file results and the one traffic session. */
export interface SnapshotServices {
  readonly fileResult: (file: HostFile, settings: HostSettings) => FileResult;
  /** The memoised result if the file was already analysed under these settings; never computes. */
  readonly knownResult: (file: HostFile, settings: HostSettings) => FileResult | undefined;
  readonly traffic: (revision: number, model: TrafficModelSettings, texts: readonly WorkspaceText[]) => WorkspaceTraffic;
  readonly sessionGraphIsFor: (revision: number, model: TrafficModelSettings) => TrafficSession | undefined;
  readonly observe: WorkObserver;
  readonly settledOf: (uri: string) => SettledFindings | undefined;
  readonly recordSettled: (uri: string, findings: SettledFindings) => void;
  /** The host's last data-plane context, reused by the next revision's enforcement workspace when it can be. */
  readonly dataplaneReuse: DataplaneReuse;
  /** The CRD schemas this revision validates with. */
  readonly schemas: SchemaSet;
}

/** A file's workspace findings as last settled: ML4xxx per YAML document (by its parsed AST), ML5xxx per text. */
export interface SettledFindings {
  readonly byDocument: ReadonlyMap<object, { readonly start: number; readonly findings: readonly Finding[] }>;
  readonly graph: { readonly content: BlockText; readonly findings: readonly Finding[] };
}

export interface ProvisionalDiagnostics {
  readonly findings: readonly Finding[];
  /** False when workspace findings were carried over from an earlier revision: `diagnostics()` is the settled answer. */
  readonly settled: boolean;
}

export interface TrafficGraphQuery {
  /** Only the workloads the policies of this file select, and their peers. */
  readonly focusUri?: string;
  readonly maxEdges?: number;
}

export interface ExplainQuery {
  /** `<ns>/<workload>`, a Cilium entity, an IP/CIDR or an FQDN (see resolveEndpoint). */
  readonly from: string;
  readonly to: string;
  readonly protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
  readonly port: number;
  readonly request?: IstioRequest;
}

export type ExplainAnswer =
  | { readonly result: ExplainResult }
  | { readonly error: string; readonly endpoint: 'from' | 'to'; readonly missing: 'no-workloads' | 'no-such-workload' };

/** The settings a traffic model depends on: a change of either needs a new incremental session. */
export interface TrafficModelSettings {
  readonly defaultNamespace: string;
  readonly dataplaneMode: HostSettings['dataplaneMode'];
}

export function trafficModelSettings(settings: HostSettings): TrafficModelSettings {
  return { defaultNamespace: settings.defaultNamespace, dataplaneMode: settings.dataplaneMode };
}

export function trafficModelKey(model: TrafficModelSettings): string {
  return `${model.defaultNamespace}\u0000${model.dataplaneMode}`;
}

/** A typed source's objects other than policies (what the data plane of open documents depends on), read once per document list. */
const typedContext = new WeakMap<readonly InventoryDocument[], { readonly defaultNamespace: string; readonly fragment: InventoryFragment }>();

function typedContextFragment(uri: string, text: string, documents: readonly InventoryDocument[], defaultNamespace: string): InventoryFragment {
  const known = typedContext.get(documents);
  if (known?.defaultNamespace === defaultNamespace) return known.fragment;
  const fragment = { ...readInventoryFragment({ file: uri, text, documents }, defaultNamespace), policies: [] };
  typedContext.set(documents, { defaultNamespace, fragment });
  return fragment;
}

export class AnalysisSnapshot {
  private workspaceMemo: EnforcementWorkspace | undefined;
  private readonly enforcementMemo = new Map<string, readonly DocumentEnforcement[]>();
  private trafficMemo: WorkspaceTraffic | undefined;
  private graphFindingsMemo: Map<string, Finding[]> | undefined;
  private readonly diagnosticsMemo = new Map<string, readonly Finding[]>();

  constructor(
    readonly revision: number,
    readonly settings: HostSettings,
    private readonly files: ReadonlyMap<string, HostFile>,
    private readonly services: SnapshotServices,
  ) {}

  /** Which CRD schemas validate in this revision (bundled, or the user's own: schema/schemaSet.ts). */
  get schemas(): SchemaSet {
    return this.services.schemas;
  }

  text(uri: string): string | undefined {
    return this.files.get(uri)?.text;
  }

  /** The per-document analysis; undefined for unknown files and files not analysed (size, budget, unread). */
  analysis(uri: string): FileAnalysis | undefined {
    const file = this.files.get(uri);
    return file ? this.services.fileResult(file, this.settings).analysis : undefined;
  }

  /** True when the file was analysed, false when it was left out (size limit, time budget, not read). */
  isAnalysed(uri: string): boolean {
    return this.analysis(uri) !== undefined;
  }

  /** Left out by the size limit, the time budget or the adapter, without analysing anything. */
  private isLeftOut(file: HostFile): boolean {
    // The size limit bounds parsing; a typed source's objects are parsed already.
    if (file.documents && !file.open) return false;
    return file.source.unread === true || file.source.stoppedAfterMs !== undefined || file.content.length > this.settings.maxFileSizeMB * 1024 * 1024;
  }

  /** The open documents' analyses and the data-plane setting: what classifies rules (hover, hints, ML4xxx). */
  enforcementWorkspace(): EnforcementWorkspace {
    if (!this.workspaceMemo) {
      const analysed = [...this.files.values()].filter((f) => f.open).flatMap((f) => {
        const analysis = this.analysis(f.uri);
        return analysis ? [{ key: f.uri, analysis }] : [];
      });
      const context = [...this.files.values()].flatMap((f) => (f.documents && !f.open ? [typedContextFragment(f.uri, f.text, f.documents, this.settings.defaultNamespace)] : []));
      this.workspaceMemo = buildEnforcementWorkspace(analysed, this.settings.dataplaneMode, this.settings.defaultNamespace, this.services.dataplaneReuse, context);
    }
    return this.workspaceMemo;
  }

  /** Layer, enforcer and pitfalls of each policy document of the file. */
  enforcement(uri: string): readonly DocumentEnforcement[] {
    let known = this.enforcementMemo.get(uri);
    if (!known) {
      const analysis = this.analysis(uri);
      const hasPolicy = analysis !== undefined && hasPolicyDocument(analysis);
      if (hasPolicy) this.services.observe(uri, 'enforcement');
      known = analysis && hasPolicy ? analyzeEnforcement(analysis, this.enforcementWorkspace()) : [];
      this.enforcementMemo.set(uri, known);
    }
    return known;
  }

  /**
   * Computes what `diagnostics(uri)` needs in small steps (the ML4xxx of one YAML document per step, then the
   * traffic model), so a caller can interleave other work; `diagnostics(uri)` is then cheap.
   */
  *settleSteps(uri: string): Generator<void, void, void> {
    if (this.diagnosticsMemo.has(uri)) return;
    const analysis = this.analysis(uri);
    if (analysis && !this.enforcementMemo.has(uri) && analysis.documents.some((d) => d.policy)) {
      const workspace = this.enforcementWorkspace();
      yield;
      const out: DocumentEnforcement[] = [];
      for (const document of analysis.documents) {
        if (!document.policy) continue;
        this.services.observe(uri, 'enforcement');
        // Per document, exactly what analyzeEnforcement does for the whole file.
        out.push(...analyzeEnforcement(oneDocumentOf(analysis, document), workspace));
        yield;
      }
      this.enforcementMemo.set(uri, out);
    }
    this.traffic();
    yield;
  }

  /**
   * The traffic model of every file of the revision (open text over disk text); files above the size limit,
   * stopped or unread are left out. Built through the host's incremental session.
   */
  traffic(): WorkspaceTraffic {
    if (!this.trafficMemo) {
      const texts: WorkspaceText[] = [];
      for (const file of this.files.values()) {
        if (this.isLeftOut(file)) continue;
        // Files already analysed (or read by a typed source) hand their documents over instead of being parsed again.
        if (file.documents && !file.open) {
          texts.push({ file: file.uri, text: file.text, documents: file.documents });
          continue;
        }
        const analysis = this.services.knownResult(file, this.settings)?.analysis;
        texts.push(analysis ? { file: file.uri, text: file.text, documents: analysis.documents.map((d) => d.yaml) } : { file: file.uri, text: file.text });
      }
      this.services.observe('', 'traffic');
      this.trafficMemo = this.services.traffic(this.revision, trafficModelSettings(this.settings), texts);
    }
    return this.trafficMemo;
  }

  /** The files the traffic model reads, with their text (a connectivity diff's head and, with overrides, its base). */
  trafficTexts(): WorkspaceText[] {
    return [...this.files.values()].filter((f) => !this.isLeftOut(f)).map((f) => ({ file: f.uri, text: f.text }));
  }

  /** ML5xxx findings of one file; other inventory findings repeat what the per-file pass reports. */
  graphFindings(uri: string): readonly Finding[] {
    if (!this.graphFindingsMemo) {
      const byFile = new Map<string, Finding[]>();
      for (const { file, finding } of this.traffic().findings) {
        if (!finding.code.startsWith('ML5')) continue;
        const list = byFile.get(file) ?? [];
        list.push(finding);
        byFile.set(file, list);
      }
      this.graphFindingsMemo = byFile;
    }
    return this.graphFindingsMemo.get(uri) ?? [];
  }

  /** Everything the file reports, through the one merge (mergeFindings.ts). */
  diagnostics(uri: string): readonly Finding[] {
    let known = this.diagnosticsMemo.get(uri);
    if (!known) {
      const file = this.files.get(uri);
      if (!file) return [];
      const { analysis, fileFindings } = this.services.fileResult(file, this.settings);
      const hasPolicy = analysis !== undefined && hasPolicyDocument(analysis);
      const enforcement = hasPolicy ? this.enforcement(uri) : [];
      const graph = hasPolicy ? this.graphFindings(uri) : [];
      known = mergeFindings({ scope: this.settings.scope, analysis, fileFindings, enforcement: enforcement.flatMap((d) => d.findings), graph });
      this.diagnosticsMemo.set(uri, known);
      if (analysis) {
        const byDocument = new Map<object, { start: number; findings: readonly Finding[] }>();
        for (const document of enforcement) {
          const yaml = analysis.documents[document.documentIndex]?.yaml;
          if (yaml) byDocument.set(yaml.syntax, { start: yaml.start, findings: document.findings });
        }
        const settled = { byDocument, graph: { content: file.content, findings: graph } };
        this.services.recordSettled(uri, settled);
        prepareCarry(analysis, settled);
      }
    }
    return known;
  }

  /**
   * A fast answer for an editor waiting on a keystroke: the settled diagnostics if this snapshot has them;
   * else the per-document findings with the workspace findings (ML4xxx, ML5xxx) of unchanged YAML documents
   * carried over from the last settled revision (moved to their new offsets), ML4xxx computed now for a few
   * changed documents, and ML5xxx only if the text is the one they were computed on. Not settled then: the
   * caller asks `diagnostics()` once typing pauses, and shows that if it differs.
   */
  provisionalDiagnostics(uri: string): ProvisionalDiagnostics {
    const full = this.diagnosticsMemo.get(uri);
    if (full) return { findings: full, settled: true };
    const file = this.files.get(uri);
    if (!file) return { findings: [], settled: true };
    const { analysis, fileFindings } = this.services.fileResult(file, this.settings);
    if (!analysis || !hasPolicyDocument(analysis)) return { findings: this.diagnostics(uri), settled: true };
    const previous = this.services.settledOf(uri);
    const sameText = previous !== undefined && sameContent(previous.graph.content, file.content);
    const graph = sameText ? previous.graph.findings : [];
    const { findings, carried } = provisionalFindings({
      scope: this.settings.scope,
      analysis,
      fileFindings,
      previous,
      graph,
      enforcementOf: (document) => analyzeEnforcement(oneDocumentOf(analysis, document), this.enforcementWorkspace()).flatMap((d) => d.findings),
    });
    // Without carried-over or missing parts this is already what diagnostics() would say, except ML5xxx: those
    // come from the traffic model, so only a settled answer has them for a new text.
    return { findings, settled: !carried && sameText };
  }

  /** Hover at a UTF-16 offset: schema, rule enforcement (against this revision's workspace), upstream link. */
  hover(uri: string, offset: number): HoverResult | undefined {
    const file = this.files.get(uri);
    const analysis = this.analysis(uri);
    if (!file || !analysis) return undefined;
    const sections = hoverSections.flatMap((section) =>
      section === ruleHoverSection ? [ruleHoverSectionFor(() => this.enforcementWorkspace())] : section === policyKindSection ? [section, schemaOriginSectionFor(this.schemas)] : [section],
    );
    const document = cursorDocument(analysis, offset)?.document;
    return hoverAt(cursorInput(file, analysis, offset), offset, this.schemas.schemaAt, { analysis, ...(document ? { document } : {}), sections });
  }

  /** `L7 · Envoy (node)` hints for rules whose first line lies in `range`; none when annotations are off. */
  inlayHints(uri: string, range?: SourceSpan): EnforcementHint[] {
    if (!this.settings.annotations) return [];
    const analysis = this.analysis(uri);
    return analysis ? enforcementInlayHints(range ? documentsOverlapping(analysis, range) : analysis, this.enforcementWorkspace(), range) : [];
  }

  /** Schema keys and values at the offset. A space typed in indentation is not a request for keys. */
  completion(uri: string, offset: number, triggerCharacter?: string): CompletionSuggestion[] {
    const file = this.files.get(uri);
    // Files left out of analysis (too large, stopped, unread) get no completion either; others need none.
    if (!file || this.isLeftOut(file)) return [];
    if (triggerCharacter === ' ' && lineBeforeOffset(file, offset).trim() === '') return [];
    // The file's analysis if this text has one already (completion never waits for it): the cursor's document only.
    return completionAt(cursorInput(file, this.services.knownResult(file, this.settings)?.analysis, offset), offset, this.schemas.schemaAt);
  }

  /** The allowed-traffic graph of the revision's workspace, optionally focused on one policy file. */
  trafficGraph(query: TrafficGraphQuery = {}): TrafficGraphResult {
    const { model } = this.traffic();
    const focus = query.focusUri === undefined ? undefined : focusWorkloads(model, query.focusUri);
    const options = { ...(focus ? { focus } : {}), ...(query.maxEdges !== undefined ? { maxEdges: query.maxEdges } : {}) };
    // The session's graph cache matches this model only while no later revision updated the session.
    const session = this.services.sessionGraphIsFor(this.revision, trafficModelSettings(this.settings));
    return session ? session.graph(options) : buildTrafficGraph(model, options);
  }

  /** One flow's verdict, rule by rule; an endpoint that names nothing in the workspace is an error. */
  explainFlow(query: ExplainQuery): ExplainAnswer {
    const { model } = this.traffic();
    const from = resolveEndpoint(model, query.from, this.settings.defaultNamespace);
    if ('error' in from) return { error: from.error, endpoint: 'from', missing: from.missing };
    const to = resolveEndpoint(model, query.to, this.settings.defaultNamespace);
    if ('error' in to) return { error: to.error, endpoint: 'to', missing: to.missing };
    return { result: explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol: query.protocol as 'TCP', port: query.port, request: query.request }) };
  }

  // ---- authoring (completion values, code actions, navigation, flow changes) ----

  /** The workspace's values for completion; with `builtOnly`, only when this revision's model already exists. */
  workspaceValues(builtOnly = false): WorkspaceValueIndex | undefined {
    if (builtOnly && !this.trafficMemo) return undefined;
    return workspaceValueIndex(this.traffic().model.inventory);
  }

  /** Label, namespace, principal, port, targetRef, entity and FQDN values at the offset, from `values`. */
  valueCompletion(uri: string, offset: number, values: WorkspaceValueIndex): CompletionSuggestion[] {
    const file = this.files.get(uri);
    if (!file || this.isLeftOut(file)) return [];
    return valueCompletionAt(cursorInput(file, this.services.knownResult(file, this.settings)?.analysis, offset), offset, values, this.settings.defaultNamespace);
  }

  /** Quick fixes for `findings` (the diagnostics the editor shows; this revision's provisional ones when absent) in `range`. */
  codeActions(uri: string, range: SourceSpan, findings?: readonly Finding[]): CodeActionSuggestion[] {
    const file = this.files.get(uri);
    const analysis = this.analysis(uri);
    if (!file || !analysis) return [];
    const known = findings ?? this.provisionalDiagnostics(uri).findings;
    return codeActionsAt({ uri, text: file.text, analysis, schemaAt: this.schemas.schemaAt, workspace: () => this.workspaceValues(), defaultNamespace: this.settings.defaultNamespace }, known, range);
  }

  /** "Allow <from> → <to>" for the denied flows the policy at `range` decides (features/flowActions.ts says which). */
  flowActions(uri: string, range: SourceSpan): FlowAction[] {
    const file = this.files.get(uri);
    const analysis = this.analysis(uri);
    if (!file || !analysis || !hasPolicyDocument(analysis)) return [];
    const { model } = this.traffic();
    // The whole graph after every edit is too slow for a lightbulb in a large workspace (bench:authoring).
    if (model.inventory.workloads.length > flowActionWorkloadLimit) return [];
    this.flowGraph ??= this.trafficGraph().graph;
    return allowFlowActionsAt({ file: uri, text: file.text, range, analysis, model, graph: this.flowGraph, defaultNamespace: this.settings.defaultNamespace });
  }
  private flowGraph: TrafficGraph | undefined;

  /** The outline: each document, policies with their rules' layer and enforcer. */
  documentSymbols(uri: string): OutlineSymbol[] {
    const analysis = this.analysis(uri);
    return analysis ? documentSymbols(analysis, this.enforcement(uri)) : [];
  }

  /** Selector → the workloads or Namespaces it selects; targetRefs → the Gateway or Service. */
  definitions(uri: string, offset: number): FileSpan[] {
    const file = this.files.get(uri);
    const analysis = this.analysis(uri);
    return file && analysis ? definitionsAt(file.text, offset, uri, analysis, this.traffic().model) : [];
  }

  /** Workload, Namespace or ServiceAccount manifest → the policies that select it. */
  references(uri: string, offset: number): FileSpan[] {
    const analysis = this.analysis(uri);
    return analysis ? referencesAt(offset, uri, analysis, this.traffic().model) : [];
  }

  /** "selects N workloads · allows M flows · K denied" above each policy document of the file. */
  policyLenses(uri: string, maxEdges?: number): PolicyLens[] {
    const analysis = this.analysis(uri);
    if (!analysis || !hasPolicyDocument(analysis)) return [];
    return policyLenses(uri, analysis, this.traffic().model, this.trafficGraph(maxEdges === undefined ? {} : { maxEdges }).graph);
  }

  /**
   * The smallest policy change that allows (or denies) one flow, with the flow's verdict after it: the edits are
   * applied to copies of the texts and the workspace evaluated again (the preview: the flow's verdict and every flow
   * the change adds, removes or changes), nothing is changed here.
   */
  flowChange(query: Omit<ExplainQuery, 'request'> & { readonly intent: 'allow' | 'deny' }): { readonly change: FlowChange; readonly after: 'allow' | 'deny' | 'unknown'; readonly graphChanges: readonly GraphFlowChange[] } | { readonly error: string } {
    if (query.protocol === 'ICMP') return { error: 'only TCP, UDP and SCTP flows can be changed' };
    const { model } = this.traffic();
    const from = resolveEndpoint(model, query.from, this.settings.defaultNamespace);
    if ('error' in from) return { error: `from: ${from.error}` };
    const to = resolveEndpoint(model, query.to, this.settings.defaultNamespace);
    if ('error' in to) return { error: `to: ${to.error}` };
    const change = planFlowChange(model, { from: from.endpoint, to: to.endpoint, protocol: query.protocol, port: query.port, intent: query.intent });
    const texts = new Map<string, string>();
    for (const file of this.files.values()) if (!this.isLeftOut(file)) texts.set(file.uri, file.text);
    for (const uri of new Set(change.edits.map((e) => e.uri))) {
      let text = texts.get(uri) ?? '';
      for (const edit of change.edits.filter((e) => e.uri === uri).sort((a, b) => b.span.start - a.span.start)) text = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
      texts.set(uri, text);
    }
    for (const file of change.newFiles) texts.set(file.uri, file.text);
    const changed = analyzeWorkspaceTraffic([...texts].map(([file, text]) => ({ file, text })), { defaultNamespace: this.settings.defaultNamespace, dataplaneMode: this.settings.dataplaneMode }).model;
    const again = (text: string) => {
      const resolved = resolveEndpoint(changed, text, this.settings.defaultNamespace);
      return 'error' in resolved ? undefined : resolved.endpoint;
    };
    const [fromAfter, toAfter] = [again(query.from), again(query.to)];
    const after = fromAfter && toAfter ? evaluateFlow(changed, fromAfter, toAfter, query.protocol, query.port).verdict : 'unknown';
    // The graph difference the change makes (the preview the panel shows), by the diff's own evaluation.
    return { change, after, graphChanges: diffConnectivity(model, changed).changes };
  }
}

/** The file's analysis narrowed to one document; its text is read only if asked (an edited file's is joined then). */
function oneDocumentOf(analysis: FileAnalysis, document: FileAnalysis['documents'][number]): FileAnalysis {
  return {
    get text() {
      return analysis.text;
    },
    documents: [document],
    // The file's merged findings (an edited file's are capped from every document when read): only if asked.
    get findings() {
      return analysis.findings;
    },
  };
}

/** The file's analysis narrowed to the documents overlapping `range` (read from its segments: an editor's visible lines). */
function documentsOverlapping(analysis: FileAnalysis, range: SourceSpan): FileAnalysis {
  const segments = documentSegmentsOf(analysis);
  const documents: DocumentAnalysis[] = [];
  for (let i = Math.max(0, segments.lastStartingAtOrBefore(range.start) - 1); i < segments.length && segments.startOf(i) <= range.end; i++) {
    if (segments.endOf(i) >= range.start) documents.push(segments.at(i));
  }
  return {
    get text() {
      return analysis.text;
    },
    documents,
    get findings() {
      return analysis.findings;
    },
  };
}

/**
 * Where hover and completion read the cursor from: the one YAML document holding the offset, from the file's
 * analysis of this very text (a binary search, then that document's text), so an answer costs the document and
 * not the file; without an analysis, the whole text.
 */
function cursorInput(file: HostFile, analysis: FileAnalysis | undefined, offset: number): CursorInput {
  const at = cursorDocument(analysis, offset);
  if (!at) return file.text;
  const yaml = at.document.yaml;
  return { cursor: nodeAtOffsetInDocument({ start: yaml.start, text: yaml.text }, at.index, offset), text: () => file.text };
}

/**
 * The document holding the offset: the first ending after it, else the last (as nodeAtOffset picks it), found in
 * the analysis's segments, so an edited file's later documents are not all moved for one answer.
 */
function cursorDocument(analysis: FileAnalysis | undefined, offset: number): { readonly index: number; readonly document: DocumentAnalysis } | undefined {
  if (!analysis) return undefined;
  const segments = documentSegmentsOf(analysis);
  if (segments.length === 0) return undefined;
  const index = segments.firstEndingAfter(offset);
  return { index, document: segments.at(index) };
}

/** The text from the start of the offset's line to the offset, read from the blocks around it. */
function lineBeforeOffset(file: HostFile, offset: number): string {
  const content = file.content;
  const line = content.positionAt(offset).line;
  return content.slice(content.lineStart(line), offset);
}
