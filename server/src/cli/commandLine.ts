// Reads a command's arguments the same way for every `meshlens` command: node's parseArgs, `-h/--help`,
// usage errors on stderr with the command's usage text, and exit code 2 for anything malformed.
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import type { CliIo } from './cliIo';

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  /** Commands that read files or folders need at least one. */
  readonly needsPaths: boolean;
}

type ParsedValues<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values'];

export interface CommandLine<O extends ParseArgsOptionsConfig> {
  readonly values: ParsedValues<O>;
  readonly positionals: string[];
  /** Prints `meshlens <name>: message` and the usage to stderr; returns exit code 2. */
  usageError(message: string): number;
  /** Prints `meshlens <name>: message` (a bad option value; no usage dump); returns exit code 2. */
  invalid(message: string): number;
  /** Checks a value against its allowed set; returns the exit code on failure, undefined when fine. */
  oneOf(flag: string, value: string, allowed: readonly string[]): number | undefined;
}

/** The parsed command line, or the exit code when the command should stop here (help shown, usage error). */
export function readCommandLine<O extends ParseArgsOptionsConfig>(spec: CommandSpec<O>, args: readonly string[], io: CliIo): CommandLine<O> | number {
  const usageError = (message: string): number => {
    io.stderr(`meshlens ${spec.name}: ${message}\n\n${spec.usage}`);
    return 2;
  };
  const invalid = (message: string): number => {
    io.stderr(`meshlens ${spec.name}: ${message}\n`);
    return 2;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { ...spec.options, help: { type: 'boolean', short: 'h', default: false } },
    });
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout(spec.usage);
    return 0;
  }
  if (spec.needsPaths && parsed.positionals.length === 0) return usageError('no files or folders given.');
  return {
    values: parsed.values as ParsedValues<O>,
    positionals: parsed.positionals,
    usageError,
    invalid,
    oneOf: (flag, value, allowed) =>
      allowed.includes(value) ? undefined : invalid(`${flag} must be ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}; got "${value}".`),
  };
}
