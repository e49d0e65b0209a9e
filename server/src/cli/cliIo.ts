// The CLI's window on the outside world for output: commands write through this object so they can
// run in-process in tests (capturing output) as well as from dist/cli.cjs (real streams and files).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, text: string): void;
}

/** A command of the `meshlens` CLI: one row of the command table in main.ts. */
export interface CliCommand {
  readonly name: string;
  /** One line for `meshlens --help`. */
  readonly summary: string;
  /** Resolves to the process exit code: 0 success, 1 findings with errors, 2 usage or I/O failure. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  writeFile: (path, text) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  },
};

/** Collects everything written, for in-process tests. */
export function memoryIo(): CliIo & { out: string; err: string; files: Map<string, string> } {
  const io = {
    out: '',
    err: '',
    files: new Map<string, string>(),
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    writeFile: (path: string, text: string) => {
      io.files.set(path, text);
    },
  };
  return io;
}
