// Reads the policy files of a git revision without checking it out: `git ls-tree` lists the files under the given
// paths (relative to the working directory, as the working-tree side names them, so unchanged policies keep their
// identity across the two sides) and one `git cat-file --batch` reads their blobs. Problems come back as messages.
import { execFileSync } from 'node:child_process';
import { decodeSource, MAX_SOURCE_BYTES } from './decodeSource';
import type { SourceFile, SourceFiles } from './readSourceFiles';

const WALKED = /\.ya?ml$/i;
const MAX_GIT_OUTPUT = 1024 * 1024 * 1024;

export function readGitRevision(revision: string, paths: readonly string[], cwd = process.cwd(), maxBytes = MAX_SOURCE_BYTES): SourceFiles {
  const git = (args: readonly string[], input?: string): Buffer => execFileSync('git', args, { cwd, input, maxBuffer: MAX_GIT_OUTPUT, stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    git(['rev-parse', '--verify', '--quiet', `${revision}^{commit}`]);
  } catch (error) {
    return { files: [], errors: [`${revision} is not a commit of the git repository at ${cwd}${gitMessage(error)}`] };
  }
  let names: string[];
  try {
    names = git(['ls-tree', '-r', '-z', '--name-only', revision, '--', ...(paths.length ? paths : ['.'])]).toString('utf8').split('\0').filter((n) => n !== '');
  } catch (error) {
    return { files: [], errors: [`cannot list ${revision}${gitMessage(error)}`] };
  }
  // As folders are walked on disk: .yaml/.yml only, no dot-folders or node_modules; a file named exactly is taken as given.
  const named = new Set(paths.map((p) => p.replace(/^\.\//, '')));
  const wanted = names.filter((n) => named.has(n) || (WALKED.test(n) && !n.split('/').some((part, i, all) => i < all.length - 1 && (part.startsWith('.') || part === 'node_modules'))));
  if (wanted.length === 0) return { files: [], errors: [] };
  let batch: Buffer;
  try {
    batch = git(['cat-file', '--batch'], wanted.map((n) => `${revision}:./${n}`).join('\n') + '\n');
  } catch (error) {
    return { files: [], errors: [`cannot read the files of ${revision}${gitMessage(error)}`] };
  }
  const files: SourceFile[] = [];
  const errors: string[] = [];
  let at = 0;
  for (const name of wanted) {
    const headerEnd = batch.indexOf(0x0a, at);
    const header = batch.subarray(at, headerEnd).toString('utf8');
    const size = /^\S+ blob (\d+)$/.exec(header);
    if (!size) {
      errors.push(`cannot read ${revision}:${name}: ${header}`);
      at = headerEnd + 1;
      continue;
    }
    const bytes = batch.subarray(headerEnd + 1, headerEnd + 1 + Number(size[1]));
    files.push({ path: name, ...decodeSource(bytes, maxBytes) });
    at = headerEnd + 1 + Number(size[1]) + 1;
  }
  return { files, errors };
}

function gitMessage(error: unknown): string {
  const stderr = (error as { stderr?: Buffer } | null)?.stderr?.toString('utf8').trim();
  if (stderr) return `: ${stderr}`;
  return (error as { code?: string } | null)?.code === 'ENOENT' ? ': git is not installed' : '';
}
