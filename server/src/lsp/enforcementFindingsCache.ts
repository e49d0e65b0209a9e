// Enforcement pitfalls (ML4xxx) of open files, kept incremental. They depend on the whole workspace (other
// policies, namespaces), so any edit may change any document's pitfalls, and recomputing every document
// on every keystroke costs seconds on large files. Instead: documents whose text changed are computed at
// once; unchanged ones keep their last findings (moved to their new offsets); a full recompute then runs in
// slices in the background, and the caller is told when its result differs so it can refresh diagnostics.
import type { FileAnalysis } from '../analysis/analyzeFile';
import { analyzeEnforcement } from '../analysis/enforcement/analyzeEnforcement';
import type { EnforcementWorkspace } from '../analysis/enforcement/enforcementWorkspace';
import type { Finding } from '../analysis/model/finding';
import { shiftFinding } from '../analysis/rebaseDocumentAnalysis';

interface DocumentFindings {
  readonly start: number;
  readonly findings: readonly Finding[];
}

interface UriState {
  /**
   * Findings per document, keyed by its parsed YAML: the facade's cache hands out the same AST for
   * unchanged text at the same index (even when the document moved), so identity means "same content".
   */
  byDocument: Map<object, DocumentFindings>;
  /** The (version, generation) whose findings were all computed against that generation's workspace. */
  settled?: string;
  running?: string;
  /** What findingsFor last handed out for this uri, to tell whether a recompute changed anything. */
  lastHandedOut?: readonly Finding[];
}

export interface EnforcementResult {
  readonly findings: readonly Finding[];
  /** False when some findings were carried over and a background recompute is due. */
  readonly settled: boolean;
  /** Identifies the document version and workspace these findings were computed for; pass it to recompute. */
  readonly stamp: string;
}

/** The background recompute pauses after this many milliseconds of work. */
const SLICE_MS = 8;
/** At most this many changed documents are computed while a request waits; more go to the background. */
const MAX_FRESH_DOCUMENTS = 20;

export class EnforcementFindingsCache {
  private readonly perUri = new Map<string, UriState>();
  /** Bumped on every change to any open document or to settings: the workspace is then different. */
  private generation = 0;

  constructor(
    private readonly now: () => number,
    private readonly pause: () => Promise<void>,
  ) {}

  workspaceChanged(): void {
    this.generation += 1;
  }

  forget(uri: string): void {
    this.perUri.delete(uri);
  }

  /**
   * Findings to show now for `analysis` (at `version` of `uri`). When not settled, call `recompute` with
   * the same arguments; it resolves true when the settled findings differ from the ones returned here.
   */
  findingsFor(uri: string, version: number, analysis: FileAnalysis, workspace: EnforcementWorkspace): EnforcementResult {
    const state = this.stateOf(uri);
    const stamp = `${version}:${this.generation}`;
    const findings: Finding[] = [];
    const next = new Map<object, DocumentFindings>();
    let carried = false;
    let fresh = 0;
    for (const document of analysis.documents) {
      if (!document.policy) continue;
      const key = document.yaml.ast;
      const known = state.byDocument.get(key);
      if (known) {
        const delta = document.yaml.start - known.start;
        const moved = delta === 0 ? known : { start: document.yaml.start, findings: known.findings.map((f) => shiftFinding(f, delta)) };
        next.set(key, moved);
        findings.push(...moved.findings);
        carried ||= state.settled !== stamp;
      } else if (fresh < MAX_FRESH_DOCUMENTS) {
        fresh += 1;
        const computed = this.computeDocument(analysis, document.yaml.index, workspace);
        next.set(key, { start: document.yaml.start, findings: computed });
        findings.push(...computed);
      } else {
        // Many new documents (a file just opened or pasted): leave them to the sliced recompute.
        carried = true;
      }
    }
    state.byDocument = next;
    if (!carried) state.settled = stamp;
    state.lastHandedOut = findings;
    return { findings, settled: !carried, stamp };
  }

  /**
   * Recomputes every document against `workspace` (the one findingsFor saw, identified by `stamp`) in
   * slices; gives up as soon as the document or the workspace has changed since. Resolves true when the
   * settled findings differ from the ones last handed out.
   */
  async recompute(uri: string, stamp: string, analysis: FileAnalysis, workspace: EnforcementWorkspace, version: number): Promise<boolean> {
    const state = this.perUri.get(uri);
    const current = () => `${version}:${this.generation}` === stamp && this.perUri.get(uri) === state;
    if (!state || !stamp.startsWith(`${version}:`) || !current() || state.settled === stamp || state.running === stamp) return false;
    state.running = stamp;
    const next = new Map<object, DocumentFindings>();
    const findings: Finding[] = [];
    let sliceStart = this.now();
    for (const document of analysis.documents) {
      if (!document.policy) continue;
      if (this.now() - sliceStart > SLICE_MS) {
        await this.pause();
        if (!current()) {
          if (state.running === stamp) state.running = undefined;
          return false;
        }
        sliceStart = this.now();
      }
      const computed = this.computeDocument(analysis, document.yaml.index, workspace);
      next.set(document.yaml.ast, { start: document.yaml.start, findings: computed });
      findings.push(...computed);
    }
    state.byDocument = next;
    state.settled = stamp;
    state.running = undefined;
    const changed = fingerprint(findings) !== fingerprint(state.lastHandedOut ?? []);
    state.lastHandedOut = findings;
    return changed;
  }

  private computeDocument(analysis: FileAnalysis, index: number, workspace: EnforcementWorkspace): Finding[] {
    const document = analysis.documents[index];
    return analyzeEnforcement({ ...analysis, documents: [document] }, workspace).flatMap((d) => d.findings);
  }

  private stateOf(uri: string): UriState {
    let state = this.perUri.get(uri);
    if (!state) {
      state = { byDocument: new Map() };
      this.perUri.set(uri, state);
    }
    return state;
  }
}

function fingerprint(findings: readonly Finding[]): string {
  return JSON.stringify(findings.map((f) => [f.code, f.span.start, f.span.end, f.message]));
}
