// Diagnostics answers that repeat the last one: most keystrokes leave a file's diagnostics as they were (same
// codes at the same lines and characters), and a large file has hundreds of them. The worker then answers with
// what changed since the last diagnostics it handed out for the uri (nothing, or a few items: in a file past the
// cap the ML0012 summary's count moves with every finding) instead of cloning the whole list across the thread,
// and the main thread gives equal answers one resultId, so a pull client that sends it back gets
// `{ kind: 'unchanged' }` (LSP 3.17 pull diagnostics) instead of the whole list again as JSON.
import type { Diagnostic, DiagnosticRelatedInformation, Range } from 'vscode-languageserver';
import type { VersionedDiagnostics } from './workerProtocol';

/** Items replaced in a list: `deleteCount` items at `at` give way to `items` (Array.prototype.splice's terms). */
export interface DiagnosticsSplice {
  readonly at: number;
  readonly deleteCount: number;
  readonly items: readonly Diagnostic[];
}

/**
 * What the worker posts for a diagnostics request: the items, or the splices (applied in order) that turn the last
 * items it handed out for the uri into these; no splice means the same items.
 */
export type DiagnosticsAnswer = VersionedDiagnostics | { readonly uri: string; readonly version: number; readonly splices: readonly DiagnosticsSplice[] };

/** The splices that turn `before` into `after`: the unequal items of an equal-length middle one by one, else the middle as one. */
export function diagnosticsSplices(before: readonly Diagnostic[], after: readonly Diagnostic[]): DiagnosticsSplice[] {
  let prefix = 0;
  const shorter = Math.min(before.length, after.length);
  while (prefix < shorter && sameDiagnostic(before[prefix], after[prefix])) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && sameDiagnostic(before[before.length - 1 - suffix], after[after.length - 1 - suffix])) suffix++;
  if (prefix === before.length && prefix === after.length) return [];
  if (before.length !== after.length) return [{ at: prefix, deleteCount: before.length - prefix - suffix, items: after.slice(prefix, after.length - suffix) }];
  const splices: DiagnosticsSplice[] = [];
  for (let i = prefix; i < after.length - suffix; i++) {
    if (sameDiagnostic(before[i], after[i])) continue;
    let end = i + 1;
    while (end < after.length - suffix && !sameDiagnostic(before[end], after[end])) end++;
    splices.push({ at: i, deleteCount: end - i, items: after.slice(i, end) });
    i = end;
  }
  return splices;
}

/** True when two diagnostics say exactly the same: what the editor shows of them is equal. */
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

  /** The answer with its items and resultId; undefined when splices have no items to apply to (never expected). */
  receive(answer: DiagnosticsAnswer): VersionedDiagnostics | undefined {
    if ('splices' in answer) {
      const known = this.last.get(answer.uri);
      if (!known) return undefined;
      if (answer.splices.length === 0) return { uri: answer.uri, version: answer.version, items: known.items, resultId: known.resultId };
      const items = known.items.slice();
      for (const splice of answer.splices) items.splice(splice.at, splice.deleteCount, ...splice.items);
      return this.record({ uri: answer.uri, version: answer.version, items });
    }
    return this.record(answer);
  }

  private record(answer: VersionedDiagnostics): VersionedDiagnostics {
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
