// Facade for adapters (LSP, CLI): builds the workspace context from analysed files, then classifies the
// rules and finds the pitfalls of each policy document. Kept out of analyzeText so that stays fast and
// per-document; this needs the whole workspace.
import type { FileAnalysis } from '../analyzeFile';
import type { Finding } from '../model/finding';
import { dataplaneContextOf, type DataplaneContext } from './dataplaneContext';
import type { DataplaneOverride } from '../workspace/meshMode';
import { mergeInventory, readInventoryFragment, type InventoryFragment } from '../inventory/buildInventory';
import { classifyRules } from './classifyRules';
import { deriveWorkspace, type EnforcementWorkspace, type WorkspacePolicy } from './enforcementWorkspace';
import { findEnforcementPitfalls } from './pitfalls/findEnforcementPitfalls';
import type { ClassifiedRule } from './ruleEnforcement';

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

/** The workspace model (inventory/) of the files under the settings, and their policy documents. */
/**
 * `context`: objects read elsewhere (the live cluster's Namespaces, workloads, Services, waypoints) that the data
 * plane of the open documents depends on; the open documents' own objects win over them. Their policies are not
 * classified here (they are not open), so pass fragments without policies.
 */
export function buildEnforcementWorkspace(files: readonly AnalysedFile[], override: DataplaneOverride = 'auto', defaultNamespace = 'default', reuse?: DataplaneReuse, context: readonly InventoryFragment[] = []): EnforcementWorkspace {
  // One pass per revision over every document: plain loops, and document keys made once per file and index
  // (the next revision's index derivation compares them, which is cheap only for the same string).
  const policies: WorkspacePolicy[] = [];
  // Parsed values are reused by identity while their text is unchanged (analyzeFile.ts's document cache).
  const inputs: unknown[] = reuse ? [override, defaultNamespace, ...context] : [];
  for (const f of files) {
    if (reuse) inputs.push(f.key);
    const keys = reuse ? (reuse.documentKeys ??= new Map()) : undefined;
    for (const d of f.analysis.documents) {
      if (d.policy) policies.push({ key: documentKey(f.key, d.yaml.index, keys), policy: d.policy });
      else if (reuse) inputs.push(d.yaml.value);
    }
  }
  if (reuse?.dataplane && reuse.inputs && reuse.inputs.length === inputs.length && reuse.inputs.every((input, i) => input === inputs[i])) {
    const workspace = deriveWorkspace({ dataplane: reuse.dataplane, policies }, reuse.workspace);
    reuse.workspace = workspace;
    return workspace;
  }
  const fragments = [...context, ...files.map((f) => readInventoryFragment({ file: f.key, text: f.analysis.text, documents: f.analysis.documents.map((d) => d.yaml) }, defaultNamespace))];
  const dataplane = dataplaneContextOf(mergeInventory(fragments, { dataplaneMode: override, defaultNamespace }));
  const workspace: EnforcementWorkspace = { dataplane, policies };
  if (reuse) {
    reuse.inputs = inputs;
    reuse.dataplane = dataplane;
    reuse.workspace = workspace;
  }
  return workspace;
}

/** Rules and pitfall findings for every policy document of one file; never throws on user input. */
export function analyzeEnforcement(file: FileAnalysis, workspace: EnforcementWorkspace): DocumentEnforcement[] {
  const out: DocumentEnforcement[] = [];
  for (const document of file.documents) {
    if (!document.policy) continue;
    try {
      const rules = classifyRules(document.policy, workspace);
      out.push({ documentIndex: document.yaml.index, rules, findings: findEnforcementPitfalls(document.policy, rules, workspace) });
    } catch {
      // A shape the walkers did not foresee must not take the editor down; the document gets no annotations.
      out.push({ documentIndex: document.yaml.index, rules: [], findings: [] });
    }
  }
  return out;
}
