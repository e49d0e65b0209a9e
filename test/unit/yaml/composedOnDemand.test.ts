// A document the block reader reads (yaml/blockYamlValue.ts) is checked from its value alone: its yaml AST
// (YamlSyntax) is composed only when something reads a place in it: a shown finding's span, a hover, a hint, a
// code action. Opening a large file therefore composes the documents whose findings are shown, not the file.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { analyzeText } from '../../../server/src/analysis/analyzeFile';
import { MAX_FINDINGS_PER_FILE } from '../../../server/src/analysis/findings/capFindings';
import { generatePolicies } from '../../../bench/generatePolicies';
import { spanAt } from '../../../server/src/analysis/yaml/parseYamlDocuments';

const composedCount = (documents: readonly { yaml: { syntax: { composed: boolean } } }[]) => documents.filter((d) => d.yaml.syntax.composed).length;

describe('yaml ASTs composed on demand', () => {
  it('checking a file of plain policies and placing its findings composes none of them', () => {
    const broken = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  name: typo\nspec:\n  mtls:\n    mode: STRICTLY\n';
    const text = `${generatePolicies(150)}---\n${broken}---\n${generatePolicies(149)}`;
    const analysis = analyzeText(text);
    expect(analysis.documents).toHaveLength(300);
    const withFindings = analysis.documents.filter((d) => d.findings.length > 0);
    expect(withFindings.map((d) => d.yaml.index)).toEqual([150]);
    // The finding's place (a one-line scalar) is found from the text (blockYamlSpans.ts): still nothing composed.
    const document = withFindings[0];
    const finding = document.findings[0];
    expect(text.slice(finding.span.start, finding.span.end)).toBe('STRICTLY');
    expect(composedCount(analysis.documents)).toBe(0);
    // A place the text search leaves to the AST (a mapping's own span) composes that document only.
    const mtls = spanAt(document.yaml, ['spec', 'mtls'], 'value');
    expect(text.slice(mtls.start, mtls.end)).toContain('mode: STRICTLY');
    expect(analysis.documents.filter((d) => d.yaml.syntax.composed).map((d) => d.yaml.index)).toEqual([150]);
    expect(document.yaml.syntax.composed).toBe(true);
    const eager = parseDocument(document.yaml.text);
    expect(document.yaml.syntax.ast.toJS()).toEqual(eager.toJS());
    expect(document.yaml.value).toEqual(eager.toJS());
  });

  it('an open over the host composes at most the documents of the findings it shows', () => {
    const host = new AnalysisHost();
    const text = generatePolicies(2000);
    host.applyChange('big.yaml', text);
    const snapshot = host.snapshot();
    const shown = snapshot.diagnostics('big.yaml');
    // Converting a finding reads its place, as the language server and the CLI do.
    const documentsShown = new Set<number>();
    for (const finding of shown) {
      void finding.span.start;
      if (finding.documentIndex !== undefined) documentsShown.add(finding.documentIndex);
    }
    const analysis = snapshot.analysis('big.yaml')!;
    const composed = composedCount(analysis.documents);
    expect(shown.length).toBeLessThanOrEqual(MAX_FINDINGS_PER_FILE + 1);
    expect(composed).toBeLessThanOrEqual(documentsShown.size);
    expect(composed).toBeLessThan(analysis.documents.length / 2);
  });

  it('hover answers on a document that was read without composing it', () => {
    const host = new AnalysisHost();
    const text = generatePolicies(50);
    host.applyChange('h.yaml', text);
    const snapshot = host.snapshot();
    const offset = text.indexOf('spec:', Math.floor(text.length / 2));
    expect(snapshot.hover('h.yaml', offset)).toBeDefined();
  });
});
