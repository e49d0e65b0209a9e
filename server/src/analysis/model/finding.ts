// A finding is an analysis result: a registered code at a span, with a plain-words message.
// Adapters turn findings into LSP diagnostics, CLI lines, JSON or SARIF results.
import type { SourceSpan } from './sourceSpan';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedSpan {
  readonly message: string;
  readonly span: SourceSpan;
}

/** Machine-readable facts a quick fix is built from. */
export interface FindingData {
  /** Replace the finding's span with this text (quoted like the original scalar). */
  readonly replaceWith?: string;
  /** The waypoint (`namespace/name`) a policy should attach to with targetRefs. */
  readonly waypoint?: string;
}

export interface Finding {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: SourceSpan;
  /** Index of the YAML document in its file; absent for file-level findings. */
  readonly documentIndex?: number;
  readonly related?: readonly RelatedSpan[];
  readonly data?: FindingData;
}
