// An immutable view of one revision of the analysis host: the files and settings as they were, and every
// answer the adapters need, in offsets (adapters convert). What depends on the whole workspace (the
// enforcement workspace, the traffic model) is built at most once per snapshot, on first use, and shared
// by every request of that revision. Later revisions never change what an older snapshot answers.
import type { FileAnalysis } from '../analyzeFile';
import { analyzeEnforcement, buildEnforcementWorkspace, type DocumentEnforcement } from '../enforcement/analyzeEnforcement';
import type { EnforcementWorkspace } from '../enforcement/enforcementWorkspace';
import { completionAt, type CompletionSuggestion } from '../features/completion';
import { hoverAt, hoverSections, type HoverResult } from '../features/hover';
import { enforcementInlayHints, type EnforcementHint } from '../features/inlayHints';
import { ruleHoverSection, ruleHoverSectionFor } from '../features/ruleHover';
import { buildTrafficGraph, type TrafficGraphResult } from '../graph/buildTrafficGraph';
import type { IstioRequest } from '../graph/evaluateIstio';
import { explainFlow, resolveEndpoint } from '../graph/explainFlow';
import type { ExplainResult } from '../graph/trafficGraphModel';
import type { TrafficSession } from '../graph/trafficSession';
import type { WorkspaceText, WorkspaceTraffic } from '../graph/workspaceTraffic';
import type { Finding } from '../model/finding';
import type { SourceSpan } from '../model/sourceSpan';
import { schemaAt } from '../schema/schemaCatalog';
import type { HostFile, HostSettings, WorkObserver } from './analysisHost';
import type { FileResult } from './fileResult';
import { focusWorkloads } from './focusWorkloads';
import { mergeFindings } from './mergeFindings';

export type { FileResult } from './fileResult';

/** What the host lends its snapshots: the cross-revision memo of file results and the one traffic session. */
export interface SnapshotServices {
  readonly fileResult: (file: HostFile, settings: HostSettings) => FileResult;
  /** The memoised result if the file was already analysed under these settings; never computes. */
  readonly knownResult: (file: HostFile, settings: HostSettings) => FileResult | undefined;
  readonly traffic: (revision: number, defaultNamespace: string, texts: readonly WorkspaceText[]) => WorkspaceTraffic;
  readonly sessionGraphIsFor: (revision: number, defaultNamespace: string) => TrafficSession | undefined;
  readonly observe: WorkObserver;
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

export type ExplainAnswer = { readonly result: ExplainResult } | { readonly error: string; readonly endpoint: 'from' | 'to' };

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

  /** Every file of the revision: open documents and workspace files. */
  uris(): string[] {
    return [...this.files.keys()];
  }

  /** Open documents (for the CLI: every file it was given). */
  documentUris(): string[] {
    return [...this.files.values()].filter((f) => f.open).map((f) => f.uri);
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
    return file.source.unread === true || file.source.stoppedAfterMs !== undefined || file.text.length > this.settings.maxFileSizeMB * 1024 * 1024;
  }

  /** The open documents' analyses and the data-plane setting: what classifies rules (hover, hints, ML4xxx). */
  enforcementWorkspace(): EnforcementWorkspace {
    if (!this.workspaceMemo) {
      const analysed = [...this.files.values()].filter((f) => f.open).flatMap((f) => {
        const analysis = this.analysis(f.uri);
        return analysis ? [{ key: f.uri, analysis }] : [];
      });
      this.workspaceMemo = buildEnforcementWorkspace(analysed, this.settings.dataplaneMode, this.settings.defaultNamespace);
    }
    return this.workspaceMemo;
  }

  /** Layer, enforcer and pitfalls of each policy document of the file. */
  enforcement(uri: string): readonly DocumentEnforcement[] {
    let known = this.enforcementMemo.get(uri);
    if (!known) {
      const analysis = this.analysis(uri);
      const hasPolicy = analysis?.documents.some((d) => d.policy) ?? false;
      if (hasPolicy) this.services.observe(uri, 'enforcement');
      known = analysis && hasPolicy ? analyzeEnforcement(analysis, this.enforcementWorkspace()) : [];
      this.enforcementMemo.set(uri, known);
    }
    return known;
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
        // Files already analysed hand their parsed documents over instead of being parsed again.
        const analysis = this.services.knownResult(file, this.settings)?.analysis;
        texts.push(analysis ? { file: file.uri, text: file.text, documents: analysis.documents.map((d) => d.yaml) } : { file: file.uri, text: file.text });
      }
      this.services.observe('', 'traffic');
      this.trafficMemo = this.services.traffic(this.revision, this.settings.defaultNamespace, texts);
    }
    return this.trafficMemo;
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
      const hasPolicy = analysis?.documents.some((d) => d.policy) ?? false;
      known = mergeFindings({
        scope: this.settings.scope,
        analysis,
        fileFindings,
        enforcement: hasPolicy ? this.enforcement(uri).flatMap((d) => d.findings) : [],
        graph: hasPolicy ? this.graphFindings(uri) : [],
      });
      this.diagnosticsMemo.set(uri, known);
    }
    return known;
  }

  /** Hover at a UTF-16 offset: schema, rule enforcement (against this revision's workspace), upstream link. */
  hover(uri: string, offset: number): HoverResult | undefined {
    const file = this.files.get(uri);
    const analysis = this.analysis(uri);
    if (!file || !analysis) return undefined;
    const sections = hoverSections.map((section) => (section === ruleHoverSection ? ruleHoverSectionFor(() => this.enforcementWorkspace()) : section));
    return hoverAt(file.text, offset, schemaAt, { analysis, sections });
  }

  /** `L7 · Envoy (node)` hints for rules whose first line lies in `range`; none when annotations are off. */
  inlayHints(uri: string, range?: SourceSpan): EnforcementHint[] {
    if (!this.settings.annotations) return [];
    const analysis = this.analysis(uri);
    return analysis ? enforcementInlayHints(analysis, this.enforcementWorkspace(), range) : [];
  }

  /** Schema keys and values at the offset. A space typed in indentation is not a request for keys. */
  completion(uri: string, offset: number, triggerCharacter?: string): CompletionSuggestion[] {
    const file = this.files.get(uri);
    // Files left out of analysis (too large, stopped, unread) get no completion either; others need none.
    if (!file || this.isLeftOut(file)) return [];
    const lineBefore = file.text.slice(file.text.lastIndexOf('\n', offset - 1) + 1, offset);
    if (triggerCharacter === ' ' && lineBefore.trim() === '') return [];
    return completionAt(file.text, offset, schemaAt);
  }

  /** The allowed-traffic graph of the revision's workspace, optionally focused on one policy file. */
  trafficGraph(query: TrafficGraphQuery = {}): TrafficGraphResult {
    const { model } = this.traffic();
    const focus = query.focusUri === undefined ? undefined : focusWorkloads(model, query.focusUri);
    const options = { ...(focus ? { focus } : {}), ...(query.maxEdges !== undefined ? { maxEdges: query.maxEdges } : {}) };
    // The session's graph cache matches this model only while no later revision updated the session.
    const session = this.services.sessionGraphIsFor(this.revision, this.settings.defaultNamespace);
    return session ? session.graph(options) : buildTrafficGraph(model, options);
  }

  /** One flow's verdict, rule by rule; an endpoint that names nothing in the workspace is an error. */
  explainFlow(query: ExplainQuery): ExplainAnswer {
    const { model } = this.traffic();
    const from = resolveEndpoint(model, query.from, this.settings.defaultNamespace);
    if ('error' in from) return { error: from.error, endpoint: 'from' };
    const to = resolveEndpoint(model, query.to, this.settings.defaultNamespace);
    if ('error' in to) return { error: to.error, endpoint: 'to' };
    return { result: explainFlow(model, { from: from.endpoint, to: to.endpoint, protocol: query.protocol as 'TCP', port: query.port, request: query.request }) };
  }
}
