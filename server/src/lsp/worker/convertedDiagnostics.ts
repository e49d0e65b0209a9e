// The wire form of a document's findings, kept from one answer to the next. A keystroke changes a few findings of
// a file with hundreds; the others are the same findings, at the same offsets (before the edit) or moved by the
// edit's length (after it). Their Diagnostics are the ones converted last time: unchanged before the edit, and after
// it the same with the lines moved by the lines the edit added (the very objects when it added none), so only the
// findings the edit touched are converted (positionAt) again. Reused objects also make the splice diff
// (diagnosticResults.ts) a pointer comparison per item.
import type { Diagnostic, Range } from 'vscode-languageserver';
import type { Finding, RelatedSpan } from '../../analysis/model/finding';
import { composeExtents, type EditExtent } from '../../analysis/host/editedAnalysis';
import { toDiagnostic } from '../toLsp';
import type { WorkerDocument } from './workerDocument';

interface Converted {
  readonly version: number;
  readonly length: number;
  readonly lineCount: number;
  readonly findings: readonly Finding[];
  readonly items: readonly Diagnostic[];
  /** What the edits since this conversion left alone of its text; undefined: none since. */
  extent?: EditExtent;
}

export class ConvertedDiagnostics {
  private readonly last = new Map<string, Converted>();

  constructor(private readonly docsBase: string) {}

  /** The document was edited; `extent` is what the edit left alone (undefined: a whole new text). */
  edited(uri: string, extent: EditExtent | undefined): void {
    const known = this.last.get(uri);
    if (!known) return;
    if (!extent) this.last.delete(uri);
    else known.extent = known.extent ? composeExtents(known.extent, extent) : extent;
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }

  /** The findings as LSP diagnostics of this version of the document: the same as toDiagnostic of each. */
  convert(document: WorkerDocument, findings: readonly Finding[]): Diagnostic[] {
    const known = this.last.get(document.uri);
    const items = known ? this.reuse(known, document, findings) : findings.map((f) => toDiagnostic(document, f, this.docsBase));
    this.last.set(document.uri, { version: document.version, length: document.content.length, lineCount: document.lineCount, findings, items });
    return items;
  }

  private reuse(known: Converted, document: WorkerDocument, findings: readonly Finding[]): Diagnostic[] {
    const sameText = known.version === document.version && known.extent === undefined;
    if (!sameText && !known.extent) return findings.map((f) => toDiagnostic(document, f, this.docsBase));
    const content = document.content;
    const delta = content.length - known.length;
    const lines = document.lineCount - known.lineCount;
    // Offsets before `prefix` have the positions they had (the text before them is the same, no line break at the
    // cut can pair differently). From `movedFrom` on, every line lies in the untouched end: the positions are the
    // old ones, the lines moved by `lines` (a `\r\n` cut by the edit lies before it).
    const prefix = sameText ? Number.POSITIVE_INFINITY : known.extent!.prefix;
    const suffixStart = sameText ? Number.POSITIVE_INFINITY : content.length - known.extent!.suffix;
    const movedFrom = suffixStart + 1 < content.length ? content.lineStart(content.positionAt(suffixStart + 1).line + 1) : Number.POSITIVE_INFINITY;
    const old = known.findings;
    let j = 0;
    const out: Diagnostic[] = new Array<Diagnostic>(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const finding = findings[i];
      const before = sameText || lastOffset(finding) < prefix;
      const after = !before && movedFrom < content.length && firstOffset(finding) >= movedFrom;
      let reused: Diagnostic | undefined;
      if (before || after) {
        const shift = before ? 0 : delta;
        const target = finding.span.start - shift;
        while (j < old.length && old[j].span.start < target) j++;
        for (let k = j; k < old.length && old[k].span.start === target; k++) {
          if (!sameFinding(old[k], finding, shift)) continue;
          reused = before || lines === 0 ? known.items[k] : withLinesMoved(known.items[k], lines);
          break;
        }
      }
      out[i] = reused ?? toDiagnostic(document, finding, this.docsBase);
    }
    return out;
  }
}

function firstOffset(finding: Finding): number {
  let first = finding.span.start;
  for (const r of finding.related ?? []) first = Math.min(first, r.span.start);
  return first;
}

function lastOffset(finding: Finding): number {
  let last = finding.span.end;
  for (const r of finding.related ?? []) last = Math.max(last, r.span.end);
  return last;
}

/** `now` says what `old` said, `shift` characters later (the host moves a finding by copying it: data is shared). */
function sameFinding(old: Finding, now: Finding, shift: number): boolean {
  if (old === now) return shift === 0;
  return (
    old.span.start + shift === now.span.start &&
    old.span.end + shift === now.span.end &&
    old.code === now.code &&
    old.severity === now.severity &&
    old.message === now.message &&
    old.data === now.data &&
    sameRelated(old.related, now.related, shift)
  );
}

function sameRelated(a: readonly RelatedSpan[] | undefined, b: readonly RelatedSpan[] | undefined, shift: number): boolean {
  if (a === b) return true;
  const [x, y] = [a ?? [], b ?? []];
  return x.length === y.length && x.every((r, i) => r.message === y[i].message && r.span.start + shift === y[i].span.start && r.span.end + shift === y[i].span.end);
}

function withLinesMoved(diagnostic: Diagnostic, lines: number): Diagnostic {
  const moved: Diagnostic = { ...diagnostic, range: moveRange(diagnostic.range, lines) };
  if (diagnostic.relatedInformation) moved.relatedInformation = diagnostic.relatedInformation.map((r) => ({ ...r, location: { ...r.location, range: moveRange(r.location.range, lines) } }));
  return moved;
}

function moveRange(range: Range, lines: number): Range {
  return { start: { line: range.start.line + lines, character: range.start.character }, end: { line: range.end.line + lines, character: range.end.character } };
}
