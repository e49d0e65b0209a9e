// The incremental traffic session must answer exactly what a fresh build answers, whatever the edit: random
// edit sequences (a number changed in a document, a comment line that shifts what follows, a document removed,
// a value changed in any document, a file removed and restored) over every connectivity case of
// ../shared/corpus and the examples, in their own file layout and with everything in one file. Documents whose
// text an edit did not touch keep their parsed objects (at their new offset), as the analysis host hands them
// over, so the paths that keep moved policies and their flows are the ones checked.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildTrafficGraph } from '../../../server/src/analysis/graph/buildTrafficGraph';
import { createTrafficSession } from '../../../server/src/analysis/graph/trafficSession';
import { analyzeWorkspaceTraffic, type WorkspaceText } from '../../../server/src/analysis/graph/workspaceTraffic';
import { parseYamlDocuments, type YamlDocument } from '../../../server/src/analysis/yaml/parseYamlDocuments';
import { requireResource } from '../../support/requirement';
import { yamlFilesUnder } from '../../support/yamlFilesUnder';
import { seededRandom } from '../../support/seededRandom';

const root = path.resolve(__dirname, '../../..');
const corpus = path.resolve(root, '../shared/corpus/connectivity');
const corpusPresent = requireResource('the acceptance corpus (../shared/corpus/connectivity)', existsSync(corpus), 'check out the shared corpus next to the repository');

interface File {
  readonly file: string;
  readonly text: string;
}


function workspaceOf(files: readonly string[]): File[] {
  return files.map((file) => ({ file: path.relative(root, file), text: readFileSync(file, 'utf8') }));
}

function workspaces(): { name: string; files: File[] }[] {
  const out = [{ name: 'examples', files: workspaceOf(yamlFilesUnder(path.join(root, 'examples'))) }];
  if (!corpusPresent) return out;
  for (const entry of readdirSync(corpus).sort()) {
    const full = path.join(corpus, entry);
    out.push({ name: `connectivity/${entry}`, files: workspaceOf(statSync(full).isDirectory() ? yamlFilesUnder(full) : [full]) });
  }
  return out;
}

/** A random integer below n, from a seed, so a failing sequence can be replayed. */
function random(seed: number): (n: number) => number {
  const next = seededRandom(seed);
  return (n) => Math.floor(next() * n);
}

const DOCUMENT_SEPARATOR = /\n---[ \t]*\n/g;

/** Start offsets of the documents of a text (after each `---` line). */
function documentStarts(text: string): number[] {
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_SEPARATOR)) starts.push(m.index + m[0].length);
  return starts;
}

type Edit = (files: File[], pick: (n: number) => number) => File[] | undefined;

const edits: Record<string, Edit> = {
  // A digit in some document becomes another (ports, counts, CIDR parts…).
  number: (files, pick) => {
    const f = files[pick(files.length)];
    const digits = [...f.text.matchAll(/\d+/g)];
    if (digits.length === 0) return undefined;
    const m = digits[pick(digits.length)];
    return replaceFile(files, f, f.text.slice(0, m.index) + String(Number(m[0].slice(0, 6)) + 1) + f.text.slice(m.index + m[0].length));
  },
  // A comment line at a line start: everything after it moves.
  comment: (files, pick) => {
    const f = files[pick(files.length)];
    const lineStarts = [0, ...[...f.text.matchAll(/\n/g)].map((m) => m.index + 1)].filter((at) => at <= f.text.length);
    const at = lineStarts[pick(lineStarts.length)];
    return replaceFile(files, f, `${f.text.slice(0, at)}# moved by an edit\n${f.text.slice(at)}`);
  },
  // A document removed: the later ones move and get a new index.
  removeDocument: (files, pick) => {
    const f = files[pick(files.length)];
    const starts = documentStarts(f.text);
    if (starts.length < 2) return undefined;
    const k = pick(starts.length - 1) + 1;
    const end = k + 1 < starts.length ? starts[k + 1] : f.text.length;
    return replaceFile(files, f, f.text.slice(0, starts[k]) + f.text.slice(end));
  },
  // Some scalar value gets a suffix (a label, a name, a selector value, a mode).
  value: (files, pick) => {
    const f = files[pick(files.length)];
    const values = [...f.text.matchAll(/: ([a-z][\w.-]*)$/gm)];
    if (values.length === 0) return undefined;
    const m = values[pick(values.length)];
    const at = m.index + m[0].length;
    return replaceFile(files, f, `${f.text.slice(0, at)}x${f.text.slice(at)}`);
  },
  // A file disappears (closed, deleted) or comes back.
  removeFile: (files, pick) => (files.length < 2 ? undefined : files.filter((_, i) => i !== pick(files.length))),
};

function replaceFile(files: File[], f: File, text: string): File[] {
  return files.map((g) => (g === f ? { file: f.file, text } : g));
}

/** The new text's documents, keeping the previous parse of every document whose text is unchanged (at its new place), as the host does. */
function reparse(previous: readonly YamlDocument[] | undefined, text: string): YamlDocument[] {
  const byText = new Map<string, YamlDocument>();
  for (const doc of previous ?? []) if (!byText.has(doc.text)) byText.set(doc.text, doc);
  return parseYamlDocuments(text).map((doc) => {
    const kept = byText.get(doc.text);
    if (!kept || kept.findings.length > 0) return doc;
    byText.delete(doc.text);
    return { ...kept, index: doc.index, start: doc.start, end: doc.end };
  });
}

const sorted = <T>(list: readonly T[]) => list.map((x) => JSON.stringify(x)).sort();

function freshAnswer(files: readonly File[]) {
  const traffic = analyzeWorkspaceTraffic(files);
  return { graph: buildTrafficGraph(traffic.model).graph, findings: traffic.findings };
}

function checkSequence(start: File[], seed: number): void {
  const pick = random(seed);
  const session = createTrafficSession();
  const parsed = new Map<string, { text: string; documents: YamlDocument[] }>();
  const texts = (files: readonly File[]): WorkspaceText[] =>
    files.map((f) => {
      const known = parsed.get(f.file);
      const documents = known?.text === f.text ? known.documents : reparse(known?.documents, f.text);
      parsed.set(f.file, { text: f.text, documents });
      return { file: f.file, text: f.text, documents };
    });
  let files = start;
  const removed: File[] = [];
  const names = Object.keys(edits);
  for (let step = 0; step <= 6; step++) {
    if (step > 0) {
      if (files.length === 0) break;
      const name = names[pick(names.length)];
      // A removed file comes back now and then.
      const next = removed.length > 0 && pick(4) === 0 ? [...files, removed.pop()!] : edits[name](files, pick);
      if (!next) continue;
      for (const f of files) if (!next.some((g) => g.file === f.file)) removed.push(f);
      files = next;
    }
    const traffic = session.update(texts(files));
    const incremental = session.graph();
    const fresh = freshAnswer(files);
    const where = `seed ${seed}, step ${step}`;
    expect(sorted(incremental.graph.edges), where).toEqual(sorted(fresh.graph.edges));
    expect(sorted(incremental.graph.nodes), where).toEqual(sorted(fresh.graph.nodes));
    expect(sorted(traffic.findings), where).toEqual(sorted(fresh.findings));
  }
}

const oneFile = (files: readonly File[]): File[] => [{ file: 'all.yaml', text: files.map((f) => f.text.replace(/\n*$/, '')).join('\n---\n') }];

describe('incremental traffic session equals a fresh build', () => {
  for (const { name, files } of workspaces()) {
    it(`${name}: random edits, own files and one file`, () => {
      for (let seed = 1; seed <= 2; seed++) {
        checkSequence(files, seed * 7919 + name.length);
        checkSequence(oneFile(files), seed * 104729 + name.length);
      }
    });
  }

  it('keeps a policy that only moved: its flows are not evaluated again, its rule ranges follow it', () => {
    const [examples] = workspaces();
    const all = oneFile(examples.files)[0];
    const session = createTrafficSession();
    const first = reparse(undefined, all.text);
    session.update([{ ...all, documents: first }]);
    const before = session.graph();
    const lines = (edges: typeof before.graph.edges) => edges.flatMap((e) => e.rules.map((r) => r.range.start.line)).sort((a, b) => a - b);
    // Read as the answer is serialised, before the next edit (a RuleRef reads where its policy is now).
    const linesBefore = lines(before.graph.edges);
    const shifted = `# two lines\n# on top\n${all.text}`;
    session.update([{ file: all.file, text: shifted, documents: reparse(first, shifted) }]);
    const after = session.graph();
    expect(after.stats.evaluated).toBe(0);
    expect(lines(after.graph.edges)).toEqual(linesBefore.map((l) => l + 2));
    expect(sorted(after.graph.edges)).toEqual(sorted(freshAnswer([{ file: all.file, text: shifted }]).graph.edges));
  });
});
