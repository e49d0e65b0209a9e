// Facade for adapters (LSP, CLI): builds the workspace context from analysed files, then classifies the
// rules and finds the pitfalls of each policy document. Kept out of analyzeText so that stays fast and
// per-document; this needs the whole workspace.
import type { FileAnalysis } from '../analyzeFile';
import type { Finding } from '../model/finding';
import { dataplaneContextOf, type DataplaneContext, type DataplaneOverride } from './dataplaneContext';
import { mergeInventory, readInventoryFragment, type InventoryFragment } from '../inventory/buildInventory';
import { classifyRules } from './classifyRules';
import type { EnforcementWorkspace, WorkspacePolicy } from './enforcementWorkspace';
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
}

/** The workspace model (inventory/) of the files under the settings, and their policy documents. */
/**
 * `context`: objects read elsewhere (the live cluster's Namespaces, workloads, Services, waypoints) that the data
 * plane of the open documents depends on; the open documents' own objects win over them. Their policies are not
 * classified here (they are not open), so pass fragments without policies.
 */
export function buildEnforcementWorkspace(files: readonly AnalysedFile[], override: DataplaneOverride = 'auto', defaultNamespace = 'default', reuse?: DataplaneReuse, context: readonly InventoryFragment[] = []): EnforcementWorkspace {
  const policies: WorkspacePolicy[] = files.flatMap((f) => f.analysis.documents.flatMap((d) => (d.policy ? [{ key: `${f.key}#${d.yaml.index}`, policy: d.policy }] : [])));
  // Parsed values are reused by identity while their text is unchanged (analyzeFile.ts's document cache).
  const inputs = reuse ? [override, defaultNamespace, ...context, ...files.flatMap((f) => [f.key, ...f.analysis.documents.flatMap((d) => (d.policy ? [] : [d.yaml.value]))])] : [];
  if (reuse?.dataplane && reuse.inputs && reuse.inputs.length === inputs.length && reuse.inputs.every((input, i) => input === inputs[i])) return { dataplane: reuse.dataplane, policies };
  const fragments = [...context, ...files.map((f) => readInventoryFragment({ file: f.key, text: f.analysis.text, documents: f.analysis.documents.map((d) => d.yaml) }, defaultNamespace))];
  const dataplane = dataplaneContextOf(mergeInventory(fragments, { dataplaneMode: override, defaultNamespace }));
  if (reuse) {
    reuse.inputs = inputs;
    reuse.dataplane = dataplane;
  }
  return { dataplane, policies };
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
