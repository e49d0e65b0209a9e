// Viewport first: the host analyses the YAML documents under an editor's viewport before the rest of the file
// and can report their own findings early, but the file's analysis and every answer are exactly those of the
// top-down analysis, whatever the viewport and however it moves while the analysis runs (random viewports).
import { describe, expect, it } from 'vitest';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { BlockText } from '../../../server/src/analysis/host/blockText';
import { AnalysisProgress, analyzeViewportFirst, type LineRange } from '../../../server/src/analysis/host/viewportFirst';
import { bundledSchemaSet } from '../../../server/src/analysis/schema/schemaSet';
import { generatePolicies } from '../../../bench/generatePolicies';
import { seededRandom } from '../../support/seededRandom';

/** Generated policies with a wrong protocol in every third port (a schema finding per such document) and one broken document. */
function textWithFindings(count: number): string {
  let n = 0;
  const text = generatePolicies(count).replace(/protocol: TCP/g, (m) => (n++ % 3 === 0 ? 'protocol: TPC' : m));
  return `${text}---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: broken\nspec: [\n`;
}

/** What an analysis says, without object identity: each document's place, summary and findings, and the file's. */
function shape(analysis: FileAnalysis | undefined) {
  return analysis && { documents: analysis.documents.map((d) => ({ start: d.yaml.start, end: d.yaml.end, summary: d.summary, findings: d.findings, policy: d.policy !== undefined })), findings: analysis.findings };
}

const lineCount = (text: string) => text.split('\n').length;

describe('viewport-first analysis', () => {
  const text = textWithFindings(60);
  const topDown = analyzeText(text);

  it('gives the top-down analysis for random viewports, also when the viewport moves mid-way', () => {
    const next = seededRandom(17);
    for (let round = 0; round < 12; round++) {
      const progress = new AnalysisProgress(BlockText.of(text), text);
      const pick = (): LineRange[] => Array.from({ length: 1 + Math.floor(next() * 2) }, () => {
        const start = Math.floor(next() * lineCount(text));
        return { start, end: start + Math.floor(next() * 60) };
      });
      let viewport: LineRange[] | undefined = round === 0 ? undefined : pick();
      const steps = analyzeViewportFirst(progress, () => viewport, undefined, bundledSchemaSet);
      let step = steps.next();
      for (let i = 0; !step.done; i++) {
        if (i === 5 && round % 2 === 1) viewport = pick();
        step = steps.next();
      }
      expect(shape(step.value)).toEqual(shape(topDown));
    }
  });

  it('analyses the documents under the viewport first, and reports their own findings before the rest is done', () => {
    const lines = text.split('\n');
    // The 45th document's port with the wrong protocol is under the viewport.
    const name = lines.findIndex((l) => l.trim() === 'name: cnp-42');
    const viewport = [{ start: name, end: name + 30 }];
    const host = new AnalysisHost();
    host.applyChange('file:///big.yaml', text);
    host.setViewport('file:///big.yaml', viewport);
    const prepare = host.prepare();
    let steps = 0;
    let early: readonly { code: string; span: { start: number } }[] | undefined;
    while (!early && !prepare.next().done) {
      steps += 1;
      early = host.viewportFindings('file:///big.yaml');
    }
    expect(early).toBeDefined();
    expect(host.isPrepared()).toBe(false);
    // A handful of steps (the documents under 31 lines), not the 61 of the whole file.
    expect(steps).toBeLessThanOrEqual(3);
    while (!prepare.next().done);
    expect(host.viewportFindings('file:///big.yaml')).toBeUndefined();

    // The same final answer as a host that was never told a viewport.
    const plain = new AnalysisHost();
    plain.applyChange('file:///big.yaml', text);
    const final = host.snapshot().diagnostics('file:///big.yaml');
    expect(final).toEqual(plain.snapshot().diagnostics('file:///big.yaml'));

    // The early answer is the final one's per-document findings (not ML4xxx/ML5xxx) of the documents under the viewport.
    const from = text.split('\n').slice(0, viewport[0].start).join('\n').length;
    const to = text.split('\n').slice(0, viewport[0].end + 1).join('\n').length;
    const under = topDown.documents.filter((d) => d.yaml.start <= to && d.yaml.end >= from);
    const expected = final.filter((f) => !/^ML[45]/.test(f.code) && under.some((d) => f.span.start >= d.yaml.start && f.span.start < d.yaml.end));
    expect(early).toEqual(expected);
    expect(early?.length).toBeGreaterThan(0);
  });

  it('gives no partial answer for a text analysed again (its provisional answer carries the workspace findings over)', () => {
    const host = new AnalysisHost();
    const uri = 'file:///again.yaml';
    host.applyChange(uri, text);
    host.setViewport(uri, [{ start: 200, end: 240 }]);
    for (const _ of host.prepare());
    host.snapshot().diagnostics(uri);
    // A whole new text (no edit extent): analysed in full again, viewport first, but not reported early.
    host.applyChange(uri, `${text}# changed\n`);
    const prepare = host.prepare();
    let steps = 0;
    while (!prepare.next().done) {
      steps += 1;
      expect(host.viewportFindings(uri)).toBeUndefined();
    }
    expect(steps).toBeGreaterThan(0);
  });
});
