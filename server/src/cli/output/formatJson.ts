// `meshlens check --format json`: version 1 of the machine-readable report (issue 2). Positions are
// 0-based LSP line/character. Later versions may add fields, never change the meaning of these.
import type { CheckedFile } from '../checkedFile';
import type { Severity } from '../../analysis/model/finding';
import type { Position } from '../../analysis/yaml/lineIndex';

export interface CheckReportJson {
  readonly version: 1;
  readonly files: readonly FileReportJson[];
}

export interface FileReportJson {
  readonly path: string;
  readonly documents: readonly DocumentReportJson[];
  readonly diagnostics: readonly DiagnosticJson[];
}

export interface DocumentReportJson {
  readonly index: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

export interface DiagnosticJson {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: { readonly start: Position; readonly end: Position };
  readonly documentIndex?: number;
}

export function checkReportJson(files: readonly CheckedFile[]): CheckReportJson {
  return {
    version: 1,
    files: files.map((file) => ({
      path: file.path,
      documents: (file.analysis?.documents ?? []).map(({ summary }) => ({
        index: summary.index,
        apiVersion: summary.apiVersion,
        kind: summary.kind,
        name: summary.name,
        namespace: summary.namespace,
      })),
      diagnostics: file.findings.map((finding) => ({
        code: finding.code,
        severity: finding.severity,
        message: finding.message,
        range: { start: file.lines.positionAt(finding.span.start), end: file.lines.positionAt(finding.span.end) },
        documentIndex: finding.documentIndex,
      })),
    })),
  };
}

/** Absent optional fields are left out (JSON.stringify drops undefined). */
export function formatJson(files: readonly CheckedFile[]): string {
  return JSON.stringify(checkReportJson(files), null, 2) + '\n';
}
