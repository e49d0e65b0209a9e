// Memory must not grow with the number of edits. V8 keeps an Error's stack frames (functions and their closure
// scopes) until the stack is first read; the yaml parser's errors stay on the AST, and the edited-file path parses
// inside a closure over the previous revision's documents, so each revision used to keep the one before it alive:
// 20,000 fuzzed edits took the server to 2.3 GB (bench:robustness). This test holds only weak references to an early
// revision and checks that the garbage collector can take it once later revisions exist.
import { describe, expect, it, onTestFinished } from 'vitest';
import { isCollected } from '../../support/garbageCollection';
import { analyzeText, type FileAnalysis } from '../../../server/src/analysis/analyzeFile';
import { reanalyseEdited } from '../../../server/src/analysis/host/editedAnalysis';
import { parseYamlChunk } from '../../../server/src/analysis/yaml/parseYamlDocuments';

// Three documents; the middle one has a syntax error, so every re-parse of it creates parser errors.
const header = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n';
const broken = 'kind: NetworkPolicy\nspec: {podSelector: [}\n';
const trailer = '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';

describe('revisions do not keep each other alive', () => {
  it("a parser error's stack holds no frames (so nothing its caller captured)", () => {
    const doc = parseYamlChunk({ start: 0, text: broken }, 0);
    expect(doc.syntax.ast.errors.length).toBeGreaterThan(0);
    for (const error of doc.syntax.ast.errors) expect(error.stack).toBe(`${error.name}: ${error.message}`);
  });

  it('an early revision of an edited file is collectable once later edits were analysed', async () => {
    // Every frame recorded, so the edited-file path's closure is on each error's stack however deep the parser went.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    onTestFinished(() => {
      Error.stackTraceLimit = limit;
    });
    let text = header + broken + trailer;
    let analysis: FileAnalysis = analyzeText(text);
    const early = new WeakRef(analysis.documents[1]);
    expect(analysis.documents[1].yaml.findings.some((f) => f.code === 'ML0001')).toBe(true);
    for (let i = 0; i < 5; i++) {
      // Type one character inside the broken document: it and its neighbours are parsed again.
      const at = header.length + 'kind: NetworkPolicy'.length;
      const next = text.slice(0, at) + 'x' + text.slice(at);
      const edited = reanalyseEdited(analysis, next, { prefix: at, suffix: text.length - at });
      if (!edited) throw new Error('the edit inside one document should take the edited-file path');
      analysis = edited;
      text = next;
    }
    expect(analysis.documents[1].yaml.findings.some((f) => f.code === 'ML0001')).toBe(true);
    expect(await isCollected(early)).toBe(true);
  });
});
