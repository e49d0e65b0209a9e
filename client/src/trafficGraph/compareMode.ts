// The panel's "Compare with…" mode in the extension host: reads the base revision of the files that differ from
// it through VS Code's git extension (vscode.git, API version 1: Repository.diffWith + show), asks the language
// server for the connectivity diff against the current (unsaved) workspace, and sends the changed flows to the
// webview. Live: the panel calls refresh() after every graph refresh.
import * as vscode from 'vscode';
import type { BaseFile, ConnectivityDiffParams, ConnectivityDiffResult } from '../../../server/src/protocol/connectivityDiff';
import { maxComparedFlows, type ComparedFlow, type FromWebviewCompareMessage, type ToWebviewCompareMessage } from '../../../server/src/protocol/compareMessages';

/** The parts of the git extension's API (extensions/git/src/api/git.d.ts) compare mode uses. */
interface GitChange { readonly uri: vscode.Uri; readonly originalUri: vscode.Uri; readonly status: number }
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly refs: readonly { readonly name?: string; readonly type: number }[]; readonly HEAD?: { readonly name?: string } };
  diffWith(ref: string): Promise<GitChange[]>;
  show(ref: string, path: string): Promise<string>;
}
interface GitApi { readonly repositories: readonly GitRepository[] }

export type DiffRequest = (params: ConnectivityDiffParams) => Promise<unknown>;

const isYaml = (uri: vscode.Uri): boolean => /\.ya?ml$/i.test(uri.path);

export class CompareMode {
  private ref: string | undefined;
  private baseFiles: BaseFile[] = [];
  private generation = 0;

  constructor(
    private readonly post: (message: ToWebviewCompareMessage) => void,
    private readonly request: DiffRequest | undefined,
  ) {}

  get active(): boolean {
    return this.ref !== undefined;
  }

  async handle(message: FromWebviewCompareMessage): Promise<void> {
    if (message.type === 'compareStop') {
      this.ref = undefined;
      this.post({ type: 'compareOff' });
      return;
    }
    const repository = await gitRepository();
    if (!repository || !this.request) {
      this.post({ type: 'compareStatus', message: this.request ? 'Compare needs a git repository (VS Code\'s git extension found none for this workspace).' : 'Compare is not available here.' });
      return;
    }
    const branches = repository.state.refs.filter((r) => r.name && r.name !== repository.state.HEAD?.name).map((r) => r.name as string);
    const picked = await vscode.window.showQuickPick([{ label: 'HEAD', description: 'the last commit' }, ...branches.map((label) => ({ label }))], { title: 'Compare the traffic graph with…' });
    if (!picked) return;
    this.ref = picked.label;
    await this.refresh();
  }

  /** Recomputes the diff (after an edit: the head changed). */
  async refresh(): Promise<void> {
    const ref = this.ref;
    if (ref === undefined || !this.request) return;
    const generation = ++this.generation;
    try {
      // Re-read every time: a save or a newly edited file changes which files differ from the base.
      this.baseFiles = await readBaseFiles(ref);
      const raw = (await this.request({ baseLabel: ref, baseFiles: this.baseFiles })) as ConnectivityDiffResult;
      if (generation !== this.generation || this.ref !== ref) return;
      const flows: ComparedFlow[] = (raw?.diff?.changes ?? []).slice(0, maxComparedFlows).map((c) => ({ kind: c.kind, from: c.from.id, to: c.to.id, base: c.base?.ports ?? 'No Connections', head: c.head?.ports ?? 'No Connections', aspects: [...c.aspects] }));
      this.post({ type: 'compare', baseLabel: ref, flows });
    } catch (error) {
      if (generation === this.generation) this.post({ type: 'compareStatus', message: `Could not compare with ${ref}: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
}

async function gitRepository(): Promise<GitRepository | undefined> {
  const extension = vscode.extensions.getExtension<{ getAPI(version: 1): GitApi }>('vscode.git');
  if (!extension) return undefined;
  const api = (extension.isActive ? extension.exports : await extension.activate()).getAPI(1);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return api.repositories.find((r) => folder.startsWith(r.rootUri.fsPath)) ?? api.repositories[0];
}

/** The base text of every YAML file that differs from `ref` (working tree or unsaved), or no text when `ref` lacks it. */
async function readBaseFiles(ref: string): Promise<BaseFile[]> {
  const repository = await gitRepository();
  if (!repository) return [];
  const uris = new Map<string, vscode.Uri>();
  for (const change of await repository.diffWith(ref)) for (const uri of [change.uri, change.originalUri]) if (isYaml(uri)) uris.set(uri.toString(), uri);
  // Unsaved edits differ from the base too, even in files git sees as unchanged.
  for (const document of vscode.workspace.textDocuments) if (document.isDirty && isYaml(document.uri) && document.uri.scheme === 'file') uris.set(document.uri.toString(), document.uri);
  const out: BaseFile[] = [];
  for (const [key, uri] of uris) {
    try {
      out.push({ uri: key, text: await repository.show(ref, uri.fsPath) });
    } catch {
      out.push({ uri: key }); // Not in the base revision: added since.
    }
  }
  return out;
}
