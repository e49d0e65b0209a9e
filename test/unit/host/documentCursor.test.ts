// Hover and completion locate the cursor in the one YAML document holding it, from the file's analysis, instead
// of cutting the whole text again (analysisSnapshot.ts). Every answer must equal the whole-text answer of the
// feature itself (hoverAt/completionAt over the file's text), at offsets everywhere: keys, values, `---` lines,
// the first and last document, the end of the file; for an edited file too (its analysis came from the edit).
// Inlay hints of a range likewise read only the documents overlapping it.
import { describe, expect, it } from 'vitest';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { BlockText } from '../../../server/src/analysis/host/blockText';
import { completionAt } from '../../../server/src/analysis/features/completion';
import { hoverAt, hoverSections, policyKindSection } from '../../../server/src/analysis/features/hover';
import { schemaOriginSectionFor } from '../../../server/src/analysis/features/schemaOriginHover';
import { bundledSchemaSet } from '../../../server/src/analysis/schema/schemaSet';
import { ruleHoverSection, ruleHoverSectionFor } from '../../../server/src/analysis/features/ruleHover';
import { schemaAt } from '../../../server/src/analysis/schema/schemaCatalog';
import { generatePolicies } from '../../../bench/generatePolicies';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { enforcementInlayHints } from '../../../server/src/analysis/features/inlayHints';
import { seededRandom } from '../../support/seededRandom';

describe('hover and completion from the cursor document', () => {
  it('answer as the whole-text features do, before and after an edit', () => {
    const uri = 'file:///p.yaml';
    const host = new AnalysisHost({ scope: 'policy-files' });
    const text = generatePolicies(12);
    host.applyChange(uri, text);
    const at = text.indexOf('---', text.length / 2);
    const edited = BlockText.of(text).replace(at, at, 'metadata:\n  name: x\n');
    for (const content of [undefined, edited]) {
      if (content) host.applyChange(uri, content, {}, { prefix: at, suffix: text.length - at });
      const snapshot = host.snapshot();
      const whole = snapshot.text(uri)!;
      const analysis = snapshot.analysis(uri)!;
      let compared = 0;
      for (let offset = 0; offset <= whole.length; offset += 7) {
        const hover = snapshot.hover(uri, offset);
        // The snapshot's sections: the rule section over its workspace, and which schema validated the policy.
        const sections = hoverSections.flatMap((s) =>
          s === ruleHoverSection ? [ruleHoverSectionFor(() => snapshot.enforcementWorkspace())] : s === policyKindSection ? [s, schemaOriginSectionFor(bundledSchemaSet)] : [s],
        );
        expect(hover, `hover at ${offset}`).toEqual(hoverAt(whole, offset, schemaAt, { analysis, sections }));
        expect(snapshot.completion(uri, offset), `completion at ${offset}`).toEqual(completionAt(whole, offset, schemaAt));
        if (hover) compared += 1;
      }
      expect(compared).toBeGreaterThan(50);
      expect(snapshot.completion(uri, whole.length)).toEqual(completionAt(whole, whole.length, schemaAt));
    }
  });

  it('answer as the whole-text features do in a large file after random edits (documents read from its segments)', () => {
    const uri = 'file:///big.yaml';
    const next = seededRandom(5);
    const host = new AnalysisHost({ scope: 'policy-files' });
    let text = generatePolicies(150);
    host.applyChange(uri, text);
    host.snapshot().analysis(uri);
    for (let step = 0; step < 12; step++) {
      const at = Math.floor(next() * text.length);
      const insert = next() < 0.8 ? 'x' : '\n';
      text = text.slice(0, at) + insert + text.slice(at);
      host.applyChange(uri, text, {}, { prefix: at, suffix: text.length - at - insert.length });
      const snapshot = host.snapshot();
      const sections = hoverSections.flatMap((s) =>
        s === ruleHoverSection ? [ruleHoverSectionFor(() => snapshot.enforcementWorkspace())] : s === policyKindSection ? [s, schemaOriginSectionFor(bundledSchemaSet)] : [s],
      );
      // The snapshot answers first, so they read the segments before anything makes the whole document list.
      const offsets = Array.from({ length: 40 }, () => Math.floor(next() * (text.length + 1)));
      // And around `---` lines, where which document holds the offset depends on every later one having moved.
      for (let k = 0; k < 6; k++) {
        const line = text.indexOf('\n---', Math.floor(next() * text.length));
        if (line !== -1) offsets.push(line - 1, line, line + 1, line + 2);
      }
      const answers = offsets.map((offset) => [snapshot.hover(uri, offset), snapshot.completion(uri, offset)]);
      // Inlay hints of a visible range: from the documents overlapping it only, no whole text joined.
      const from = Math.floor(next() * text.length);
      const range = { start: from, end: Math.min(text.length, from + 4000) };
      const hints = snapshot.inlayHints(uri, range);
      expect(hints).toEqual(enforcementInlayHints(analyzeText(text), snapshot.enforcementWorkspace(), range));
      expect(hints.length).toBeGreaterThan(0);
      // Each hint sits at the end of its line of the whole text.
      for (const hint of hints) expect(['\n', '\r', undefined]).toContain(text[hint.offset]);
      const analysis = snapshot.analysis(uri)!;
      offsets.forEach((offset, i) => {
        expect(answers[i][0], `hover at ${offset}`).toEqual(hoverAt(text, offset, schemaAt, { analysis, sections }));
        expect(answers[i][1], `completion at ${offset}`).toEqual(completionAt(text, offset, schemaAt));
      });
    }
  });
});
