// The YAML files of the workspace on disk, read for the analysis host (which never reads files itself):
// every .yaml/.yml under the workspace folders. Runs in the analysis worker. Disk texts are kept per path and
// re-read only when size or mtime changed, so a repeated scan (graph request, background pass) is cheap.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceFile } from '../analysis/host/analysisHost';

/** Bounds on a folder scan, so a huge workspace degrades to a partial graph instead of a stalled server. */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export class WorkspaceYamlFiles {
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string }>();

  /** The YAML files under `folders` (file: URIs), plus the files `extraUris` name if they can be read. */
  scan(folders: readonly string[], extraUris: readonly string[] = []): WorkspaceFile[] {
    const texts = new Map<string, string>();
    for (const folder of folders) for (const [uri, text] of this.readFolder(folder)) texts.set(uri, text);
    for (const uri of extraUris) {
      if (texts.has(uri)) continue;
      const text = readUri(uri);
      if (text !== undefined) texts.set(uri, text);
    }
    return [...texts].map(([uri, text]) => ({ uri, text }));
  }

  /** The .yaml/.yml files under a file: URI folder (node_modules and dot-folders skipped), as uri → text. */
  private readFolder(folderUri: string): Map<string, string> {
    const out = new Map<string, string>();
    if (!folderUri.startsWith('file:')) return out;
    const stack = [fileURLToPath(folderUri)];
    while (stack.length > 0 && out.size < MAX_FILES) {
      const dir = stack.pop()!;
      let entries: string[];
      try {
        entries = readdirSync(dir);
      } catch {
        continue;
      }
      for (const name of entries.sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        const full = path.join(dir, name);
        try {
          const stat = statSync(full);
          if (stat.isDirectory()) stack.push(full);
          else if (/\.ya?ml$/i.test(name) && stat.size <= MAX_FILE_BYTES) out.set(pathToFileURL(full).href, this.read(full, stat.size, stat.mtimeMs));
        } catch {
          // Unreadable entries are skipped; the graph is built from what can be read.
        }
      }
    }
    return out;
  }

  private read(full: string, size: number, mtimeMs: number): string {
    const known = this.disk.get(full);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.text;
    const text = readFileSync(full, 'utf8');
    this.disk.set(full, { size, mtimeMs, text });
    return text;
  }
}

function readUri(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? readFileSync(fileURLToPath(uri), 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
