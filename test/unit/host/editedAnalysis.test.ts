// A keystroke re-analyses the YAML documents it touched: the host's edited-file path (editedAnalysis.ts) must
// give exactly what a whole-file analysis gives, for edits anywhere (inside a document, across `---` lines, at
// the file's start and end), and decline what it cannot prove equal. The document splitter it relies on is
// checked against a line-by-line reading of the same rule.
import { describe, expect, it } from 'vitest';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { AnalysisHost } from '../../../server/src/analysis/host/analysisHost';
import { composeExtents, reanalyseEdited, type EditExtent } from '../../../server/src/analysis/host/editedAnalysis';
import { splitDocuments } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { generatePolicies } from '../../../bench/generatePolicies';

/** Everything but the yaml AST (shared, chunk-relative), for comparison. */
function comparable(analysis: FileAnalysis) {
  return {
    findings: analysis.findings,
    documents: analysis.documents.map((d) => ({ ...d, yaml: { ...d.yaml, syntax: undefined }, policy: d.policy ? { ...d.policy, yaml: { start: d.policy.yaml.start, end: d.policy.yaml.end } } : undefined })),
  };
}

/** Replaces [start, end) of `text` with `insert`; returns the new text and what the edit left alone. */
function edit(text: string, start: number, end: number, insert: string): { text: string; extent: EditExtent } {
  return { text: text.slice(0, start) + insert + text.slice(end), extent: { prefix: start, suffix: text.length - end } };
}

/** The document cut as a plain reading of the rule: every line is looked at. */
function referenceSplit(text: string): { start: number; text: string }[] {
  const chunks: { start: number; text: string }[] = [];
  let chunkStart = 0;
  let onlyPreamble = true;
  let lineStart = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^---(?=[ \t]|$)/.test(line)) {
      if (!onlyPreamble) {
        chunks.push({ start: chunkStart, text: text.slice(chunkStart, lineStart) });
        chunkStart = lineStart;
      }
      onlyPreamble = false;
    } else if (onlyPreamble && !/^\s*(#.*|%.*)?$/.test(line)) {
      onlyPreamble = false;
    }
    lineStart += raw.length + 1;
  }
  if (chunkStart < text.length || chunks.length === 0) chunks.push({ start: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

const base = `# leading comment\n${generatePolicies(8)}---\nkind: NetworkPolicy\nspec: {podSelector: [}\n---\napiVersion: v1\nkind: ConfigMap\n`;

describe('splitDocuments', () => {
  it('cuts exactly where a line-by-line reading cuts', () => {
    const samples = [
      '',
      '---',
      '---\n',
      '# c\n%YAML 1.2\n---\na: 1\n---\nb: 2',
      'a: 1\n--- \nb: 2\n---\t# x\n---x\n----\nc: 3\r\n---\r\nd: 4\n---',
      '\n\n# only comments\n',
      '--- {a: 1}\n--- [1]\n',
      base,
    ];
    for (const text of samples) expect(splitDocuments(text)).toEqual(referenceSplit(text));
  });
});

describe('re-analysis of an edited file', () => {
  const before = analyzeText(base);

  it('equals a whole-file analysis for edits inside a document, across documents and at both ends', () => {
    const at = (needle: string) => base.indexOf(needle);
    const cases = [
      edit(base, at('name: cnp-0') + 6, at('name: cnp-0') + 6, 'x'),
      edit(base, at('name: ap-2'), at('name: ap-2') + 'name: ap-2'.length, 'name: renamed\n  labels: {a: b}'),
      edit(base, at('---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication'), at('---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication') + 4, ''),
      edit(base, 0, 0, 'a: 1\n'),
      edit(base, base.length, base.length, '---\nkind: CiliumNetworkPolicy\n'),
      edit(base, at('spec: {podSelector: [}'), at('spec: {podSelector: [}') + 22, 'spec: {podSelector: {}}'),
      edit(base, at('port: "8080"'), at('port: "8080"') + 12, 'port: "99999"'),
    ];
    for (const { text, extent } of cases) {
      const incremental = reanalyseEdited(before, text, extent);
      const fresh = analyzeText(text);
      if (incremental) expect(comparable(incremental)).toEqual(comparable(fresh));
    }
    // Edits within one document and at the end are always taken incrementally.
    expect(reanalyseEdited(before, cases[0].text, cases[0].extent)).toBeDefined();
    expect(reanalyseEdited(before, cases[4].text, cases[4].extent)).toBeDefined();
  });

  it('declines what it cannot prove equal: a new document before others, a file start turned into comments', () => {
    const middle = base.indexOf('kind: AuthorizationPolicy');
    const split = edit(base, middle, middle, '---\n');
    expect(reanalyseEdited(before, split.text, split.extent)).toBeUndefined();
    const firstDocumentEnd = splitDocuments(base)[1].start;
    const commented = edit(base, 0, firstDocumentEnd, '# nothing\n');
    expect(reanalyseEdited(before, commented.text, commented.extent)).toBeUndefined();
    // A paste over many documents is left to the sliced whole-file analysis.
    const large = generatePolicies(40);
    const whole = edit(large, 0, large.length, 'a: 1\n');
    expect(reanalyseEdited(analyzeText(large), whole.text, whole.extent)).toBeUndefined();
  });

  it('composes edits typed before the next analysis', () => {
    const one = edit(base, base.indexOf('name: cnp-6') + 6, base.indexOf('name: cnp-6') + 6, 'ab');
    const two = edit(one.text, one.text.indexOf('name: np-5') + 6, one.text.indexOf('name: np-5') + 6, 'c');
    const incremental = reanalyseEdited(before, two.text, composeExtents(one.extent, two.extent));
    expect(incremental).toBeDefined();
    expect(comparable(incremental!)).toEqual(comparable(analyzeText(two.text)));
  });

  it('the host re-analyses only the touched documents of a large open file, and answers as a fresh host does', () => {
    const text = generatePolicies(300);
    const host = new AnalysisHost();
    host.applyChange('f.yaml', text);
    const first = host.snapshot().analysis('f.yaml')!.documents;
    const at = text.indexOf('name: cnp-150') + 6;
    const typed = edit(text, at, at, 'x');
    host.applyChange('f.yaml', typed.text, {}, typed.extent);
    const more = edit(typed.text, at + 1, at + 1, 'y');
    host.applyChange('f.yaml', more.text, {}, more.extent);
    const analysis = host.snapshot().analysis('f.yaml')!;
    const fresh = new AnalysisHost();
    fresh.applyChange('f.yaml', more.text);
    expect(comparable(analysis)).toEqual(comparable(fresh.snapshot().analysis('f.yaml')!));
    expect(host.snapshot().diagnostics('f.yaml')).toEqual(fresh.snapshot().diagnostics('f.yaml'));
    // The unchanged documents before the edit are the very same objects: nothing was re-read.
    const documents = host.snapshot().analysis('f.yaml')!.documents;
    expect(documents.slice(0, 149).every((d, i) => d === first[i])).toBe(true);
    expect(documents[150]).not.toBe(first[150]);
  });
});
