// Reads the CRD files `meshlens.schemas.crdFiles` names (paths or globs, relative to each workspace folder, or
// absolute) for the schema set (analysis/schema/userCrds.ts). Bounded like the workspace scan: a glob walks at most
// MAX_ENTRIES directory entries, skips node_modules and dot-folders, and reads at most MAX_FILES files of at most
// MAX_FILE_BYTES each. Globs: `*` and `?` within a path segment, `**` for any number of segments.
import { readdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_FILES = 100;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_ENTRIES = 20_000;

export interface CrdFileText {
  readonly path: string;
  readonly text: string;
}

export interface CrdFileRead {
  readonly files: readonly CrdFileText[];
  /** One line per pattern that matched nothing or file that could not be read. */
  readonly notes: readonly string[];
}

const hasGlob = (segment: string): boolean => /[*?[]/.test(segment);

/** A glob (with `/` separators) as a regular expression over a relative path with `/` separators. */
export function globPattern(glob: string): RegExp {
  let out = '';
  const segments = glob.split('/');
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      out += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    out += segment.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
    if (!last) out += '/';
  });
  return new RegExp(`^${out}$`);
}

export async function readCrdFiles(patterns: readonly string[], folderUris: readonly string[]): Promise<CrdFileRead> {
  const folders = folderUris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
  const found = new Map<string, true>();
  const notes: string[] = [];
  for (const pattern of patterns) {
    const before = found.size;
    const bases = isAbsolute(pattern) ? [''] : folders;
    for (const base of bases) {
      const full = isAbsolute(pattern) ? pattern : join(base, pattern);
      const segments = full.split(sep);
      const firstGlob = segments.findIndex(hasGlob);
      if (firstGlob < 0) {
        const info = await stat(full).catch(() => undefined);
        if (info?.isFile()) found.set(full, true);
        continue;
      }
      const root = segments.slice(0, firstGlob).join(sep) || sep;
      const matcher = globPattern(segments.slice(firstGlob).join('/'));
      for (const file of await walk(root)) if (matcher.test(relative(root, file).split(sep).join('/'))) found.set(file, true);
    }
    if (found.size === before) notes.push(`meshlens.schemas.crdFiles: "${pattern}" matches no file${folders.length > 0 && !isAbsolute(pattern) ? ' in the workspace folders' : ''}`);
  }
  const files: CrdFileText[] = [];
  const paths = [...found.keys()].sort();
  if (paths.length > MAX_FILES) notes.push(`meshlens.schemas.crdFiles: ${paths.length} files match; the first ${MAX_FILES} are read`);
  for (const path of paths.slice(0, MAX_FILES)) {
    const info = await stat(path).catch(() => undefined);
    if (!info || info.size > MAX_FILE_BYTES) {
      notes.push(`meshlens.schemas.crdFiles: ${path} ${info ? `is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` : 'cannot be read'}; skipped`);
      continue;
    }
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) notes.push(`meshlens.schemas.crdFiles: ${path} cannot be read; skipped`);
    else files.push({ path, text });
  }
  return { files, notes };
}

/** The files under `root`, depth first, without node_modules and dot-entries, at most MAX_ENTRIES entries seen. */
async function walk(root: string): Promise<string[]> {
  const out: string[] = [];
  const stack = [root];
  let seen = 0;
  while (stack.length > 0 && seen < MAX_ENTRIES) {
    const dir = stack.pop()!;
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (++seen > MAX_ENTRIES) break;
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) out.push(full);
    }
  }
  return out;
}
