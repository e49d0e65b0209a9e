// Offsets into the analysed text (UTF-16 code units, as JavaScript strings index them).
// Only adapters (LSP, CLI) turn spans into line/character positions, through LineIndex.

export interface SourceSpan {
  readonly start: number;
  readonly end: number;
}

export function span(start: number, end: number): SourceSpan {
  return { start, end: Math.max(start, end) };
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
