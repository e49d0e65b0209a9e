// `meshlens/connectivityDiff`: the graph panel's "Compare with…" mode. The client reads the base revision's text of
// the files that differ from it (through VS Code's git extension) and sends them; the server diffs the base (the
// current workspace with those files replaced) against the current snapshot, unsaved edits included.
export const connectivityDiffMethod = 'meshlens/connectivityDiff' as const;

/** A file whose base text differs from the workspace's: its text at the base, or no text when the base lacks it. */
export interface BaseFile {
  readonly uri: string;
  readonly text?: string;
}

export interface ConnectivityDiffParams {
  /** What the base is, for display (`HEAD`, a branch). */
  readonly baseLabel: string;
  /** Only the files that differ; every other workspace file is the same in the base. */
  readonly baseFiles: readonly BaseFile[];
  /** Workspace folder to scan (file URI); absent = every workspace folder. */
  readonly folderUri?: string;
}

export interface ConnectivityDiffResult {
  readonly baseLabel: string;
  readonly diff: ConnectivityDiff;
}

export type { ConnectivityDiff, DiffPeer, FlowChange, FlowChangeKind, FlowAspect, FlowState, PortL7 } from '../analysis/diff/diffModel';
import type { ConnectivityDiff } from '../analysis/diff/diffModel';

/** Bounds on what a client may send: a diff is of a workspace, not of a disk. */
export const maxBaseFiles = 20000;
export const maxBaseBytes = 256 * 1024 * 1024;

/** Validates untrusted params; undefined when malformed. */
export function readConnectivityDiffParams(raw: unknown): ConnectivityDiffParams | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const value = raw as Record<string, unknown>;
  if (typeof value.baseLabel !== 'string' || !Array.isArray(value.baseFiles) || value.baseFiles.length > maxBaseFiles) return undefined;
  if (value.folderUri !== undefined && typeof value.folderUri !== 'string') return undefined;
  let bytes = 0;
  const baseFiles: BaseFile[] = [];
  for (const file of value.baseFiles as unknown[]) {
    if (typeof file !== 'object' || file === null) return undefined;
    const { uri, text } = file as Record<string, unknown>;
    if (typeof uri !== 'string' || (text !== undefined && typeof text !== 'string')) return undefined;
    bytes += typeof text === 'string' ? text.length : 0;
    if (bytes > maxBaseBytes) return undefined;
    baseFiles.push(typeof text === 'string' ? { uri, text } : { uri });
  }
  return { baseLabel: value.baseLabel.slice(0, 200), baseFiles, ...(typeof value.folderUri === 'string' ? { folderUri: value.folderUri } : {}) };
}
