// The worker's answers for authoring requests (code actions, outline, definition, references, code lenses,
// flow changes), read from one snapshot and converted to LSP shapes. Spans in other files (a Namespace
// manifest, the workloads a selector selects) are converted with those files' texts in the same snapshot.
import { CodeActionKind, SymbolKind, type CodeAction, type CodeLens, type CreateFile, type Diagnostic, type DocumentSymbol, type Location, type Range, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisSnapshot } from '../../analysis/host/analysisSnapshot';
import type { Finding, FindingData, Severity } from '../../analysis/model/finding';
import type { FileSpan, OutlineSymbol } from '../../analysis/features/navigation';
import type { SpanEdit } from '../../analysis/features/codeActions';
import type { FlowAction } from '../../analysis/features/flowActions';
import type { FlowChangeParams, FlowChangeResult } from '../../protocol/flowChange';
import { maxComparedFlows } from '../../protocol/compareMessages';
import { diagnosticSource, toLspRange } from '../toLsp';

/** The client command a policy lens runs: open the graph focused on that policy's file. */
export const showPolicyGraphCommand = 'meshlens.showPolicyGraph';

/** Text documents of the snapshot's files, made once per answer. */
class SnapshotDocuments {
  private readonly made = new Map<string, TextDocument | undefined>();
  constructor(private readonly snapshot: AnalysisSnapshot, private readonly open: (uri: string) => TextDocument | undefined) {}

  get(uri: string): TextDocument | undefined {
    if (!this.made.has(uri)) {
      const text = this.snapshot.text(uri);
      this.made.set(uri, this.open(uri) ?? (text === undefined ? undefined : TextDocument.create(uri, 'yaml', 0, text)));
    }
    return this.made.get(uri);
  }
}

const severities: Record<number, Severity> = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

/** The editor's meshlens diagnostics back into findings (code, message, span), as the fix providers read them. */
function findingsOf(document: TextDocument, diagnostics: readonly Diagnostic[]): Finding[] {
  return diagnostics
    .filter((d) => d.source === diagnosticSource && typeof d.code === 'string')
    .map((d) => {
      const data = findingDataOf(d.data);
      return { code: d.code as string, severity: severities[d.severity ?? 2] ?? 'warning', message: typeof d.message === 'string' ? d.message : d.message.value, span: { start: document.offsetAt(d.range.start), end: document.offsetAt(d.range.end) }, ...(data ? { data } : {}) };
    });
}

/** The finding's facts a diagnostic carried (toDiagnostic's `data`), as the client sent them back: strings only. */
function findingDataOf(raw: unknown): FindingData | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { replaceWith, waypoint } = raw as Record<string, unknown>;
  const data = { ...(typeof replaceWith === 'string' ? { replaceWith } : {}), ...(typeof waypoint === 'string' ? { waypoint } : {}) };
  return Object.keys(data).length > 0 ? data : undefined;
}

function workspaceEdit(edits: readonly SpanEdit[], documents: SnapshotDocuments): WorkspaceEdit | undefined {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of edits) {
    const document = documents.get(edit.uri);
    if (!document) return undefined;
    (changes[edit.uri] ??= []).push({ range: toLspRange(document, edit.span), newText: edit.newText });
  }
  return { changes };
}

export function codeActionsAnswer(snapshot: AnalysisSnapshot, document: TextDocument, range: Range, diagnostics: readonly Diagnostic[], open: (uri: string) => TextDocument | undefined): CodeAction[] {
  const documents = new SnapshotDocuments(snapshot, open);
  const span = { start: document.offsetAt(range.start), end: document.offsetAt(range.end) };
  const given = findingsOf(document, diagnostics);
  const actions = snapshot.codeActions(document.uri, span, given.length > 0 ? given : undefined);
  const fixes = actions.flatMap((action): CodeAction[] => {
    const edit = workspaceEdit(action.edits, documents);
    if (!edit) return [];
    const fixed = action.fixes ? diagnostics.find((d) => d.code === action.fixes!.code && document.offsetAt(d.range.start) === action.fixes!.span.start) : undefined;
    return [{
      title: action.title,
      kind: action.kind === 'quickfix' ? CodeActionKind.QuickFix : CodeActionKind.RefactorRewrite,
      edit,
      ...(fixed ? { diagnostics: [fixed] } : {}),
      ...(action.preferred ? { isPreferred: true } : {}),
    }];
  });
  return [...fixes, ...snapshot.flowActions(document.uri, span).flatMap((action) => flowCodeAction(action, documents))];
}

/**
 * "Allow <from> → <to>": edits of existing files as `changes`; a new policy file needs `documentChanges` (a
 * CreateFile, then its text), which clients that cannot create files refuse to apply as a whole.
 */
function flowCodeAction(action: FlowAction, documents: SnapshotDocuments): CodeAction[] {
  const base = { title: action.title, kind: CodeActionKind.RefactorRewrite, data: { flow: action.flow } };
  if (action.disabledReason !== undefined) return [{ ...base, disabled: { reason: action.disabledReason } }];
  if (action.newFiles.length === 0) {
    const edit = workspaceEdit(action.edits, documents);
    return edit ? [{ ...base, edit }] : [];
  }
  const changes: (TextDocumentEdit | CreateFile)[] = [];
  for (const file of action.newFiles) {
    changes.push({ kind: 'create', uri: file.uri, options: { ignoreIfExists: false, overwrite: false } });
    changes.push({ textDocument: { uri: file.uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.text }] });
  }
  const byUri = new Map<string, TextEdit[]>();
  for (const edit of action.edits) {
    const document = documents.get(edit.uri);
    if (!document) return [];
    const list = byUri.get(edit.uri) ?? [];
    list.push({ range: toLspRange(document, edit.span), newText: edit.newText });
    byUri.set(edit.uri, list);
  }
  for (const [uri, edits] of byUri) changes.push({ textDocument: { uri, version: null }, edits });
  return [{ ...base, edit: { documentChanges: changes } }];
}

export function documentSymbolsAnswer(snapshot: AnalysisSnapshot, document: TextDocument): DocumentSymbol[] {
  const convert = (symbol: OutlineSymbol): DocumentSymbol => ({
    name: symbol.name,
    detail: symbol.detail,
    kind: symbol.kind === 'policy' ? SymbolKind.Class : symbol.kind === 'rule' ? SymbolKind.Method : SymbolKind.Object,
    range: toLspRange(document, symbol.span),
    selectionRange: toLspRange(document, symbol.selection),
    children: symbol.children.map(convert),
  });
  return snapshot.documentSymbols(document.uri).map(convert);
}

export function locationsAnswer(snapshot: AnalysisSnapshot, spans: readonly FileSpan[], open: (uri: string) => TextDocument | undefined): Location[] {
  const documents = new SnapshotDocuments(snapshot, open);
  return spans.flatMap((s) => {
    const document = documents.get(s.file);
    return document ? [{ uri: s.file, range: toLspRange(document, s.span) }] : [];
  });
}

export function codeLensesAnswer(snapshot: AnalysisSnapshot, document: TextDocument, maxEdges: number): CodeLens[] {
  return snapshot.policyLenses(document.uri, maxEdges).map((lens) => {
    const range = toLspRange(document, lens.span);
    return { range, command: { title: lens.title, command: showPolicyGraphCommand, arguments: [document.uri, range.start.line] } };
  });
}

export function flowChangeAnswer(snapshot: AnalysisSnapshot, params: FlowChangeParams, open: (uri: string) => TextDocument | undefined): FlowChangeResult {
  const answer = snapshot.flowChange({ from: params.from, to: params.to, port: params.port, protocol: params.protocol ?? 'TCP', intent: params.intent });
  if ('error' in answer) return { error: answer.error };
  const documents = new SnapshotDocuments(snapshot, open);
  const edits = answer.change.edits.flatMap((edit) => {
    const document = documents.get(edit.uri);
    return document ? [{ uri: edit.uri, range: toLspRange(document, edit.span), newText: edit.newText }] : [];
  });
  const graphChanges = answer.graphChanges.slice(0, maxComparedFlows).map((c) => ({ kind: c.kind, from: c.from.id, to: c.to.id, base: c.base?.ports ?? 'No Connections', head: c.head?.ports ?? 'No Connections', aspects: [...c.aspects] }));
  return { title: answer.change.title, edits, newFiles: answer.change.newFiles, notes: answer.change.notes, before: answer.change.before, after: answer.after, graphChanges };
}
