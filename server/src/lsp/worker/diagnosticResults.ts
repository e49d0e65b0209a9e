// Diagnostics answers that repeat the last one: most keystrokes leave a file's diagnostics as they were (same
// codes at the same lines and characters), and a large file has hundreds of them. The worker then answers
// "same items as the last diagnostics handed out for this uri" instead of cloning them across the thread, and
// the main thread gives equal answers one resultId, so a pull client that sends it back gets
// `{ kind: 'unchanged' }` (LSP 3.17 pull diagnostics) instead of the whole list again as JSON.
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { VersionedDiagnostics } from './workerProtocol';

/** What the worker posts for a diagnostics request: the items, or that they equal the last ones it handed out for the uri. */
export type DiagnosticsAnswer = VersionedDiagnostics | { readonly uri: string; readonly version: number; readonly sameItems: true };

/** True when two diagnostics lists say exactly the same (order included): what the editor would show is equal. */
export function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameDiagnostic(a[i], b[i])) return false;
  return true;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a === b ||
    (sameRange(a.range, b.range) &&
      a.message === b.message &&
      a.code === b.code &&
      a.severity === b.severity &&
      a.source === b.source &&
      a.codeDescription?.href === b.codeDescription?.href &&
      sameTags(a.tags, b.tags) &&
      sameRelated(a.relatedInformation, b.relatedInformation) &&
      sameData(a.data, b.data))
  );
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function sameTags(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((tag, i) => tag === b[i]);
}

function sameRelated(a: readonly DiagnosticRelatedInformation[] | undefined, b: readonly DiagnosticRelatedInformation[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((r, i) => r.message === b[i].message && r.location.uri === b[i].location.uri && sameRange(r.location.range, b[i].location.range));
}

/** `data` is the finding's plain facts (JSON-shaped), read back by quick fixes. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The main thread's record of the diagnostics it last received per uri (in the worker's order: answers and
 * background reports), so a "same items" answer gets its items back, and equal answers share one resultId.
 * ResultIds count up for the server's lifetime, so a restarted worker never repeats an old one.
 */
export class DiagnosticResults {
  private readonly last = new Map<string, { readonly resultId: string; readonly items: Diagnostic[] }>();
  private counter = 0;

  /** The answer with its items and resultId; undefined when a "same items" answer has nothing to refer to (never expected). */
  receive(answer: DiagnosticsAnswer): VersionedDiagnostics | undefined {
    if ('sameItems' in answer) {
      const known = this.last.get(answer.uri);
      return known ? { uri: answer.uri, version: answer.version, items: known.items, resultId: known.resultId } : undefined;
    }
    const resultId = String(++this.counter);
    this.last.set(answer.uri, { resultId, items: answer.items });
    return { ...answer, resultId };
  }

  forget(uri: string): void {
    this.last.delete(uri);
  }

  /** A new worker starts without a record of what it handed out: so does this side. */
  clear(): void {
    this.last.clear();
  }
}
