// Collects the findings of one policy document, placing each at the YAML node a value path names.
import type { Finding, Severity } from '../../model/finding';
import type { ValuePath } from '../../model/sourceSpan';
import { makeFinding } from '../../findings/findingCodes';
import type { PolicyDocument } from '../../policyDocument';
import { spanAt } from '../../yaml/parseYamlDocuments';

export class PolicyReporter {
  readonly findings: Finding[] = [];

  constructor(private readonly doc: PolicyDocument) {}

  /** Reports at the value of `path` (or at its key with `at: 'key'`), with the code's registered severity. */
  report(code: string, path: ValuePath, message: string, options: { at?: 'key' | 'value'; severity?: Severity } = {}): void {
    const where = spanAt(this.doc.yaml, path, options.at ?? 'value');
    this.findings.push(makeFinding(code, where, message, this.doc.yaml.index, options.severity ? { severity: options.severity } : {}));
  }
}
