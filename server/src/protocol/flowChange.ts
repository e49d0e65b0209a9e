// `meshlens/flowChange`: "Allow this flow" / "Deny this flow". The language server plans the smallest policy
// change in the dialect that decides (a rule appended to a policy selecting the workload, or a new policy file),
// evaluates the changed workspace again for the preview (the flow's verdict and the graph difference), and answers
// the edit; the client previews it in the graph panel and applies it as a workspace edit when the user says Apply. Types and constants only.
import type { ExplainProtocol } from './explainFlow';
import type { ComparedFlow } from './compareMessages';

export const flowChangeMethod = 'meshlens/flowChange' as const;

export type FlowIntent = 'allow' | 'deny';

export interface FlowChangeParams {
  /** Endpoints as `meshlens explain --from/--to` take them. */
  readonly from: string;
  readonly to: string;
  readonly port: number;
  /** Default TCP; ICMP flows cannot be changed. */
  readonly protocol?: Exclude<ExplainProtocol, 'ICMP'>;
  readonly intent: FlowIntent;
  /** Workspace folder to read (file URI); absent = every workspace folder. */
  readonly folderUri?: string;
  /** A file to include even outside the folders. */
  readonly focusUri?: string;
}

export interface FlowTextEdit {
  readonly uri: string;
  readonly range: { readonly start: { readonly line: number; readonly character: number }; readonly end: { readonly line: number; readonly character: number } };
  readonly newText: string;
}

export type FlowChangeResult =
  | {
      readonly title: string;
      /** Edits of existing files, in LSP positions. */
      readonly edits: readonly FlowTextEdit[];
      /** New policy files to create with this text. */
      readonly newFiles: readonly { readonly uri: string; readonly text: string }[];
      /** What was not changed and why; empty when the change is complete. */
      readonly notes: readonly string[];
      /** The flow's verdict now and once the change is applied (the same evaluation as explain). */
      readonly before: 'allow' | 'deny' | 'unknown';
      readonly after: 'allow' | 'deny' | 'unknown';
      /** Every flow the change adds, removes or changes (the graph difference the panel previews), at most maxComparedFlows. */
      readonly graphChanges: readonly ComparedFlow[];
    }
  | { readonly error: string };
