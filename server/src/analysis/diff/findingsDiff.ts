// The findings a change introduces: errors and warnings the head reports that the base did not. Findings are
// matched by file, code and message, not position, so a finding that only moved (lines added above it) is not new.
import type { Finding } from '../model/finding';
import { LineIndex } from '../yaml/lineIndex';
import type { NewFinding } from './diffModel';

export interface FileFindings {
  readonly file: string;
  readonly text: string;
  readonly findings: readonly Finding[];
}

export function newFindings(base: readonly FileFindings[], head: readonly FileFindings[]): NewFinding[] {
  const key = (file: string, f: Finding): string => `${file}\u0000${f.code}\u0000${f.message}`;
  const known = new Map<string, number>();
  for (const file of base) for (const f of file.findings) known.set(key(file.file, f), (known.get(key(file.file, f)) ?? 0) + 1);
  const out: NewFinding[] = [];
  for (const file of head) {
    let lines: LineIndex | undefined;
    for (const f of file.findings) {
      if (f.severity !== 'error' && f.severity !== 'warning') continue;
      const k = key(file.file, f);
      const left = known.get(k) ?? 0;
      if (left > 0) {
        known.set(k, left - 1);
        continue;
      }
      lines ??= new LineIndex(file.text);
      out.push({ file: file.file, code: f.code, severity: f.severity, message: f.message, range: { start: lines.positionAt(f.span.start), end: lines.positionAt(f.span.end) } });
    }
  }
  return out;
}
