// `npm start` (after the build): a newcomer's tour. Runs each step in order from the repository root
// and stops at the first step that fails. Add a step by appending to `steps`.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const steps = [
  {
    title: 'meshlens check examples (text format)',
    command: [process.execPath, 'dist/cli.cjs', 'check', 'examples'],
    // 1 = findings with errors: expected here, since the examples contain deliberate mistakes.
    okExitCodes: [0, 1],
    note: (code) =>
      code === 1
        ? 'The errors above are expected: examples/ contains deliberate mistakes (see the "# deliberate mistake:" comments and examples/README.md).'
        : 'No errors reported.',
  },
  {
    title: 'traffic graph of examples/ as a standalone HTML page',
    command: [process.execPath, 'scripts/writeGraphHtml.mjs', 'examples'],
    okExitCodes: [0],
  },
];

for (const step of steps) {
  console.log(`\n== ${step.title}\n`);
  const result = spawnSync(step.command[0], step.command.slice(1), { cwd: root, stdio: 'inherit' });
  const code = result.status ?? 2;
  if (result.error || !step.okExitCodes.includes(code)) {
    console.error(`\nnpm start: step "${step.title}" failed (exit ${code}${result.error ? `: ${result.error.message}` : ''}).`);
    process.exit(1);
  }
  if (step.note) console.log(`\n${step.note(code)}`);
}
console.log('\nnpm start: done.');
