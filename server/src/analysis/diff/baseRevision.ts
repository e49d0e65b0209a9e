// A long-lived base revision for the editor's compare mode: the workspace with some files replaced by their base
// text (or left out), read through its own incremental traffic session, so a live diff after an edit of the head
// only updates what changed. Pure: the adapter sends the base texts.
import { createTrafficSession, type TrafficSession, type TrafficSessionOptions } from '../graph/trafficSession';
import type { TrafficModel } from '../graph/trafficModel';
import type { WorkspaceText } from '../graph/workspaceTraffic';
import { diffConnectivity } from './connectivityDiff';
import type { ConnectivityDiff } from './diffModel';

export interface BaseOverride {
  readonly file: string;
  /** Undefined: the base does not have the file. */
  readonly text?: string;
}

export class BaseRevision {
  private session: { key: string; traffic: TrafficSession } | undefined;

  /** Diffs the base (head files with overrides applied) against the head model. */
  diff(head: TrafficModel, headTexts: readonly WorkspaceText[], overrides: readonly BaseOverride[], settings: TrafficSessionOptions): ConnectivityDiff {
    const key = JSON.stringify([settings.defaultNamespace ?? '', settings.dataplaneMode ?? 'auto', settings.undeclaredNamespaces ?? '']);
    if (this.session?.key !== key) this.session = { key, traffic: createTrafficSession(settings) };
    const replaced = new Map(overrides.map((o) => [o.file, o]));
    const texts: WorkspaceText[] = [];
    for (const file of headTexts) {
      const override = replaced.get(file.file);
      if (!override) texts.push(file);
      else if (override.text !== undefined) texts.push({ file: file.file, text: override.text });
      replaced.delete(file.file);
    }
    // Files the base has and the workspace no longer does.
    for (const override of replaced.values()) if (override.text !== undefined) texts.push({ file: override.file, text: override.text });
    const base = this.session.traffic.update(texts);
    return diffConnectivity(base.model, head);
  }
}
