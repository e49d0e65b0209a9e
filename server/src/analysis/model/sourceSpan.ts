// Offsets into the analysed text (UTF-16 code units, as JavaScript strings index them).
// Only adapters (LSP, CLI) turn spans into line/character positions, through LineIndex.

export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): SourceSpan {
  return { start, end: Math.max(start, end) };
}

/**
 * A span looked up when first read. Classifying a policy names where each of its rules is and checking it places
 * each finding, but only hovers, hints, the graph's rule links and the findings shown (a file shows at most 500)
 * read those places, and looking one up composes the document's yaml AST (yaml/parseYamlDocuments.ts YamlSyntax),
 * which most documents of a large file otherwise never need. The getters are
 * own and enumerable, so spreading, JSON and structured clone see plain numbers.
 */
export function spanWhenRead(find: () => SourceSpan): SourceSpan {
  return deferredSpan({ find }, 0);
}

/**
 * A span moved by `delta` (an edit before it changed the text's length). One not looked up yet stays so: the moved
 * copy shares the lookup, so an edit does not compose every later document that has findings.
 */
export function movedSpan(moving: SourceSpan, delta: number): SourceSpan {
  const deferred = (moving as { [DEFERRED]?: { cell: DeferredCell; delta: number } })[DEFERRED];
  if (deferred && deferred.cell.found === undefined) return deferredSpan(deferred.cell, deferred.delta + delta);
  return { start: moving.start + delta, end: moving.end + delta };
}

const DEFERRED = Symbol('deferred span');

interface DeferredCell {
  find?: () => SourceSpan;
  found?: SourceSpan;
}

function deferredSpan(cell: DeferredCell, delta: number): SourceSpan {
  const found = (): SourceSpan => {
    if (cell.found === undefined) {
      cell.found = cell.find!();
      cell.find = undefined;
    }
    return cell.found;
  };
  const deferred = {
    get start(): number {
      return found().start + delta;
    },
    get end(): number {
      return found().end + delta;
    },
  };
  // Not enumerable: equality, spreading and JSON see only start and end.
  Object.defineProperty(deferred, DEFERRED, { value: { cell, delta } });
  return deferred;
}

/** A path into a document's value, e.g. ['spec', 'ingress', 0, 'toPorts']. */
export type ValuePath = readonly (string | number)[];

/** Renders a path the way users read it: `spec.ingress[0].toPorts`. */
export function formatPath(path: ValuePath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}
