// Per-server traffic-graph state: one incremental traffic session (recreated when the default namespace
// or the data-plane setting changes) shared by the `meshlens/trafficGraph` request and the ML5xxx diagnostics, the workspace file
// reader, and the last graph findings per file with the text they were computed against.
import type { Finding } from '../analysis/model/finding';
import type { DataplaneMode } from '../protocol/settings';
import { createTrafficSession, type TrafficSession } from '../analysis/graph/trafficSession';
import type { WorkspaceText } from '../analysis/graph/workspaceTraffic';
import { WorkspaceYamlFiles } from './workspaceYamlFiles';

interface FileFindings {
  readonly text: string;
  readonly findings: readonly Finding[];
  readonly key: string;
}

export class TrafficWorkspace {
  readonly files = new WorkspaceYamlFiles();
  private session: { defaultNamespace: string; dataplaneMode: DataplaneMode; traffic: TrafficSession } | undefined;
  private findingsByUri = new Map<string, FileFindings>();
  private pending: ReturnType<typeof setTimeout> | undefined;

  /** Runs `pass` once `delayMs` pass without another call: the background findings wait for a pause in typing. */
  schedule(pass: () => void, delayMs: number): void {
    if (this.pending !== undefined) clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      this.pending = undefined;
      pass();
    }, delayMs);
  }

  sessionFor(defaultNamespace: string, dataplaneMode: DataplaneMode = 'auto'): TrafficSession {
    if (this.session?.defaultNamespace !== defaultNamespace || this.session.dataplaneMode !== dataplaneMode) {
      this.session = { defaultNamespace, dataplaneMode, traffic: createTrafficSession({ defaultNamespace, dataplaneMode }) };
    }
    return this.session.traffic;
  }

  /**
   * Brings the session up to `files` and keeps the ML5xxx findings per file; returns the uris whose findings
   * changed since the last call. Other inventory findings (unreadable files, …) are not graph findings.
   */
  updateFindings(files: readonly WorkspaceText[], defaultNamespace: string, dataplaneMode: DataplaneMode = 'auto'): Set<string> {
    const { findings } = this.sessionFor(defaultNamespace, dataplaneMode).update(files);
    const grouped = new Map<string, Finding[]>();
    for (const { file, finding } of findings) {
      if (!finding.code.startsWith('ML5')) continue;
      const list = grouped.get(file) ?? [];
      list.push(finding);
      grouped.set(file, list);
    }
    const texts = new Map(files.map((f) => [f.file, f.text]));
    const next = new Map<string, FileFindings>();
    const changed = new Set<string>();
    for (const [file, list] of grouped) next.set(file, { text: texts.get(file) ?? '', findings: list, key: JSON.stringify(list) });
    for (const file of new Set([...next.keys(), ...this.findingsByUri.keys()])) {
      const before = this.findingsByUri.get(file);
      const after = next.get(file);
      if (before?.key !== after?.key || before?.text !== after?.text) changed.add(file);
    }
    this.findingsByUri = next;
    return changed;
  }

  /** The graph findings of `uri`, only if they were computed against this very text (else spans could be stale). */
  findingsFor(uri: string, text: string): readonly Finding[] {
    const entry = this.findingsByUri.get(uri);
    return entry && entry.text === text ? entry.findings : [];
  }
}
