// One file's own analysis as the host keeps it: the per-document pass, or why there is none (too large,
// not read, stopped for its time budget), with the findings that say so.
import { analyzeText, type DocumentCache, type FileAnalysis } from '../analyzeFile';
import { makeFinding } from '../findings/findingCodes';
import type { Finding } from '../model/finding';
import { span } from '../model/sourceSpan';
import type { HostFile } from './analysisHost';
import type { ReportScope } from './mergeFindings';
import { tooLargeFinding, tooLargeFindings } from './reportedFindings';
import type { SchemaSet } from '../schema/schemaSet';

export interface FileResult {
  /** Undefined when the file was not analysed; it is then left out of the workspace model too. */
  readonly analysis?: FileAnalysis;
  /** Findings about the file as a whole (reading it, its size, its time budget). */
  readonly fileFindings: readonly Finding[];
}

export function analyseFile(file: HostFile, maxBytes: number, scope: ReportScope, cache: DocumentCache, onRun: () => void, schemas?: SchemaSet): FileResult {
  const readFindings = file.source.readFindings ?? [];
  if (file.source.stoppedAfterMs !== undefined) {
    const seconds = (file.source.stoppedAfterMs / 1000).toFixed(1);
    const message = `Analysis of this file ran past the ${seconds} s time budget and was stopped; it is left out of diagnostics, hints and the traffic graph until it changes. The next edit retries.`;
    return { fileFindings: [...readFindings, makeFinding('ML0020', span(0, 0), message)] };
  }
  if (file.source.unread) return { fileFindings: readFindings };
  // The length and the policy-kind test read the blocks: a keystroke in a file too large to analyse joins no text.
  if (file.content.length > maxBytes) {
    // The editor stays silent on large non-policy YAML; the CLI reports every file it was given.
    const tooLarge = scope === 'every-file' ? [tooLargeFinding(file.content.length, maxBytes)] : tooLargeFindings(file.content, maxBytes);
    return { fileFindings: [...readFindings, ...tooLarge] };
  }
  onRun();
  return { analysis: analyzeText(file.text, cache, schemas), fileFindings: readFindings };
}
