// The typed contract between the extension host and the traffic-graph webview, both directions,
// with readers that validate every message on receipt (a webview is untrusted from the host's view,
// and the host's data comes from user YAML). Imported by both sides; no `vscode` import.
import type { ExplainResult, GraphProtocol, GraphRange, TrafficGraph } from './trafficGraph';
import { readExplainResult, readTrafficGraph } from './readTrafficGraph';
import type { ExplainHttpRequest } from './explainFlow';

/** The element id the standalone page inlines graph data in, and the webview reads it from. */
export const inlineDataElementId = 'meshlens-graph-data';

export type GraphScope = 'file' | 'workspace';
export type ImageFormat = 'svg' | 'png';

/** A graph answer cut to fit: how many edges were kept of how many. */
export interface GraphTruncation { readonly shownEdges: number; readonly totalEdges: number }

/** The `truncated` field of a graph answer, when it is well-formed; a server that sends none means "complete". */
export function readGraphTruncation(raw: unknown): GraphTruncation | undefined {
  if (!isRecord(raw) || !isRecord(raw.truncated)) return undefined;
  const { shownEdges, totalEdges } = raw.truncated;
  return isNatural(shownEdges) && isNatural(totalEdges) && shownEdges < totalEdges ? { shownEdges, totalEdges } : undefined;
}

/** Host → webview. */
export type ToWebviewMessage =
  | {
    readonly type: 'graph'; readonly graph: TrafficGraph; readonly scope: GraphScope; readonly focusFile?: string; readonly title: string;
    /** The server cut the graph to `shownEdges` of `totalEdges` edges (the panel says so and offers to focus). */
    readonly truncated?: GraphTruncation;
  }
  | { readonly type: 'status'; readonly message: string; readonly level: 'info' | 'error' }
  /** The editor's cursor is on `line` of `file`: highlight the edges whose rules cover it. */
  | { readonly type: 'highlightRule'; readonly file: string; readonly line: number }
  /** An export command in the host asks the panel for a picture. */
  | { readonly type: 'requestImage'; readonly format: ImageFormat }
  /** The answer to an `explain` request: `meshlens explain` per enforcement step, or why it failed. */
  | { readonly type: 'explanation'; readonly requestId: number; readonly result?: ExplainResult; readonly error?: string; readonly note?: string };

/** One flow to explain, with endpoints as `meshlens explain --from/--to` take them. */
export interface FlowQuery {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: Exclude<GraphProtocol, 'ANY'>;
  /** An HTTP request for L7 rules (method, path, headers), from the panel's Explain form; absent = L4 only. */
  readonly request?: ExplainHttpRequest;
}

/** Webview → host. */
export type FromWebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'revealRule'; readonly file: string; readonly range: GraphRange }
  | { readonly type: 'setScope'; readonly scope: GraphScope }
  /** `data` is SVG text or a `data:image/png;base64,` URL. */
  | { readonly type: 'saveImage'; readonly format: ImageFormat; readonly data: string }
  | { readonly type: 'explain'; readonly requestId: number; readonly flow: FlowQuery }
  /** "Allow this flow" / "Deny this flow": the host plans the change (meshlens/flowChange) and previews it (flowChangeMessages.ts). */
  | { readonly type: 'changeFlow'; readonly flow: FlowQuery; readonly intent: 'allow' | 'deny' };

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNatural = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isScope = (v: unknown): v is GraphScope => v === 'file' || v === 'workspace';
const isImageFormat = (v: unknown): v is ImageFormat => v === 'svg' || v === 'png';
/** Pictures above this are refused rather than written: a runaway canvas should not fill the disk. */
export const maxImageBytes = 64 * 1024 * 1024;

const shortText = (v: unknown): v is string => typeof v === 'string' && v.length <= 4096;

/** An Explain form request: optional method and path, at most 64 string headers; null when malformed. */
function readHttpRequest(v: unknown): ExplainHttpRequest | null {
  if (!isRecord(v)) return null;
  const { method, path, headers } = v;
  if ((method !== undefined && !shortText(method)) || (path !== undefined && !shortText(path))) return null;
  if (headers !== undefined) {
    if (!isRecord(headers)) return null;
    const entries = Object.entries(headers);
    if (entries.length > 64 || !entries.every(([k, value]) => k.length > 0 && k.length <= 256 && shortText(value))) return null;
  }
  return {
    ...(method !== undefined ? { method } : {}),
    ...(path !== undefined ? { path } : {}),
    ...(headers !== undefined ? { headers: Object.fromEntries(Object.entries(headers as Record<string, string>)) } : {}),
  };
}

function readRange(v: unknown): GraphRange | undefined {
  if (!isRecord(v) || !isRecord(v.start) || !isRecord(v.end)) return undefined;
  const { start, end } = v;
  if (![start.line, start.character, end.line, end.character].every(isNatural)) return undefined;
  return { start: { line: start.line as number, character: start.character as number }, end: { line: end.line as number, character: end.character as number } };
}

/** Validates a message the host received from the webview; undefined for anything malformed. */
export function readFromWebviewMessage(raw: unknown): FromWebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'revealRule': {
      const range = readRange(raw.range);
      return typeof raw.file === 'string' && raw.file.length > 0 && range ? { type: 'revealRule', file: raw.file, range } : undefined;
    }
    case 'setScope':
      return isScope(raw.scope) ? { type: 'setScope', scope: raw.scope } : undefined;
    case 'saveImage': {
      if (!isImageFormat(raw.format) || typeof raw.data !== 'string' || raw.data.length > maxImageBytes) return undefined;
      if (raw.format === 'png' && !raw.data.startsWith('data:image/png;base64,')) return undefined;
      if (raw.format === 'svg' && !raw.data.trimStart().startsWith('<svg')) return undefined;
      return { type: 'saveImage', format: raw.format, data: raw.data };
    }
    case 'explain': {
      const flow = isRecord(raw.flow) ? raw.flow : {};
      const endpoint = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 512 && !v.startsWith('-');
      const protocol = flow.protocol;
      if (!isNatural(raw.requestId) || !endpoint(flow.from) || !endpoint(flow.to) || !isNatural(flow.port) || flow.port > 65535) return undefined;
      if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP' && protocol !== 'ICMP') return undefined;
      const request = flow.request === undefined ? undefined : readHttpRequest(flow.request);
      if (request === null) return undefined;
      return { type: 'explain', requestId: raw.requestId, flow: { from: flow.from, to: flow.to, port: flow.port, protocol, ...(request ? { request } : {}) } };
    }
    case 'changeFlow': {
      const flow = isRecord(raw.flow) ? raw.flow : {};
      const endpoint = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length < 512 && !v.startsWith('-');
      const protocol = flow.protocol;
      if (raw.intent !== 'allow' && raw.intent !== 'deny') return undefined;
      if (!endpoint(flow.from) || !endpoint(flow.to) || !isNatural(flow.port) || flow.port < 1 || flow.port > 65535) return undefined;
      if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return undefined;
      return { type: 'changeFlow', intent: raw.intent, flow: { from: flow.from, to: flow.to, port: flow.port, protocol } };
    }
    default:
      return undefined;
  }
}

/** Validates a message the webview received from the host; undefined for anything malformed. */
export function readToWebviewMessage(raw: unknown): ToWebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'graph': {
      const read = readTrafficGraph(raw.graph);
      if (!read.ok || !isScope(raw.scope) || typeof raw.title !== 'string') return undefined;
      if (raw.focusFile !== undefined && typeof raw.focusFile !== 'string') return undefined;
      const truncated = readGraphTruncation(raw);
      return {
        type: 'graph', graph: read.graph, scope: raw.scope, title: raw.title,
        ...(raw.focusFile !== undefined ? { focusFile: raw.focusFile as string } : {}), ...(truncated ? { truncated } : {}),
      };
    }
    case 'status':
      return typeof raw.message === 'string' && (raw.level === 'info' || raw.level === 'error')
        ? { type: 'status', message: raw.message, level: raw.level } : undefined;
    case 'highlightRule':
      return typeof raw.file === 'string' && isNatural(raw.line) ? { type: 'highlightRule', file: raw.file, line: raw.line } : undefined;
    case 'requestImage':
      return isImageFormat(raw.format) ? { type: 'requestImage', format: raw.format } : undefined;
    case 'explanation': {
      if (!isNatural(raw.requestId)) return undefined;
      if (typeof raw.error === 'string') return { type: 'explanation', requestId: raw.requestId, error: raw.error };
      const result = readExplainResult(raw.result);
      const note = typeof raw.note === 'string' ? { note: raw.note } : {};
      return result ? { type: 'explanation', requestId: raw.requestId, result, ...note } : undefined;
    }
    default:
      return undefined;
  }
}
