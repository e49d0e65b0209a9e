// Decides which findings of a file the editor shows. meshlens runs on every YAML file, so it must stay
// silent on YAML that is not a policy: a file with no policy-kind document gets no diagnostics at all,
// not even YAML syntax errors (the YAML extension reports those). In a file with at least one policy,
// policy documents get all their findings, and documents whose kind cannot be read (often a policy
// broken mid-edit) get their YAML findings; documents of other known kinds (Deployment, ...) get nothing.
// Pure (no LSP imports) so it is unit-tested directly.
import type { FileAnalysis } from '../analyzeFile';
import type { Finding } from '../model/finding';
import { span } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { policyKindNamed, policyKinds } from '../policyKinds';

/** A top-level `kind:` line naming a policy kind; finds policies in text that does not parse. */
const policyKindLine = new RegExp(`^kind:[ \\t]*["']?(${policyKinds.map((k) => k.kind).join('|')})["']?[ \\t]*(#.*)?\\r?$`, 'm');

export function mentionsPolicyKind(text: string): boolean {
  return policyKindLine.test(text);
}

export function reportedFindings(analysis: FileAnalysis): Finding[] {
  // One pass (this runs on every diagnostics answer, over every document of the file).
  let anyPolicy = false;
  let replacement = -1;
  const findings: Finding[] = [];
  for (const d of analysis.documents) {
    const kind = d.summary.kind;
    const policyKind = policyKindNamed(kind) !== undefined;
    if (policyKind || (!anyPolicy && kind === undefined && mentionsPolicyKind(d.yaml.text))) anyPolicy = true;
    // Unreadable-kind documents are kept whether or not they mention a policy kind, so no second test is needed.
    if (kind === undefined || policyKind) for (const f of d.findings) findings.push(f);
    if (replacement === -1) {
      const at = replacementIn(d);
      if (at !== -1) replacement = d.yaml.start + at;
    }
  }
  if (!anyPolicy) return [];
  if (replacement !== -1) {
    // The editor already decoded the bytes; U+FFFD is what invalid UTF-8 became.
    findings.push(
      makeFinding('ML0005', span(replacement, replacement + 1), 'The file contains U+FFFD replacement characters: it was probably not valid UTF-8 when it was read. Kubernetes manifests must be UTF-8.', undefined, { severity: 'warning' }),
    );
  }
  return findings;
}

/** Where a document's text has U+FFFD (relative to its start), looked up once per parsed document, not per answer. */
const replacements = new WeakMap<object, number>();

function replacementIn(document: FileAnalysis['documents'][number]): number {
  const key = document.yaml.ast as object;
  let at = replacements.get(key);
  if (at === undefined) {
    at = document.yaml.text.indexOf('\uFFFD');
    replacements.set(key, at);
  }
  return at;
}

/** The single finding for a file above the size limit, or none when the file holds no policy. */
export function tooLargeFindings(text: string, maxBytes: number): Finding[] {
  return mentionsPolicyKind(text) ? [tooLargeFinding(text.length, maxBytes)] : [];
}

/** ML0006 for a text of `length` characters above `maxBytes`. */
export function tooLargeFinding(length: number, maxBytes: number): Finding {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return makeFinding('ML0006', span(0, 0), `File is about ${mib(length)} MiB, above the ${mib(maxBytes)} MiB limit (setting meshlens.maxFileSizeMB); it was not analysed.`);
}
