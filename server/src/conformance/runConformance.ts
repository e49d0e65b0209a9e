// Runs the analysis over every single-file case of a corpus folder and scores it. Connectivity
// verdict cases (connectivity/) are scored by their own runner and added as another summary line.
import { analyzeText } from '../analysis/analyzeFile';
import { readFileCases } from './readCorpus';
import { scoreCase, summarize, type CaseInput, type CaseResult, type ConformanceSummary } from './scoreConformance';

export interface ConformanceReport {
  readonly corpus: string;
  readonly summary: ConformanceSummary;
  readonly files: readonly CaseResult[];
}

export function analyzeCase(input: CaseInput): CaseResult {
  if (input.text === undefined) return scoreCase(input, []);
  try {
    return scoreCase(input, analyzeText(input.text).findings);
  } catch (error) {
    // The analysis must never throw on user input; if it does, the case fails visibly instead of the run.
    const message = error instanceof Error ? error.message : String(error);
    return scoreCase({ ...input, problem: `analysis threw: ${message}` }, []);
  }
}

export function runConformance(corpusDir: string): ConformanceReport {
  const files = readFileCases(corpusDir).map(analyzeCase);
  return { corpus: corpusDir, summary: summarize(files), files };
}
