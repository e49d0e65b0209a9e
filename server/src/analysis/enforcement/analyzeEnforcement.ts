// Facade for adapters (LSP, CLI): builds the workspace context from analysed files, then classifies the
// rules and finds the pitfalls of each policy document. Kept out of analyzeText so that stays fast and
// per-document; this needs the whole workspace.
import type { DocumentAnalysis, FileAnalysis } from '../analyzeFile';
import type { PolicyDocument } from '../policyDocument';
import { documentSegmentsOf } from '../documentSegments';
import type { Finding } from '../model/finding';
import { dataplaneContextOf, type DataplaneContext } from './dataplaneContext';
import type { DataplaneOverride } from '../workspace/meshMode';
import { mergeInventory, readInventoryFragment, type InventoryFragment } from '../inventory/buildInventory';
import { classifyRules } from './classifyRules';
import { deriveWorkspace, workspaceOfRuns, type EnforcementWorkspace, type WorkspacePolicy } from './enforcementWorkspace';
import { findEnforcementPitfalls } from './pitfalls/findEnforcementPitfalls';
import type { ClassificationDetail, ClassifiedRule } from './ruleEnforcement';

export interface AnalysedFile {
  /** The file's id (URI or path); document keys are `<key>#<index>`. */
  readonly key: string;
  readonly analysis: FileAnalysis;
}

export interface DocumentEnforcement {
  readonly documentIndex: number;
  readonly rules: readonly ClassifiedRule[];
  readonly findings: readonly Finding[];
}

/**
 * The data-plane context of the last workspace built with this object, and what it was read from: the
 * settings and the parsed values of every document that is not a policy (a policy document adds nothing to
 * the context). An edit of policies only reuses it instead of reading the whole workspace model again.
 */
export interface DataplaneReuse {
  inputs?: readonly unknown[];
  dataplane?: DataplaneContext;
  /** The last workspace built with this object: the next one derives its Cilium index from it (deriveWorkspace). */
  workspace?: EnforcementWorkspace;
  /** `<file>#<index>` per file and index, made once. */
  documentKeys?: Map<string, string[]>;
}

function documentKey(file: string, index: number, known: Map<string, string[]> | undefined): string {
  if (!known) return `${file}#${index}`;
  let keys = known.get(file);
  if (!keys) known.set(file, (keys = []));
  return (keys[index] ??= `${file}#${index}`);
}

/** One segment's policies (keyed as listed) and the parsed values of its other documents, in document order. */
interface SegmentListing {
  readonly file: string;
  readonly policies: readonly WorkspacePolicy[];
  readonly values: readonly unknown[];
}

const listingBySegment = new WeakMap<readonly DocumentAnalysis[], SegmentListing>();

function segmentListing(documents: readonly DocumentAnalysis[], file: string, keys: Map<string, string[]> | undefined): SegmentListing {
  const known = listingBySegment.get(documents);
  if (known?.file === file) return known;
  const policies: WorkspacePolicy[] = [];
  const values: unknown[] = [];
  for (const d of documents) {
    if (d.policy) policies.push({ key: documentKey(file, d.yaml.index, keys), policy: d.policy });
    else values.push(d.yaml.value);
  }
  const listing = { file, policies, values };
  listingBySegment.set(documents, listing);
  return listing;
}

/** The workspace model (inventory/) of the files under the settings, and their policy documents. */
/**
 * `context`: objects read elsewhere (the live cluster's Namespaces, workloads, Services, waypoints) that the data
 * plane of the open documents depends on; the open documents' own objects win over them. Their policies are not
 * classified here (they are not open), so pass fragments without policies.
 */
export function buildEnforcementWorkspace(files: readonly AnalysedFile[], override: DataplaneOverride = 'auto', defaultNamespace = 'default', reuse?: DataplaneReuse, context: readonly InventoryFragment[] = []): EnforcementWorkspace {
  // One pass per revision over every document: plain loops, and document keys made once per file and index
  // (the next revision's index derivation compares them, which is cheap only for the same string).
  const runs: (readonly WorkspacePolicy[])[] = [];
  // Parsed values are reused by identity while their text is unchanged (analyzeFile.ts's document cache).
  const inputs: unknown[] = reuse ? [override, defaultNamespace, ...context] : [];
  for (const f of files) {
    if (reuse) inputs.push(f.key);
    const keys = reuse ? (reuse.documentKeys ??= new Map()) : undefined;
    // Per segment of documents (an edit elsewhere in the file moves a segment but does not change it), so a
    // keystroke reads the segments' count and the documents it changed. A policy is listed as its segment holds
    // it: its value and key are what other documents read of it, never its offsets (which may be an earlier
    // revision's when an edit before it only moved it).
    for (const segment of documentSegmentsOf(f.analysis).segments) {
      const listed = segmentListing(segment.documents, f.key, keys);
      if (listed.policies.length > 0) runs.push(listed.policies);
      if (reuse) for (const value of listed.values) inputs.push(value);
    }
  }
  if (reuse?.dataplane && reuse.inputs && reuse.inputs.length === inputs.length && reuse.inputs.every((input, i) => input === inputs[i])) {
    const workspace = deriveWorkspace(workspaceOfRuns(reuse.dataplane, runs), reuse.workspace);
    reuse.workspace = workspace;
    return workspace;
  }
  const fragments = [...context, ...files.map((f) => readInventoryFragment({ file: f.key, text: f.analysis.text, documents: f.analysis.documents.map((d) => d.yaml) }, defaultNamespace))];
  const dataplane = dataplaneContextOf(mergeInventory(fragments, { dataplaneMode: override, defaultNamespace }));
  const workspace = workspaceOfRuns(dataplane, runs);
  if (reuse) {
    reuse.inputs = inputs;
    reuse.dataplane = dataplane;
    reuse.workspace = workspace;
  }
  return workspace;
}

/**
 * Rules and pitfall findings for every policy document of one file; never throws on user input. The rules are
 * classified when first read: the settle pass reads only the findings, and only the Istio pitfalls of
 * AuthorizationPolicies and RequestAuthentications need the rules. When a check throws, the document has neither
 * rules nor findings (as when everything ran at once); a Cilium or Kubernetes document (or a PeerAuthentication,
 * whose pitfalls read no rule) whose classification throws later keeps its findings, which did not depend on it.
 */
export function analyzeEnforcement(file: FileAnalysis, workspace: EnforcementWorkspace): DocumentEnforcement[] {
  const out: DocumentEnforcement[] = [];
  for (const document of file.documents) {
    if (document.policy) out.push(documentEnforcement(document.policy, document.yaml.index, workspace));
  }
  return out;
}

function documentEnforcement(policy: PolicyDocument, documentIndex: number, workspace: EnforcementWorkspace): DocumentEnforcement {
  const result = new LazyDocumentEnforcement(policy, documentIndex, workspace);
  try {
    result.findings = findEnforcementPitfalls(policy, (detail) => result.classified(detail), workspace);
  } catch {
    result.failed = true;
  }
  return result;
}

/** A document's findings, and its rules classified in full when first read (one object per document, accessor on the prototype). */
class LazyDocumentEnforcement implements DocumentEnforcement {
  findings: readonly Finding[] = [];
  failed = false;
  private readonly kept: Partial<Record<ClassificationDetail, readonly ClassifiedRule[]>> = {};

  constructor(
    private readonly policy: PolicyDocument,
    readonly documentIndex: number,
    private readonly workspace: EnforcementWorkspace,
  ) {}

  classified(detail: ClassificationDetail): readonly ClassifiedRule[] {
    let rules = this.kept[detail];
    if (!rules) {
      try {
        rules = this.kept[detail] = classifyRules(this.policy, this.workspace, detail);
      } catch (error) {
        // A shape the walkers did not foresee must not take the editor down; the document gets no annotations.
        this.failed = true;
        this.kept.full = this.kept.outcome = this.kept.ruleOutcomes = [];
        throw error;
      }
    }
    return rules;
  }

  get rules(): readonly ClassifiedRule[] {
    if (this.failed) return [];
    try {
      return this.classified('full');
    } catch {
      return [];
    }
  }
}
