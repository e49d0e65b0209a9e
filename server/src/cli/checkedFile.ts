// The result of checking one file: what the output formats (text, JSON, SARIF) render.
import type { FileAnalysis } from '../analysis/analyzeFile';
import type { DocumentEnforcement } from '../analysis/enforcement/analyzeEnforcement';
import type { Finding, Severity } from '../analysis/model/finding';
import { LineIndex } from '../analysis/yaml/lineIndex';

export interface CheckedFile {
  /** The path as given on the command line (or joined onto the given folder). */
  readonly path: string;
  readonly text: string;
  readonly lines: LineIndex;
  /** Undefined when the file was not analysed (too large). */
  readonly analysis?: FileAnalysis;
  /** Layer/enforcer of each rule and the workspace pitfalls, per policy document. */
  readonly enforcement: readonly DocumentEnforcement[];
  /** File-level, per-document and enforcement findings, ordered by position; capped per file (capFindings). */
  readonly findings: readonly Finding[];
}

/** `findings` come merged and ordered from the analysis snapshot (host/mergeFindings.ts). */
export function checkedFile(
  path: string,
  text: string,
  findings: readonly Finding[],
  analysis?: FileAnalysis,
  enforcement: readonly DocumentEnforcement[] = [],
): CheckedFile {
  return { path, text, lines: new LineIndex(text), analysis, enforcement, findings };
}

export type SeverityCounts = Record<Severity, number>;

export function countSeverities(files: readonly CheckedFile[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const file of files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}
