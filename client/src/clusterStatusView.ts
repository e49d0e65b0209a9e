// What the cluster status-bar item says, and the context names a kubeconfig offers, without VS Code: the wiring is
// clusterStatusBar.ts. Only context names are read from the kubeconfig; users, tokens and certificates are not.
import { parse } from 'yaml';
import type { ClusterStatusParams } from '../../server/src/protocol/clusterStatus';

export interface StatusBarView {
  readonly text: string;
  readonly tooltip: string;
  /** Draw attention (warning background) when something could not be read. */
  readonly warning: boolean;
}

export function clusterStatusView(status: ClusterStatusParams): StatusBarView {
  const where = status.context ? `${status.context}${status.server ? ` (${status.server})` : ''}` : 'the kubeconfig';
  const problems = status.problems.length > 0 ? `\n\n${status.problems.map((p) => `• ${p}`).join('\n')}` : '';
  switch (status.state) {
    case 'off':
      return { text: '$(cloud) cluster: off', tooltip: 'meshlens reads no cluster. Click to choose a kubeconfig context (read-only: list and watch).', warning: false };
    case 'loading':
      return { text: `$(sync~spin) ${status.context ?? 'cluster'}`, tooltip: `meshlens is reading ${where}…`, warning: false };
    case 'ready':
      return { text: `$(cloud) ${status.context}`, tooltip: `meshlens reads ${where}: ${status.objects} objects, kept current (read-only). Click to change.`, warning: false };
    case 'partial':
      return { text: `$(warning) ${status.context}`, tooltip: `meshlens reads ${where}: ${status.objects} objects, but not everything:${problems}`, warning: true };
    case 'failed':
      return { text: `$(error) ${status.context ?? 'cluster'}`, tooltip: `meshlens could not read ${where}; the analysis uses the workspace alone.${problems}`, warning: true };
    case 'stopped':
      return { text: `$(debug-pause) ${status.context ?? 'cluster'}`, tooltip: `meshlens stopped reading ${where}; the analysis uses the workspace alone.${problems}`, warning: false };
  }
}

export interface KubeconfigContexts {
  readonly names: readonly string[];
  readonly current?: string;
}

/** The context names (and current-context) of kubeconfig texts, merged as kubectl merges $KUBECONFIG (first wins). */
export function kubeconfigContexts(texts: readonly string[]): KubeconfigContexts {
  const names: string[] = [];
  let current: string | undefined;
  for (const text of texts) {
    let doc: unknown;
    try {
      doc = parse(text);
    } catch {
      continue;
    }
    if (typeof doc !== 'object' || doc === null) continue;
    const { contexts, 'current-context': currentContext } = doc as { contexts?: unknown; 'current-context'?: unknown };
    if (current === undefined && typeof currentContext === 'string' && currentContext !== '') current = currentContext;
    if (!Array.isArray(contexts)) continue;
    for (const entry of contexts) {
      const name = (entry as { name?: unknown } | null)?.name;
      if (typeof name === 'string' && name !== '' && !names.includes(name)) names.push(name);
    }
  }
  return { names, ...(current !== undefined ? { current } : {}) };
}
