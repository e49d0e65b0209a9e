// Reads the files named on the command line (folders walked) and decodes them, for every command
// that analyses a workspace (check, graph, explain…). I/O problems come back as messages, not throws.
import { readFileSync } from 'node:fs';
import { collectSourceFiles, describeIoError, STDIN_PATH } from './collectSourceFiles';
import { decodeSource, MAX_SOURCE_BYTES, type DecodedSource } from './decodeSource';

export interface SourceFile extends DecodedSource {
  readonly path: string;
}

export interface SourceFiles {
  readonly files: readonly SourceFile[];
  /** `cannot read <path>: <reason>` per unreadable argument or file; callers exit 2 when non-empty. */
  readonly errors: readonly string[];
}

export function readSourceFiles(paths: readonly string[], maxBytes = MAX_SOURCE_BYTES): SourceFiles {
  const collected = collectSourceFiles(paths);
  const errors = [...collected.errors];
  const files: SourceFile[] = [];
  for (const path of collected.files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(path === STDIN_PATH ? 0 : path);
    } catch (error) {
      errors.push(`cannot read ${path}: ${describeIoError(error)}`);
      continue;
    }
    files.push({ path, ...decodeSource(bytes, maxBytes) });
  }
  return { files, errors };
}
