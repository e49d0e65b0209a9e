// `meshlens check --format json`: version 1 of the machine-readable report (issue 2), with each policy
// document's rules and their layer/enforcer (issue 3). Positions are 0-based LSP line/character.
// Later versions may add fields, never change the meaning of these.
import type { CheckedFile } from '../checkedFile';
import type { EnforcerId, Layer, RuleMode } from '../../analysis/enforcement/ruleEnforcement';
import { formatPath } from '../../analysis/model/sourceSpan';
import { enforcementLabel } from '../../analysis/enforcement/describeEnforcement';
import type { SourceSpan } from '../../analysis/model/sourceSpan';
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
  /** Present for policy documents: every rule with the layer and component that enforce it. */
  readonly rules?: readonly RuleJson[];
}

export interface RuleJson {
  /** e.g. `spec.ingress[0].toPorts[0].rules.http[0]` */
  readonly path: string;
  readonly range: RangeJson;
  readonly layer: Layer;
  readonly enforcer: EnforcerId;
  readonly mode: RuleMode;
  readonly summary: string;
  /** The annotation hover, inlay hints and graph edges show, e.g. `L7 · needs a waypoint — dropped by ztunnel`. */
  readonly label: string;
  /** True when the enforcer cannot read attributes only a waypoint enforces (the layer is the written one). */
  readonly needsWaypoint?: boolean;
}

export interface RangeJson {
  readonly start: Position;
  readonly end: Position;
}

export interface DiagnosticJson {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: RangeJson;
  readonly documentIndex?: number;
}

export function checkReportJson(files: readonly CheckedFile[]): CheckReportJson {
  return {
    version: 1,
    files: files.map((file) => {
      const range = (at: SourceSpan): RangeJson => ({ start: file.lines.positionAt(at.start), end: file.lines.positionAt(at.end) });
      const rulesOf = new Map(file.enforcement.map((e) => [e.documentIndex, e.rules]));
      return {
        path: file.path,
        documents: (file.analysis?.documents ?? []).map(({ summary }) => ({
          index: summary.index,
          apiVersion: summary.apiVersion,
          kind: summary.kind,
          name: summary.name,
          namespace: summary.namespace,
          rules: rulesOf.get(summary.index)?.map((rule) => ({
            path: formatPath(rule.path),
            range: range(rule.span),
            layer: rule.layer,
            enforcer: rule.enforcer,
            mode: rule.mode,
            summary: rule.summary,
            label: enforcementLabel(rule),
            ...(rule.needsWaypoint ? { needsWaypoint: true } : {}),
          })),
        })),
        diagnostics: file.findings.map((finding) => ({
          code: finding.code,
          severity: finding.severity,
          message: finding.message,
          range: range(finding.span),
          documentIndex: finding.documentIndex,
        })),
      };
    }),
  };
}

/** Absent optional fields are left out (JSON.stringify drops undefined). */
export function formatJson(files: readonly CheckedFile[]): string {
  return JSON.stringify(checkReportJson(files), null, 2) + '\n';
}
