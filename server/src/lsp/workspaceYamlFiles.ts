// The YAML files of the workspace as the traffic graph sees them: every .yaml/.yml under the workspace
// folders on disk, with open documents' unsaved text taking precedence. Disk texts are kept per path and
// re-read only when size or mtime changed, so a repeated scan (graph request, background findings) is cheap.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceText } from '../analysis/graph/workspaceTraffic';
import type { ServerContext } from './serverContext';

/** Bounds on a folder scan, so a huge workspace degrades to a partial graph instead of a stalled server. */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

export class WorkspaceYamlFiles {
  private readonly disk = new Map<string, { size: number; mtimeMs: number; text: string }>();

  /** Files of `folders` (or every workspace folder) plus open YAML documents and, if given, `extraUri`. */
  async collect(context: Pick<ServerContext, 'connection' | 'documents'>, folders?: readonly string[], extraUri?: string): Promise<WorkspaceText[]> {
    const texts = new Map<string, string>();
    for (const folder of folders ?? (await workspaceFolderUris(context))) for (const [uri, text] of this.readFolder(folder)) texts.set(uri, text);
    for (const document of context.documents.all()) if (/\.ya?ml$/i.test(document.uri) || texts.has(document.uri)) texts.set(document.uri, document.getText());
    if (extraUri && !texts.has(extraUri)) {
      const text = context.documents.get(extraUri)?.getText() ?? readUri(extraUri);
      if (text !== undefined) texts.set(extraUri, text);
    }
    return [...texts].map(([file, text]) => ({ file, text }));
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

/** The client's workspace folders as URIs; none when the client has no workspace folders. */
export async function workspaceFolderUris(context: Pick<ServerContext, 'connection'>): Promise<string[]> {
  try {
    const folders = await context.connection.workspace.getWorkspaceFolders();
    return (folders ?? []).map((f) => f.uri);
  } catch {
    // Clients without workspace folders: the graph covers the open documents only.
    return [];
  }
}

function readUri(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? readFileSync(fileURLToPath(uri), 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
