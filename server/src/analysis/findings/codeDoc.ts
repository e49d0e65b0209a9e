// The shape of one entry in the diagnostic-code registry (see findingCodes.ts).
import type { Severity } from '../model/finding';

export interface FindingCodeDoc {
  /** Stable id shown to users and in CI output: ML + 4 digits. Never renumber. */
  readonly code: string;
  /** kebab-case name, stable too. */
  readonly name: string;
  readonly severity: Severity;
  readonly title: string;
  /** A paragraph: what it means, why it matters, how to fix it. */
  readonly doc: string;
  /** The upstream code or doc whose behaviour the finding mirrors. */
  readonly upstream: string;
}
