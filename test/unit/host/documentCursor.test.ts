// Hover and completion locate the cursor in the one YAML document holding it, from the file's analysis, instead
// of cutting the whole text again (analysisSnapshot.ts). Every answer must equal the whole-text answer of the
// feature itself (hoverAt/completionAt over the file's text), at offsets everywhere: keys, values, `---` lines,
// the first and last document, the end of the file; for an edited file too (its analysis came from the edit).
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
});
