// The worker bundle's V8 code cache (lsp/worker/workerCodeCache.ts) is an optimisation only: the bundle runs the
// same with a cache, without one, with a corrupt, truncated or stale one, and with an unusable cache directory; a
// usable cache is written once and then used. A small CommonJS fixture stands for dist/analysisWorker.cjs.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBundleWithCodeCache, workerEvalSource } from '../../../server/src/lsp/worker/workerCodeCache';

const load = createRequire(__filename);

interface FixtureRun {
  readonly dirname: string;
  readonly filename: string;
  readonly joined: string;
  readonly answer: number;
}

declare global {
  var meshlensCodeCacheFixtureRuns: FixtureRun[] | undefined;
}

/** A bundle-like CommonJS file: uses require, __dirname and __filename, and records each run on globalThis. */
function fixtureSource(answer: number): string {
  const body = Array.from({ length: 50 }, (_, i) => `function step${i}(x) { return x + ${i} - ${i}; }`).join('\n');
  return `'use strict';\nconst path = require('node:path');\n${body}\nconst run = { dirname: __dirname, filename: __filename, joined: path.join('a', 'b'), answer: step7(${answer}) };\n(globalThis.meshlensCodeCacheFixtureRuns ??= []).push(run);\nmodule.exports = run;\n`;
}

let work: string;
let bundle: string;
let cacheDir: string;

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'meshlens-code-cache-test-'));
  bundle = join(work, 'dist', 'analysisWorker.cjs');
  cacheDir = join(work, 'cache');
  load('node:fs').mkdirSync(join(work, 'dist'));
  writeFileSync(bundle, fixtureSource(42));
  globalThis.meshlensCodeCacheFixtureRuns = [];
});

/** Worker threads the test started: each writes its cache after it posted, so the folder goes only once they ended. */
const runningWorkers: Promise<unknown>[] = [];

afterEach(async () => {
  await Promise.all(runningWorkers.splice(0));
  rmSync(work, { recursive: true, force: true });
  globalThis.meshlensCodeCacheFixtureRuns = undefined;
});

const lastRun = () => globalThis.meshlensCodeCacheFixtureRuns?.at(-1);
const cacheFiles = () => readdirSync(cacheDir).filter((name) => name.endsWith('.v8cache'));

describe('runBundleWithCodeCache', () => {
  it('writes the cache on the first start and uses it on the next; the bundle runs as under require both times', () => {
    const first = runBundleWithCodeCache(load, bundle, cacheDir);
    expect(first.outcome).toBe('written');
    expect(cacheFiles()).toHaveLength(1);
    expect(first.file).toContain(`-${process.version}-${process.arch}.v8cache`);
    const second = runBundleWithCodeCache(load, bundle, cacheDir);
    expect(second).toEqual({ outcome: 'accepted', file: first.file });
    expect(globalThis.meshlensCodeCacheFixtureRuns).toHaveLength(2);
    expect(lastRun()).toEqual({ dirname: join(work, 'dist'), filename: bundle, joined: join('a', 'b'), answer: 42 });
  });

  it('a corrupt cache (payload bytes changed) is rejected, the bundle still runs, and a good cache replaces it', () => {
    const { file } = runBundleWithCodeCache(load, bundle, cacheDir);
    const stored = readFileSync(file);
    for (let i = 40; i < stored.length; i += 97) stored[i] ^= 0xff;
    writeFileSync(file, stored);
    expect(runBundleWithCodeCache(load, bundle, cacheDir).outcome).toBe('rejected');
    expect(lastRun()?.answer).toBe(42);
    expect(runBundleWithCodeCache(load, bundle, cacheDir).outcome).toBe('accepted');
  });

  it('a truncated or empty cache file is rejected and the bundle still runs', () => {
    const { file } = runBundleWithCodeCache(load, bundle, cacheDir);
    writeFileSync(file, readFileSync(file).subarray(0, 30));
    expect(runBundleWithCodeCache(load, bundle, cacheDir).outcome).toBe('rejected');
    writeFileSync(file, '');
    expect(runBundleWithCodeCache(load, bundle, cacheDir).outcome).toBe('rejected');
    expect(globalThis.meshlensCodeCacheFixtureRuns).toHaveLength(3);
    expect(lastRun()?.answer).toBe(42);
  });

  it('the cache of another source of the same length (V8 would take it) copied under this key is not used', () => {
    const { file } = runBundleWithCodeCache(load, bundle, cacheDir);
    const other = join(work, 'other.cjs');
    writeFileSync(other, fixtureSource(43));
    const otherCache = runBundleWithCodeCache(load, other, join(work, 'other-cache'));
    // A well-formed cache file (its payload checksum right) whose payload is another script's code.
    writeFileSync(file, readFileSync(otherCache.file));
    expect(runBundleWithCodeCache(load, bundle, cacheDir).outcome).toBe('rejected');
    expect(lastRun()?.answer).toBe(42);
  });

  it('a rebuilt bundle gets its own cache file and the old build\'s file is removed', () => {
    const old = runBundleWithCodeCache(load, bundle, cacheDir);
    writeFileSync(bundle, fixtureSource(7));
    const rebuilt = runBundleWithCodeCache(load, bundle, cacheDir);
    expect(rebuilt.outcome).toBe('written');
    expect(rebuilt.file).not.toBe(old.file);
    expect(cacheFiles()).toEqual([rebuilt.file.slice(cacheDir.length + 1)]);
    expect(lastRun()?.answer).toBe(7);
  });

  it('runs without a cache when told to (null) or when the directory is not safely usable', () => {
    expect(runBundleWithCodeCache(load, bundle, null)).toEqual({ outcome: 'off', file: '' });
    // A file where the directory should be.
    const notADirectory = join(work, 'plain-file');
    writeFileSync(notADirectory, 'x');
    expect(runBundleWithCodeCache(load, bundle, notADirectory).outcome).toBe('off');
    if (process.platform !== 'win32') {
      // A directory others may write to could hand this user someone else's code.
      const shared = join(work, 'shared');
      load('node:fs').mkdirSync(shared);
      chmodSync(shared, 0o777);
      expect(runBundleWithCodeCache(load, bundle, shared).outcome).toBe('off');
      expect(readdirSync(shared)).toEqual([]);
    }
    expect(globalThis.meshlensCodeCacheFixtureRuns).toHaveLength(process.platform === 'win32' ? 2 : 3);
    expect(lastRun()?.answer).toBe(42);
  });
});

describe('workerEvalSource', () => {
  /** Starts a worker thread the way the server does; resolves with what the fixture bundle posted. */
  function startWorker(): Promise<FixtureRun> {
    const source = 'const { parentPort } = require(\'node:worker_threads\');\nglobalThis.meshlensCodeCacheFixtureRuns = { push: (run) => parentPort.postMessage(run) };\n';
    writeFileSync(bundle, fixtureSource(5).replace("'use strict';\n", `'use strict';\n${source}`));
    const worker = new Worker(workerEvalSource(), { eval: true, workerData: { bundle, codeCacheDir: cacheDir } });
    // The cache is written right after the bundle ran: the thread finishes on its own, and afterEach waits for it.
    runningWorkers.push(new Promise((resolve) => worker.once('exit', resolve)));
    return new Promise<FixtureRun>((resolve, reject) => {
      worker.once('message', (run: FixtureRun) => resolve(run));
      worker.once('error', reject);
    });
  }

  it('starts the bundle in a worker thread, with a corrupt cache too', async () => {
    const run = await startWorker();
    expect(run).toEqual({ dirname: join(work, 'dist'), filename: bundle, joined: join('a', 'b'), answer: 5 });
    await expect.poll(() => cacheFiles().length, { timeout: 10_000 }).toBe(1);
    const file = join(cacheDir, cacheFiles()[0]);
    await expect.poll(() => readFileSync(file).length, { timeout: 10_000 }).toBeGreaterThan(20);
    writeFileSync(file, Buffer.alloc(readFileSync(file).length, 7));
    expect((await startWorker()).answer).toBe(5);
  });
});
