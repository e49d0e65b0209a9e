// Collects the semantic findings of one policy document, placing each at the YAML node of a value path,
// plus the small readers the dialect checks use to walk a document's plain value without trusting its shape.
import type { Finding, Severity } from '../model/finding';
import type { ValuePath } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import type { PolicyDocument } from '../policyDocument';
import { spanAt } from '../yaml/parseYamlDocuments';

export class PolicyFindings {
  readonly list: Finding[] = [];

  constructor(readonly doc: PolicyDocument) {}

  /** Reports `code` at the value of `path`, or at its key when the complaint is about the entry itself. */
  add(code: string, path: ValuePath, message: string, options: { at?: 'key' | 'value'; severity?: Severity } = {}): void {
    const span = spanAt(this.doc.yaml, path, options.at ?? 'value');
    this.list.push(makeFinding(code, span, message, this.doc.yaml.index, { severity: options.severity }));
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The items of a list, or none when the value is absent or not a list (the schema reports wrong types). */
export function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

export function isNonEmptyList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

/** A scalar as the API server's JSON decoding would see a string field; numbers are kept as their text. */
export function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
