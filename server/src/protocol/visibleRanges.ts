// `meshlens/visibleRanges`: a notification from the editor with the lines it shows of a document (every
// visible editor of it, 0-based lines, both ends included; an empty list when it is no longer shown). The
// server analyses the YAML documents under those lines first and reports their own findings before the rest
// of a large file is read; the final diagnostics are the same with or without it. Editors that never send it
// get the file analysed from the top.

export const visibleRangesMethod = 'meshlens/visibleRanges' as const;

export interface VisibleLineRange {
  readonly start: number;
  readonly end: number;
}

export interface VisibleRangesParams {
  readonly uri: string;
  readonly ranges: readonly VisibleLineRange[];
}

/** The params if `value` is well formed (a uri and whole-number line ranges), else undefined. */
export function readVisibleRanges(value: unknown): VisibleRangesParams | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { uri, ranges } = value as { uri?: unknown; ranges?: unknown };
  if (typeof uri !== 'string' || !Array.isArray(ranges)) return undefined;
  const lines: VisibleLineRange[] = [];
  for (const range of ranges as unknown[]) {
    const { start, end } = (typeof range === 'object' && range !== null ? range : {}) as { start?: unknown; end?: unknown };
    if (!isLine(start) || !isLine(end)) return undefined;
    lines.push({ start: Math.min(start, end), end: Math.max(start, end) });
  }
  return { uri, ranges: lines };
}

function isLine(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
