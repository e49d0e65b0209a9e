// The only place analysis values become LSP wire types: spans (UTF-16 offsets) to Ranges, findings to
// Diagnostics, completion suggestions and hovers to their LSP shapes.
import {
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type Range,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { WorkerDocument } from './worker/workerDocument';
import type { Finding, Severity } from '../analysis/model/finding';
import type { SourceSpan } from '../analysis/model/sourceSpan';
import type { CompletionSuggestion } from '../analysis/features/completion';
import type { HoverResult } from '../analysis/features/hover';

/** `source` of every diagnostic, distinct from the YAML extension's so problems are not shown twice. */
export const diagnosticSource = 'meshlens';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Spans ending this close to the start are checked for a line break before the document's line table is built. */
const FIRST_LINE_SCAN = 4096;

export function toLspRange(document: TextDocument, at: SourceSpan): Range {
  // A span on the first line needs no line table. That is the ML0006/ML0020 of a file too large or too slow to
  // analyse: building the table of a 50 MB text for it took ~300 ms and tens of MB on every version.
  if (at.end <= FIRST_LINE_SCAN) {
    // The worker's block-held copy reads its first characters without joining the whole text.
    const text = document instanceof WorkerDocument ? document.content.slice(0, at.end) : document.getText();
    const end = Math.min(at.end, text.length);
    if (!/[\r\n]/.test(text.slice(0, end))) return { start: { line: 0, character: Math.max(0, Math.min(at.start, end)) }, end: { line: 0, character: end } };
  }
  return { start: document.positionAt(at.start), end: document.positionAt(at.end) };
}

/** `docsBase` is the URL of docs/diagnostics.md; each code links to its anchor there. */
export function toDiagnostic(document: TextDocument, finding: Finding, docsBase: string): Diagnostic {
  return {
    range: toLspRange(document, finding.span),
    severity: severities[finding.severity],
    source: diagnosticSource,
    code: finding.code,
    codeDescription: { href: `${docsBase}#${finding.code.toLowerCase()}` },
    message: finding.message,
    // Read back from the code-action request's context (quick fixes built from the finding's facts).
    ...(finding.data ? { data: finding.data } : {}),
    ...(finding.related && finding.related.length > 0
      ? {
          relatedInformation: finding.related.map((r) => ({
            location: { uri: document.uri, range: toLspRange(document, r.span) },
            message: r.message,
          })),
        }
      : {}),
  };
}

const completionKinds: Record<CompletionSuggestion['kind'], CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  snippet: CompletionItemKind.Snippet,
};

export function toCompletionItem(document: TextDocument, suggestion: CompletionSuggestion): CompletionItem {
  return {
    label: suggestion.label,
    kind: completionKinds[suggestion.kind],
    ...(suggestion.detail ? { detail: suggestion.detail } : {}),
    ...(suggestion.documentation ? { documentation: { kind: MarkupKind.Markdown, value: suggestion.documentation } } : {}),
    insertTextFormat: suggestion.isSnippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    textEdit: { range: toLspRange(document, suggestion.replace), newText: suggestion.insertText },
    // The replaced word is the filter text, so `toPor` matches `toPorts` even with a leading space inserted.
    filterText: suggestion.label,
    sortText: suggestion.sortText,
  };
}

export function toHover(document: TextDocument, hover: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toLspRange(document, hover.span) };
}
