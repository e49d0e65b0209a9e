// `meshlens/trafficGraph`: the allowed-traffic graph of a workspace folder (its YAML files on disk, with
// open documents' unsaved text taking precedence), optionally focused on the workloads one policy file
// selects. A traffic session per server keeps what an edit does not touch, so an edit recomputes one policy.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { trafficGraphMethod, type TrafficGraph, type TrafficGraphParams } from '../../protocol/trafficGraph';
import { createTrafficSession, type TrafficSession } from '../../analysis/graph/trafficSession';
import type { TrafficModel } from '../../analysis/graph/trafficModel';
import type { WorkspaceText } from '../../analysis/graph/workspaceTraffic';
import type { ServerContext } from '../serverContext';

/** Bounds on a folder scan, so a huge workspace degrades to a partial graph instead of a stalled server. */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_EDGES = 20000;

const emptyGraph: TrafficGraph = { version: 1, nodes: [], edges: [] };

export function registerTrafficGraph(context: ServerContext): void {
  // Per-server state, created here (not global); a new session when the default namespace setting changes.
  let session: { defaultNamespace: string; traffic: TrafficSession } | undefined;
  context.connection.onRequest(
    trafficGraphMethod,
    context.guard<TrafficGraphParams | undefined, TrafficGraph>(
      'trafficGraph',
      async (params) => {
        const folders = params?.folderUri ? [params.folderUri] : await workspaceFolderUris(context);
        const texts = new Map<string, string>();
        for (const folder of folders) for (const [uri, text] of readFolder(folder)) texts.set(uri, text);
        for (const document of context.documents.all()) if (/\.ya?ml$/i.test(document.uri) || texts.has(document.uri)) texts.set(document.uri, document.getText());
        if (params?.focusUri && !texts.has(params.focusUri)) {
          const focusText = context.documents.get(params.focusUri)?.getText() ?? readUri(params.focusUri);
          if (focusText !== undefined) texts.set(params.focusUri, focusText);
        }
        const files: WorkspaceText[] = [...texts].map(([file, text]) => ({ file, text }));
        const { defaultNamespace } = await context.settings.settingsFor(params?.focusUri ?? folders[0] ?? '');
        if (session?.defaultNamespace !== defaultNamespace) session = { defaultNamespace, traffic: createTrafficSession({ defaultNamespace }) };
        const { model } = session.traffic.update(files);
        const focus = params?.focusUri ? focusWorkloads(model, params.focusUri) : undefined;
        return session.traffic.graph({ focus, maxEdges: MAX_EDGES }).graph;
      },
      emptyGraph,
    ),
  );
}

function focusWorkloads(model: TrafficModel, uri: string): Set<string> {
  const ids = new Set<string>();
  for (const rule of model.rules) if (rule.policy.source.file === uri) for (const w of model.subjectsOf(rule)) ids.add(w.id);
  for (const policy of model.istio.authorizationPolicies) {
    if (policy.source.file !== uri) continue;
    const labels = ((policy.value.spec as Record<string, unknown> | undefined)?.selector as { matchLabels?: Record<string, unknown> } | undefined)?.matchLabels ?? {};
    for (const w of model.inventory.workloads) {
      if ((policy.namespace === model.inventory.rootNamespace || w.namespace === policy.namespace) && Object.entries(labels).every(([k, v]) => w.labels[k] === String(v))) ids.add(w.id);
    }
  }
  return ids;
}

async function workspaceFolderUris(context: ServerContext): Promise<string[]> {
  try {
    const folders = await context.connection.workspace.getWorkspaceFolders();
    return (folders ?? []).map((f) => f.uri);
  } catch {
    // Clients without workspace folders: the graph covers the open documents only.
    return [];
  }
}

/** The .yaml/.yml files under a file: URI folder (node_modules and dot-folders skipped), as uri → text. */
function readFolder(folderUri: string): Map<string, string> {
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
        else if (/\.ya?ml$/i.test(name) && stat.size <= MAX_FILE_BYTES) out.set(pathToFileURL(full).href, readFileSync(full, 'utf8'));
      } catch {
        // Unreadable entries are skipped; the graph is built from what can be read.
      }
    }
  }
  return out;
}

function readUri(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? readFileSync(fileURLToPath(uri), 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
