// The YAML files of the workspace on disk, read for the analysis host (which never reads files itself; it
// overlays open documents' unsaved text and applies meshlens.maxFileSizeMB to every file). Runs in the analysis
// worker. Disk texts are kept per path and re-read only when size or mtime changed, so a repeated scan is cheap.
// The scan is asynchronous (the worker keeps answering while it runs), follows a symlinked folder only once (a
// realpath visited set: `sub/up -> ..` or `/usr/bin/X11 -> .` cannot loop or duplicate files), and is bounded in
// files, bytes and folders, so a huge workspace degrades to a partial graph, never a stall.
import { readFile, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceFile } from '../analysis/host/analysisHost';

export interface ScanLimits {
  /** YAML files read at most, over all folders of one scan. */
  readonly maxFiles: number;
  /** Bytes of YAML read at most, over all folders of one scan. */
  readonly maxTotalBytes: number;
  /** Larger files are skipped (the editor's size limit applies to open documents separately). */
  readonly maxFileBytes: number;
  /** Folders listed at most: a workspace like `/usr` holds few YAML files but very many folders. */
  readonly maxFolders: number;
}

export const defaultScanLimits: ScanLimits = {
  maxFiles: 5000,
  maxTotalBytes: 64 * 1024 * 1024,
  maxFileBytes: 2 * 1024 * 1024,
  maxFolders: 20_000,
};

/** What a scan left out, so a caller can tell the user the graph is partial. */
export interface ScanReport {
  /** The first limit that stopped the scan, if any. */
  readonly stoppedBy?: 'files' | 'bytes' | 'folders';
  /** Files skipped for being larger than maxFileBytes. */
  readonly largeFilesSkipped: number;
}

export interface FolderScan extends ScanReport {
  /** file: URI → text, in walk order (folder entries sorted by name). */
  readonly files: Map<string, string>;
}

/** Reads a file's text given its size and mtime (lets a caller serve unchanged files from a cache). */
export type ReadText = (file: string, size: number, mtimeMs: number) => Promise<string>;

const readPlain: ReadText = (file) => readFile(file, 'utf8');

/**
 * The .yaml/.yml files under `folders` (paths), skipping node_modules and dot-entries. A folder reached twice
 * (symlinks) is walked once, and a file reached through two paths is read once, under the first path.
 */
export async function scanYamlFolders(folders: readonly string[], limits: ScanLimits = defaultScanLimits, read: ReadText = readPlain): Promise<FolderScan> {
  const files = new Map<string, string>();
  const seenFolders = new Set<string>();
  const seenFiles = new Set<string>();
  let totalBytes = 0;
  let largeFilesSkipped = 0;
  let stoppedBy: ScanReport['stoppedBy'];
  // Depth first, entries in name order: push in reverse so the stack pops them sorted.
  const stack = [...folders].reverse();
  while (stack.length > 0 && !stoppedBy) {
    const dir = stack.pop()!;
    const real = await realpath(dir).catch(() => undefined);
    if (real === undefined || seenFolders.has(real)) continue;
    if (seenFolders.size >= limits.maxFolders) {
      stoppedBy = 'folders';
      break;
    }
    seenFolders.add(real);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const subfolders: string[] = [];
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      const isYaml = /\.ya?ml$/i.test(entry.name);
      if (!entry.isDirectory() && !entry.isSymbolicLink() && !(entry.isFile() && isYaml)) continue;
      // stat follows symlinks: a link to a folder is walked (once, by realpath), a dangling link is skipped.
      const info = await stat(full).catch(() => undefined);
      if (!info) continue;
      if (info.isDirectory()) {
        subfolders.push(full);
        continue;
      }
      if (!info.isFile() || !isYaml) continue;
      if (info.size > limits.maxFileBytes) {
        largeFilesSkipped++;
        continue;
      }
      const realFile = entry.isSymbolicLink() ? await realpath(full).catch(() => full) : path.join(real, entry.name);
      if (seenFiles.has(realFile)) continue;
      if (files.size >= limits.maxFiles) {
        stoppedBy = 'files';
        break;
      }
      if (totalBytes + info.size > limits.maxTotalBytes) {
        stoppedBy = 'bytes';
        break;
      }
      const text = await read(full, info.size, info.mtimeMs).catch(() => undefined);
      if (text === undefined) continue;
      seenFiles.add(realFile);
      totalBytes += info.size;
      files.set(pathToFileURL(full).href, text);
    }
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]);
  }
  return { files, stoppedBy, largeFilesSkipped };
}

export class WorkspaceYamlFiles {
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string }>();
  /** What the latest folder scan left out. */
  lastReport: ScanReport = { largeFilesSkipped: 0 };

  constructor(private readonly limits: ScanLimits = defaultScanLimits) {}

  /**
   * The YAML files under `folders` (file: URIs), plus the files `extraUris` name if they can be read, in path
   * order (as the CLI walks folders, so the same files give the same model and export text).
   */
  async scan(folders: readonly string[], extraUris: readonly string[] = []): Promise<WorkspaceFile[]> {
    const used = new Set<string>();
    const scan = await scanYamlFolders(
      folders.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri)),
      this.limits,
      (file, size, mtimeMs) => {
        used.add(file);
        return this.read(file, size, mtimeMs);
      },
    );
    // Texts of files no longer in the workspace (deleted, moved, past a limit) are not kept alive.
    for (const file of this.disk.keys()) if (!used.has(file)) this.disk.delete(file);
    const texts = scan.files;
    for (const uri of extraUris) {
      if (texts.has(uri)) continue;
      const text = await this.readUri(uri);
      if (text !== undefined) texts.set(uri, text);
    }
    this.lastReport = { stoppedBy: scan.stoppedBy, largeFilesSkipped: scan.largeFilesSkipped };
    return [...texts].map(([uri, text]) => ({ uri, text })).sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
  }

  private async read(full: string, size: number, mtimeMs: number): Promise<string> {
    const known = this.disk.get(full);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.text;
    const text = await readFile(full, 'utf8');
    this.disk.set(full, { size, mtimeMs, text });
    return text;
  }

  private async readUri(uri: string): Promise<string | undefined> {
    if (!uri.startsWith('file:')) return undefined;
    const file = fileURLToPath(uri);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile() || info.size > this.limits.maxFileBytes) return undefined;
    return readFile(file, 'utf8').catch(() => undefined);
  }
}

