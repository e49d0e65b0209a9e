// Pure scoring of conformance cases: which category an expectation counts in, whether a file's findings
// satisfy it, and the per-category summary lines the runner prints. No IO here, so tests can reuse it.
import type { Finding } from '../analysis/model/finding';

/** The `expected` column values of a corpus MANIFEST.tsv that describe a single policy file. */
export type FileExpectation = 'valid' | 'valid-with-warning' | 'valid-upstream-stale' | 'valid-after-doc-render' | 'invalid';

/** Categories the runner prints a line for; `connectivity` is reserved for the verdict cases added later. */
export type ConformanceCategory = 'valid' | 'invalid';

export interface ExpectationRule {
  /** Category the expectation counts in; undefined when it is not counted at all. */
  readonly category?: ConformanceCategory;
  /** Whether the file must produce at least one error (true) or none (false). */
  readonly wantsError: boolean;
  readonly why: string;
}

// The rules of issue 2, item 11 (see ../shared/corpus/README.md for what each expectation means).
const expectationRules: Record<FileExpectation, ExpectationRule> = {
  valid: { category: 'valid', wantsError: false, why: 'upstream accepts it' },
  'valid-with-warning': { category: 'valid', wantsError: false, why: 'upstream accepts it with a warning' },
  'valid-upstream-stale': { category: 'valid', wantsError: true, why: 'upstream ships it, but a field is gone from the current CRD' },
  'valid-after-doc-render': { wantsError: false, why: 'needs the docs site to render a shortcode first; not counted' },
  invalid: { category: 'invalid', wantsError: true, why: 'upstream rejects it' },
};

export function expectationRule(expectation: string): ExpectationRule | undefined {
  return Object.hasOwn(expectationRules, expectation) ? expectationRules[expectation as FileExpectation] : undefined;
}

export interface CaseResult {
  readonly file: string;
  readonly expectation: string;
  readonly sourceGroup?: string;
  readonly category?: ConformanceCategory;
  readonly passed: boolean;
  readonly errorCount: number;
  readonly warningCount: number;
  /** Distinct finding codes, in first-seen order. */
  readonly codes: readonly string[];
  /** The first error messages (a few), to compare with the case's `# expect-error:` header by eye. */
  readonly errorMessages: readonly string[];
  /** The case's `# expect-error:` header, when it has one. */
  readonly expectError?: string;
  /** Set when the file could not be read or analysed (counts as failed). */
  readonly problem?: string;
}

export interface CaseInput {
  readonly file: string;
  readonly expectation: string;
  readonly sourceGroup?: string;
  readonly text?: string;
  readonly problem?: string;
}

const MESSAGES_KEPT = 3;

/** Scores one file from its findings. Pure. */
export function scoreCase(input: CaseInput, findings: readonly Finding[]): CaseResult {
  const rule = expectationRule(input.expectation);
  const errors = findings.filter((f) => f.severity === 'error');
  const warningCount = findings.filter((f) => f.severity === 'warning').length;
  const codes = [...new Set(findings.map((f) => f.code))];
  const passed = input.problem === undefined && rule !== undefined && (rule.wantsError ? errors.length > 0 : errors.length === 0);
  const expectError = input.text === undefined ? undefined : expectErrorHeader(input.text);
  return {
    file: input.file,
    expectation: input.expectation,
    ...(input.sourceGroup ? { sourceGroup: input.sourceGroup } : {}),
    ...(rule?.category ? { category: rule.category } : {}),
    passed,
    errorCount: errors.length,
    warningCount,
    codes,
    errorMessages: errors.slice(0, MESSAGES_KEPT).map((f) => `${f.code} ${f.message}`),
    ...(expectError === undefined ? {} : { expectError }),
    ...(input.problem === undefined ? {} : { problem: input.problem }),
  };
}

/** The `# expect-error:` header line of an invalid corpus case. */
export function expectErrorHeader(text: string): string | undefined {
  const match = /^# expect-error:[ \t]*(.*)$/m.exec(text);
  return match ? match[1].trim() : undefined;
}

export interface CategoryTally {
  readonly passed: number;
  readonly failed: number;
}

export type ConformanceSummary = Record<ConformanceCategory, CategoryTally>;

export function summarize(results: readonly CaseResult[]): ConformanceSummary {
  const tally = (category: ConformanceCategory): CategoryTally => {
    const counted = results.filter((r) => r.category === category);
    const passed = counted.filter((r) => r.passed).length;
    return { passed, failed: counted.length - passed };
  };
  return { valid: tally('valid'), invalid: tally('invalid') };
}

/** Exactly one line per category, e.g. `valid: 240 passed, 0 failed`. */
export function formatSummary(summary: ConformanceSummary): string[] {
  return (Object.keys(summary) as ConformanceCategory[]).map((c) => `${c}: ${summary[c].passed} passed, ${summary[c].failed} failed`);
}
