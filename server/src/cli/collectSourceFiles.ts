// Expands the paths given on the command line into the files to check: folders are walked for
// .yaml/.yml files (skipping node_modules and dot-folders), explicit files are taken as given
// (so .json works when named), `-` is standard input. Order is deterministic: arguments in order,
// folder entries sorted.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceFileList {
  /** Paths as given, or joined onto the given folder, with forward slashes. */
  readonly files: readonly string[];
  /** One message per argument that could not be read. */
  readonly errors: readonly string[];
}

/** The argument that stands for standard input (e.g. `helm template . | meshlens check -`). */
export const STDIN_PATH = '-';

const WALKED_EXTENSIONS = ['.yaml', '.yml'];
const SKIPPED_FOLDERS = new Set(['node_modules']);

export function collectSourceFiles(paths: readonly string[]): SourceFileList {
  const files: string[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const given of paths) {
    if (given === STDIN_PATH) {
      add(given);
      continue;
    }
    let isFolder: boolean;
    try {
      isFolder = statSync(given).isDirectory();
    } catch (error) {
      errors.push(`cannot read ${given}: ${describeIoError(error)}`);
      continue;
    }
    if (!isFolder) add(given);
    else walk(given, add, errors);
  }
  return { files, errors };
}

function walk(folder: string, add: (file: string) => void, errors: string[]): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    errors.push(`cannot read ${folder}: ${describeIoError(error)}`);
    return;
  }
  const names = entries.map((e) => e.name).sort(compareNames);
  const byName = new Map(entries.map((e) => [e.name, e]));
  for (const name of names) {
    const entry = byName.get(name)!;
    const path = join(folder, name).split('\\').join('/');
    if (entry.isDirectory()) {
      if (!name.startsWith('.') && !SKIPPED_FOLDERS.has(name)) walk(path, add, errors);
    } else if ((entry.isFile() || entry.isSymbolicLink()) && WALKED_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) {
      add(path);
    }
  }
}

/** Code-unit order, independent of the locale, so output is identical on every machine. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function describeIoError(error: unknown): string {
  const code = (error as { code?: string } | null)?.code;
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'not a directory',
  };
  if (code && known[code]) return known[code];
  return error instanceof Error ? error.message : String(error);
}
