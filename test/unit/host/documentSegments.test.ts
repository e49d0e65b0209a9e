// An edited file's documents live in segments that an edit does not move (documentSegments.ts): after any
// sequence of random edits, what the segments answer (a document, its offsets, which document holds an offset)
// and the document list they make must be exactly a fresh whole-file analysis of the same text.
import { describe, expect, it } from 'vitest';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { documentSegmentsOf } from '../../../server/src/analysis/documentSegments';
import { generatePolicies } from '../../../bench/generatePolicies';
import { seededRandom } from '../../support/seededRandom';

/** Everything but the yaml AST (shared, chunk-relative), for comparison. */
function comparable(analysis: FileAnalysis) {
  return {
    findings: analysis.findings,
    documents: analysis.documents.map((d) => ({ ...d, yaml: { ...d.yaml, syntax: undefined }, policy: d.policy ? { ...d.policy, yaml: { start: d.policy.yaml.start, end: d.policy.yaml.end } } : undefined })),
  };
}

/** Small typing-like edits: characters, new lines, deleted ranges, now and then a `---` line or a broken value. */
function randomEdit(text: string, next: () => number): { text: string; prefix: number; suffix: number } {
  const at = Math.floor(next() * text.length);
  const pick = next();
  const removed = pick < 0.3 ? Math.floor(next() * 12) : 0;
  const insert = pick < 0.5 ? 'x' : pick < 0.65 ? '\n' : pick < 0.75 ? '---\n' : pick < 0.85 ? ': [' : pick < 0.92 ? '  # note\n' : '';
  const end = Math.min(text.length, at + removed);
  return { text: text.slice(0, at) + insert + text.slice(end), prefix: at, suffix: text.length - end };
}

const base = `${generatePolicies(120)}---\nkind: NetworkPolicy\nspec: {podSelector: [}\n---\napiVersion: v1\nkind: ConfigMap\n`;

describe('document segments of an edited file', () => {
  it('equal a fresh analysis after every one of many random edits, and answer lookups as its list does', () => {
    for (const seed of [1, 2]) {
      const next = seededRandom(seed);
      const host = new AnalysisHost({ maxFileSizeMB: 50 });
      let text = base;
      host.applyChange('f.yaml', text);
      host.snapshot().analysis('f.yaml');
      for (let step = 0; step < 30; step++) {
        const edit = randomEdit(text, next);
        text = edit.text;
        host.applyChange('f.yaml', text, {}, { prefix: edit.prefix, suffix: edit.suffix });
        // Now and then two edits are analysed together (the trail of edits composes).
        if (next() < 0.2) continue;
        const analysis = host.snapshot().analysis('f.yaml')!;
        const segments = documentSegmentsOf(analysis);
        const fresh = analyzeText(text);
        // The lookups first (before the list is made from the segments).
        expect(segments.length).toBe(fresh.documents.length);
        expect(segments.textLength()).toBe(text.length);
        for (const offset of [0, Math.floor(next() * text.length), text.length]) {
          const holding = fresh.documents.findIndex((d) => offset < d.yaml.start + d.yaml.text.length);
          expect(segments.firstEndingAfter(offset)).toBe(holding === -1 ? fresh.documents.length - 1 : holding);
          const starting = fresh.documents.findLastIndex((d) => d.yaml.start <= offset);
          expect(segments.lastStartingAtOrBefore(offset)).toBe(Math.max(0, starting));
        }
        const i = Math.floor(next() * fresh.documents.length);
        expect(segments.startOf(i)).toBe(fresh.documents[i].yaml.start);
        expect(segments.endOf(i)).toBe(fresh.documents[i].yaml.end);
        expect(comparable({ text, documents: [segments.at(i)], findings: [] })).toEqual(comparable({ text, documents: [fresh.documents[i]], findings: [] }));
        expect(comparable(analysis)).toEqual(comparable(fresh));
      }
    }
  });
});
