// Decides which findings of a file the editor shows. meshlens runs on every YAML file, so it must stay
// silent on YAML that is not a policy: a file with no policy-kind document gets no diagnostics at all,
// not even YAML syntax errors (the YAML extension reports those). In a file with at least one policy,
// policy documents get all their findings, and documents whose kind cannot be read (often a policy
// broken mid-edit) get their YAML findings; documents of other known kinds (Deployment, ...) get nothing.
// Pure (no LSP imports) so it is unit-tested directly.
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import type { Finding } from '../model/finding';
import { span } from '../model/sourceSpan';
import { makeFinding } from '../findings/findingCodes';
import { policyKindNamed, policyKinds } from '../policyKinds';
import type { BlockText } from './blockText';
import type { DocumentSegments } from '../documentSegments';
import { groupCounts, type FindingGroup } from './mergeFindings';

/** A top-level `kind:` line naming a policy kind; finds policies in text that does not parse. */
const policyKindLine = new RegExp(`^kind:[ \\t]*["']?(${policyKinds.map((k) => k.kind).join('|')})["']?[ \\t]*(#.*)?\\r?$`, 'm');

export function mentionsPolicyKind(text: string): boolean {
  return policyKindLine.test(text);
}

export function reportedFindings(analysis: FileAnalysis): Finding[] {
  // One pass (this runs on every diagnostics answer, over every document of the file), one lookup per document.
  let anyPolicy = false;
  let replacement = -1;
  const findings: Finding[] = [];
  for (const d of analysis.documents) {
    const facts = documentFacts(d);
    if (facts.policyKind || (!anyPolicy && facts.mentionsPolicy)) anyPolicy = true;
    // Unreadable-kind documents are kept whether or not they mention a policy kind, so no second test is needed.
    if (facts.reported) for (const f of d.findings) findings.push(f);
    if (replacement === -1 && facts.replacementAt !== -1) replacement = d.yaml.start + facts.replacementAt;
  }
  if (!anyPolicy) return [];
  if (replacement !== -1) findings.push(replacementFinding(replacement));
  return findings;
}

/** One segment's part of `reportedFindings`, at the offsets its documents were analysed at. */
interface SegmentReport {
  readonly anyPolicy: boolean;
  readonly findings: readonly Finding[];
  /** FindingGroup counts of `findings`. */
  readonly counts: readonly number[];
  /** Where its first U+FFFD is, unmoved, or -1. */
  readonly replacementAt: number;
}

/** Per segment document list (unchanged while its documents are: an edit elsewhere only moves them). */
const reportBySegment = new WeakMap<readonly DocumentAnalysis[], SegmentReport>();

/**
 * `reportedFindings` of an analysis held in segments, as groups for the merge (mergeFindingGroups), without moving
 * a document: a segment's findings with its delta. Computed per segment once, so a keystroke costs the segments'
 * count.
 */
export function reportedSegmentFindings(segments: DocumentSegments): FindingGroup[] {
  const groups: FindingGroup[] = [];
  let anyPolicy = false;
  let replacement = -1;
  for (const segment of segments.segments) {
    let report = reportBySegment.get(segment.documents);
    if (!report) {
      let segmentPolicy = false;
      let replacementAt = -1;
      const own: Finding[] = [];
      for (const d of segment.documents) {
        const facts = documentFacts(d);
        if (facts.policyKind || facts.mentionsPolicy) segmentPolicy = true;
        if (facts.reported) for (const f of d.findings) own.push(f);
        if (replacementAt === -1 && facts.replacementAt !== -1) replacementAt = d.yaml.start + facts.replacementAt;
      }
      report = { anyPolicy: segmentPolicy, findings: own, counts: groupCounts(own), replacementAt };
      reportBySegment.set(segment.documents, report);
    }
    if (report.anyPolicy) anyPolicy = true;
    if (report.findings.length > 0) groups.push(movedGroup(report.findings, report.counts, segment.delta));
    if (replacement === -1 && report.replacementAt !== -1) replacement = report.replacementAt + segment.delta;
  }
  if (!anyPolicy) return [];
  if (replacement !== -1) {
    const finding = replacementFinding(replacement);
    groups.push(movedGroup([finding], groupCounts([finding]), 0));
  }
  return groups;
}

/** `findings` all moved by `delta`, as a merge group. */
export function movedGroup(findings: readonly Finding[], counts: readonly number[], delta: number): FindingGroup {
  return {
    counts,
    visit: (each) => {
      for (const f of findings) each(f, delta);
    },
  };
}

function replacementFinding(at: number): Finding {
  // The editor already decoded the bytes; U+FFFD is what invalid UTF-8 became.
  return makeFinding('ML0005', span(at, at + 1), 'The file contains U+FFFD replacement characters: it was probably not valid UTF-8 when it was read. Kubernetes manifests must be UTF-8.', undefined, { severity: 'warning' });
}

/** What decides a document's part in the answer; a function of its text, so read once per parsed document. */
interface DocumentFacts {
  /** Its kind is a policy kind. */
  readonly policyKind: boolean;
  /** Its kind cannot be read and its text has a policy kind's `kind:` line (a policy broken mid-edit). */
  readonly mentionsPolicy: boolean;
  /** Its findings are shown: a policy, or a document whose kind cannot be read. */
  readonly reported: boolean;
  /** Where its text has U+FFFD (relative to its start), or -1. */
  readonly replacementAt: number;
}

/** Keyed by the document's YamlSyntax, which a document keeps while its text is unchanged (also when an edit moves it). */
const factsByDocument = new WeakMap<object, DocumentFacts>();

function documentFacts(document: DocumentAnalysis): DocumentFacts {
  const key = document.yaml.syntax;
  let facts = factsByDocument.get(key);
  if (!facts) {
    const kind = document.summary.kind;
    const policyKind = policyKindNamed(kind) !== undefined;
    facts = {
      policyKind,
      mentionsPolicy: kind === undefined && mentionsPolicyKind(document.yaml.text),
      reported: kind === undefined || policyKind,
      replacementAt: document.yaml.text.indexOf('\uFFFD'),
    };
    factsByDocument.set(key, facts);
  }
  return facts;
}

/** The single finding for a file above the size limit, or none when the file holds no policy. */
export function tooLargeFindings(text: string | BlockText, maxBytes: number): Finding[] {
  const mentions = typeof text === 'string' ? mentionsPolicyKind(text) : text.someLineMatches(policyKindLine);
  return mentions ? [tooLargeFinding(text.length, maxBytes)] : [];
}

/** ML0006 for a text of `length` characters above `maxBytes`. */
export function tooLargeFinding(length: number, maxBytes: number): Finding {
  const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
  return makeFinding('ML0006', span(0, 0), `File is about ${mib(length)} MiB, above the ${mib(maxBytes)} MiB limit (setting meshlens.maxFileSizeMB); it was not analysed.`);
}
