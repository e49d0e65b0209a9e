// Golden tests of `meshlens check` on examples/: the text and JSON reports, compared with reviewed
// files. After a deliberate change, rewrite with UPDATE_GOLDEN=1, review the diff, and say why in the commit.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../server/src/cli/cliIo';
import { runCli } from '../../server/src/cli/main';
import { requireResource } from '../support/requirement';

const repoRoot = resolve(__dirname, '../..');

function expectGolden(actual: string, goldenName: string): void {
  const golden = resolve(__dirname, goldenName);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
  expect(existsSync(golden), `${goldenName} is missing; create it with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(golden, 'utf8'));
}

// Paths in the report are "as given"; giving `examples` relative to the repo root keeps them stable.
describe.skipIf(!requireResource('the repository root as working directory', process.cwd() === repoRoot, `run vitest from ${repoRoot}`))('meshlens check examples (golden)', () => {
  for (const [format, golden] of [
    ['text', 'examples.check.golden.txt'],
    ['json', 'examples.check.golden.json'],
  ] as const) {
    it(`${format} output matches ${golden}`, async () => {
      const io = memoryIo();
      const code = await runCli(['check', '--format', format, 'examples'], io);
      expect(io.err).toBe('');
      expectGolden(io.out, golden);
      // examples/ holds deliberate mistakes, so once the checks catch them the exit code is 1.
      expect(code).toBe(io.out.includes(format === 'json' ? '"severity": "error"' : ' error ML') ? 1 : 0);
    });
  }
});
