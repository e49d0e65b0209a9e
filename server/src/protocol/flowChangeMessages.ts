// "Allow / Deny this flow" in the traffic-graph panel: the host shows the planned change as a preview in the
// webview (the flow's verdict before → after, the files it edits or creates, and the graph difference, drawn like
// compare mode), and the webview answers Apply or Cancel. Both directions, with readers that validate every
// message (kept apart from webviewMessages.ts: only the preview speaks these).
import { maxComparedFlows, readToWebviewCompareMessage, type ComparedFlow } from './compareMessages';

export type PreviewVerdict = 'allow' | 'deny' | 'unknown';

/** Host → webview. */
export type ToWebviewFlowChangeMessage =
  | {
      readonly type: 'flowChangePreview';
      /** Names this proposal in the webview's answer; a newer proposal replaces an older one. */
      readonly proposalId: number;
      readonly title: string;
      readonly before: PreviewVerdict;
      readonly after: PreviewVerdict;
      /** Files the change edits or creates, as the workspace shows them (relative paths). */
      readonly files: readonly string[];
      /** What the planner could not change, and why. */
      readonly notes: readonly string[];
      /** The graph difference: every flow the change adds, removes or changes. */
      readonly flows: readonly ComparedFlow[];
    }
  /** The proposal is gone (applied, cancelled, or replaced by an edit); `message` says what happened. */
  | { readonly type: 'flowChangeEnded'; readonly message: string; readonly level: 'info' | 'error' };

/** Webview → host: the user's answer to a proposal. */
export type FromWebviewFlowChangeMessage =
  | { readonly type: 'applyFlowChange'; readonly proposalId: number }
  | { readonly type: 'cancelFlowChange'; readonly proposalId: number };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNatural = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isVerdict = (v: unknown): v is PreviewVerdict => v === 'allow' || v === 'deny' || v === 'unknown';
const isTextList = (v: unknown, max: number): v is string[] => Array.isArray(v) && v.length <= max && v.every((s) => typeof s === 'string' && s.length <= 4096);

export function readFromWebviewFlowChangeMessage(raw: unknown): FromWebviewFlowChangeMessage | undefined {
  if (!isRecord(raw) || !isNatural(raw.proposalId)) return undefined;
  return raw.type === 'applyFlowChange' || raw.type === 'cancelFlowChange' ? { type: raw.type, proposalId: raw.proposalId } : undefined;
}

export function readToWebviewFlowChangeMessage(raw: unknown): ToWebviewFlowChangeMessage | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type === 'flowChangeEnded') {
    return typeof raw.message === 'string' && (raw.level === 'info' || raw.level === 'error') ? { type: 'flowChangeEnded', message: raw.message, level: raw.level } : undefined;
  }
  if (raw.type !== 'flowChangePreview' || !isNatural(raw.proposalId) || typeof raw.title !== 'string' || !isVerdict(raw.before) || !isVerdict(raw.after)) return undefined;
  if (!isTextList(raw.files, 1000) || !isTextList(raw.notes, 100)) return undefined;
  // The changed flows have the compare list's shape: one reader validates both.
  const flows = Array.isArray(raw.flows) && raw.flows.length <= maxComparedFlows ? readToWebviewCompareMessage({ type: 'compare', baseLabel: '', flows: raw.flows }) : undefined;
  if (flows?.type !== 'compare') return undefined;
  return { type: 'flowChangePreview', proposalId: raw.proposalId, title: raw.title, before: raw.before, after: raw.after, files: [...raw.files], notes: [...raw.notes], flows: flows.flows };
}
