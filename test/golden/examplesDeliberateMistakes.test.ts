// Every `# deliberate mistake:` comment in examples/ must be caught: `meshlens check` reports an error
// or warning in the YAML document that holds the comment (a comment above a document belongs to it).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitDocuments } from '../../server/src/analysis/yaml/parseYamlDocuments';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';
import type { CheckReportJson } from '../../server/src/cli/output/formatJson';
import { requireResource } from '../support/requirement';

const repoRoot = resolve(__dirname, '../..');
const MARKER = '# deliberate mistake:';

interface Mistake {
  readonly path: string;
  readonly line: number;
  readonly documentIndex: number;
  readonly text: string;
}

function deliberateMistakes(report: CheckReportJson): Mistake[] {
  return report.files.flatMap((file) => {
    const text = readFileSync(resolve(repoRoot, file.path), 'utf8');
    const chunks = splitDocuments(text);
    const mistakes: Mistake[] = [];
    for (let at = text.indexOf(MARKER); at !== -1; at = text.indexOf(MARKER, at + 1)) {
      const documentIndex = chunks.findLastIndex((chunk) => chunk.start <= at);
      const line = text.slice(0, at).split('\n').length;
      const lineEnd = text.indexOf('\n', at);
      mistakes.push({ path: file.path, line, documentIndex, text: text.slice(at + MARKER.length, lineEnd === -1 ? undefined : lineEnd).trim() });
    }
    return mistakes;
  });
}

describe.skipIf(!requireResource('the repository root as working directory', process.cwd() === repoRoot, `run vitest from ${repoRoot}`))('examples/ deliberate mistakes', async () => {
  const io = memoryIo();
  await runCli(['check', '--format', 'json', 'examples'], io);
  const report = JSON.parse(io.out) as CheckReportJson;
  const mistakes = deliberateMistakes(report);

  it('has the five documented mistakes', () => {
    expect(mistakes).toHaveLength(5);
  });

  for (const mistake of mistakes) {
    it(`catches ${mistake.path}:${mistake.line} (${mistake.text.slice(0, 60)})`, () => {
      const file = report.files.find((f) => f.path === mistake.path)!;
      const caught = file.diagnostics.filter((d) => d.documentIndex === mistake.documentIndex && (d.severity === 'error' || d.severity === 'warning'));
      expect(caught.map((d) => d.code)).not.toEqual([]);
    });
  }
});
