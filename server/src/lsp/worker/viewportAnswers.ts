// The first, partial diagnostics of a document an editor shows (protocol/visibleRanges.ts): once the YAML
// documents under its viewport are analysed, and before the rest of the file is, their own findings are handed
// out, once per version: to a pull that waits for them, else posted (a push client publishes them, a pull
// client is asked to pull again). They are recorded as handed out, so the settle pass reports the final
// answer, which differs, when the whole file and its workspace findings are done.
import type { AnalysisHost } from '../../analysis/host/analysisHost';
import { toDiagnostic } from '../toLsp';
import type { VersionedDiagnostics } from './workerProtocol';
import type { WorkerDocument } from './workerDocument';

export class ViewportAnswers {
  /** Documents with a viewport, and the version whose partial answer was handed out (-1: none yet). */
  private readonly shown = new Map<string, number>();

  setShown(uri: string, shown: boolean): void {
    if (shown) {
      if (!this.shown.has(uri)) this.shown.set(uri, -1);
    } else this.shown.delete(uri);
  }

  /** The partial answers ready now (each document's at most once per version). */
  ready(host: AnalysisHost, documentOf: (uri: string) => WorkerDocument | undefined, docsBase: string): VersionedDiagnostics[] {
    const out: VersionedDiagnostics[] = [];
    for (const [uri, handedOut] of this.shown) {
      const document = documentOf(uri);
      if (!document || handedOut === document.version) continue;
      const findings = host.viewportFindings(uri);
      if (!findings) continue;
      this.shown.set(uri, document.version);
      out.push({ uri, version: document.version, items: findings.map((finding) => toDiagnostic(document, finding, docsBase)) });
    }
    return out;
  }
}
