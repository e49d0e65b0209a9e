// The traffic-graph panel's "Compare with…" mode between the extension host and the webview, both directions,
// with readers that validate every message (kept apart from webviewMessages.ts: only compare mode speaks these).
import type { FlowChangeKind } from './connectivityDiff';

/** One changed flow as the panel draws and lists it. */
export interface ComparedFlow {
  readonly kind: FlowChangeKind;
  /** Graph node ids of the two ends (workloads `ns/name`; other ends as the diff names them). */
  readonly from: string;
  readonly to: string;
  /** What the base and the head allow, e.g. `TCP 80` → `TCP 80,443`. */
  readonly base: string;
  readonly head: string;
  readonly aspects: readonly string[];
}

/** Host → webview. */
export type ToWebviewCompareMessage =
  | { readonly type: 'compare'; readonly baseLabel: string; readonly flows: readonly ComparedFlow[] }
  | { readonly type: 'compareOff' }
  | { readonly type: 'compareStatus'; readonly message: string };

/** Webview → host: pick a revision to compare with (the host asks, HEAD first), or leave compare mode. */
export type FromWebviewCompareMessage = { readonly type: 'compareWith' } | { readonly type: 'compareStop' };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const kinds: readonly FlowChangeKind[] = ['added', 'removed', 'changed'];
/** A panel lists at most this many changed flows; a larger diff belongs in `meshlens diff`. */
export const maxComparedFlows = 5000;

export function readFromWebviewCompareMessage(raw: unknown): FromWebviewCompareMessage | undefined {
  if (!isRecord(raw)) return undefined;
  return raw.type === 'compareWith' || raw.type === 'compareStop' ? { type: raw.type } : undefined;
}

export function readToWebviewCompareMessage(raw: unknown): ToWebviewCompareMessage | undefined {
  if (!isRecord(raw)) return undefined;
  if (raw.type === 'compareOff') return { type: 'compareOff' };
  if (raw.type === 'compareStatus') return typeof raw.message === 'string' ? { type: 'compareStatus', message: raw.message } : undefined;
  if (raw.type !== 'compare' || typeof raw.baseLabel !== 'string' || !Array.isArray(raw.flows) || raw.flows.length > maxComparedFlows) return undefined;
  const flows: ComparedFlow[] = [];
  for (const f of raw.flows as unknown[]) {
    if (!isRecord(f) || !kinds.includes(f.kind as FlowChangeKind)) return undefined;
    if (![f.from, f.to, f.base, f.head].every((v) => typeof v === 'string') || !Array.isArray(f.aspects) || !f.aspects.every((a) => typeof a === 'string')) return undefined;
    flows.push({ kind: f.kind as FlowChangeKind, from: f.from as string, to: f.to as string, base: f.base as string, head: f.head as string, aspects: f.aspects as string[] });
  }
  return { type: 'compare', baseLabel: raw.baseLabel, flows };
}
