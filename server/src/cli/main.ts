// Entry of the `meshlens` CLI (bundled to dist/cli.cjs): a table of commands, one row each.
// To add a command, write server/src/cli/<name>Command.ts exporting a CliCommand and add it below.
import { checkCommand } from './checkCommand';
import { graphCommand } from './graphCommand';
import { explainCommand } from './explainCommand';
import { explainRulesCommand } from './explainRulesCommand';
import { diffCommand } from './diffCommand';
import { processIo, type CliCommand, type CliIo } from './cliIo';

export const commands: readonly CliCommand[] = [
  checkCommand,
  graphCommand,
  explainCommand,
  explainRulesCommand,
  diffCommand,
];

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const rows = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
  return `Usage: meshlens <command> [options] <files or folders>

Commands:
${rows}

Run \`meshlens <command> --help\` for a command's options.
`;
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr(`meshlens: unknown command "${name}".\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

// Runs only as the bundled entry point, not when tests import the table.
if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  runCli(process.argv.slice(2), processIo).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`meshlens: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
