// Starts the analysis worker's bundle (dist/analysisWorker.cjs, 7.5 MB) through a V8 code cache, so an open that
// arrives right after initialize does not wait for V8 to parse and compile the whole bundle again (Node 20 has no
// module.enableCompileCache). The cache is an optimisation only: a missing, foreign, stale or corrupt cache file,
// or a cache directory that is not safely ours, starts the bundle the plain way and never fails the start.
import os from 'node:os';
import path from 'node:path';

/** What the start did with the cache: used it, had none/an unusable one and wrote a new one, or went without. */
export type CodeCacheOutcome = 'accepted' | 'written' | 'rejected' | 'off';

export interface CodeCacheStart {
  readonly outcome: CodeCacheOutcome;
  /** The cache file this bundle, Node version and architecture use ('' when off). */
  readonly file: string;
}

/**
 * Runs the CommonJS bundle in this thread, compiled with the code cache in `cacheDir` (null: no cache). It is sent to
 * the worker thread as source text (`workerEvalSource`), so it uses only its parameters and globals, nothing else of
 * this module. The cache file is keyed by the bundle's content hash, the Node version and the architecture (V8 itself
 * checks only the source length and its own version); it starts with the bundle's SHA-1 (a file copied from another
 * key is not used) and its payload's SHA-1 (release builds of V8 do not verify the payload's checksum). It is written (once per bundle, Node and architecture) after the bundle ran,
 * i.e. after the worker's warm-up, so the functions the warm-up compiled are in it.
 */
export function runBundleWithCodeCache(load: NodeJS.Require, bundle: string, cacheDir: string | null): CodeCacheStart {
  const fs = load('node:fs') as typeof import('node:fs');
  const nodePath = load('node:path') as typeof import('node:path');
  const vm = load('node:vm') as typeof import('node:vm');
  const crypto = load('node:crypto') as typeof import('node:crypto');
  const { isAscii } = load('node:buffer') as typeof import('node:buffer');
  const Module = load('node:module') as typeof import('node:module') & { wrap(source: string): string };
  const bytes = fs.readFileSync(bundle);
  // An ASCII-only bundle (scripts/asciiBundle.mjs keeps it so) decodes as latin1 into a one-byte string: faster.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const sha1 = (data: Uint8Array) => crypto.createHash('sha1').update(data).digest();
  const digestBytes = 20;
  const bundleDigest = sha1(bytes);

  let file = '';
  let cached: Buffer | undefined;
  let outcome: CodeCacheOutcome = 'off';
  if (cacheDir !== null && usableDirectory(cacheDir)) {
    const key = bundleDigest.toString('hex').slice(0, 24);
    file = nodePath.join(cacheDir, `${nodePath.basename(bundle, '.cjs')}-${key}-${process.version}-${process.arch}.v8cache`);
    outcome = 'written';
    try {
      const stored = fs.readFileSync(file);
      const payload = stored.subarray(2 * digestBytes);
      const header = Buffer.concat([bundleDigest, sha1(payload)]);
      if (stored.length > header.length && header.equals(stored.subarray(0, header.length))) cached = payload;
      else outcome = 'rejected';
    } catch {
      // No cache yet (or unreadable): compile the plain way and write one.
    }
  }

  const script = new vm.Script(Module.wrap(source), { filename: bundle, ...(cached ? { cachedData: cached } : {}) });
  if (cached) outcome = script.cachedDataRejected === true ? 'rejected' : 'accepted';
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
  run.call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, nodePath.dirname(bundle));
  module.loaded = true;

  if (file !== '' && outcome !== 'accepted') {
    try {
      const payload = script.createCachedData();
      // Written whole under another name and renamed: a worker starting meanwhile never reads half a file.
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(temporary, Buffer.concat([bundleDigest, sha1(payload), payload]), { mode: 0o600 });
      fs.renameSync(temporary, file);
      // Older builds' caches for this Node and architecture are garbage now.
      const suffix = `-${process.version}-${process.arch}.v8cache`;
      const prefix = `${nodePath.basename(bundle, '.cjs')}-`;
      for (const name of fs.readdirSync(cacheDir as string)) {
        if (name.startsWith(prefix) && name.endsWith(suffix) && nodePath.join(cacheDir as string, name) !== file) fs.rmSync(nodePath.join(cacheDir as string, name), { force: true });
      }
    } catch {
      outcome = outcome === 'rejected' ? 'rejected' : 'off';
    }
  }
  return { outcome, file };

  /** Ours alone: created private, a directory (not a link), owned by this user, writable by nobody else. */
  function usableDirectory(dir: string): boolean {
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory()) return false;
      if (process.platform === 'win32') return true;
      return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
    } catch {
      return false;
    }
  }
}

/** The per-user default: a private directory under the temporary directory. */
export function defaultCodeCacheDir(): string {
  const user = process.getuid?.() ?? os.userInfo().username;
  return path.join(os.tmpdir(), `meshlens-code-cache-${user}`);
}

/** What the worker thread runs (Worker `eval`): the bundle named in its workerData, through the code cache. */
export interface CodeCacheWorkerData {
  readonly bundle: string;
  readonly codeCacheDir: string | null;
}

/** The worker thread's source text: no loader file to ship, the same function the tests call in-process. */
export function workerEvalSource(): string {
  return `const { workerData } = require('node:worker_threads');\n(${runBundleWithCodeCache.toString()})(require, workerData.bundle, workerData.codeCacheDir);\n`;
}
