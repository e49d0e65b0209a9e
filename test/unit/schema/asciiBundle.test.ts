// The Node bundles are ASCII-only (scripts/asciiBundle.mjs), so V8 holds their source as one-byte strings; the step
// escapes only where an escape means the same character (comments, regular expressions) and refuses anything else.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asciiBundle } from '../../../scripts/asciiBundle.mjs';

const repoRoot = resolve(__dirname, '../../..');
const nonAscii = /[^\x00-\x7f]/;

/** Evaluates a CommonJS snippet and returns its module.exports. */
function evaluate(source: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', source)(module);
  return module.exports;
}

describe('asciiBundle', () => {
  it('escapes comments and regular expressions to the same meaning, astral characters and u-flag classes included', () => {
    // Strings are esbuild's to escape (its default charset): here they are written escaped, as in a bundle.
    const source = [
      '// a comment — with a dash and µ',
      '/* block 😀 */',
      'module.exports = {',
      '  duration: /(\\d+)(ns|us|µs|ms)/.exec("12\\u00b5s")?.[2],',
      '  emoji: /^[😀x]$/u.test("\\ud83d\\ude00"),',
      '  pair: /^😀$/.test("\\ud83d\\ude00"),',
      '  classNoU: /^[é]$/.test("\\u00e9"),',
      '  divided: 6 / 2 / 3,',
      '  plain: "\\u00b5",',
      '};',
    ].join('\n');
    const escaped = asciiBundle(source);
    expect(nonAscii.test(escaped)).toBe(false);
    expect(evaluate(escaped)).toEqual(evaluate(source));
    expect(evaluate(escaped)).toMatchObject({ duration: 'µs', emoji: true, pair: true, classNoU: true, divided: 1 });
    expect(escaped).toContain('// a comment \\u2014 with a dash and \\u00b5');
  });

  it('refuses a non-ASCII character where an escape would change the value (a raw template)', () => {
    expect(() => asciiBundle('module.exports = String.raw`µs`;', 'x.cjs')).toThrow(/x\.cjs:1: non-ASCII character U\+00B5/);
  });

  it('leaves an ASCII source as it is', () => {
    const source = 'module.exports = /a\\/b/.test("a/b"); // plain\n';
    expect(asciiBundle(source)).toBe(source);
  });

  it('the built Node bundles are ASCII-only', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'meshlens-ascii-build-'));
    try {
      execFileSync(process.execPath, ['scripts/build.mjs', '--outdir', outdir], { cwd: repoRoot, stdio: 'inherit' });
      const bundles = readdirSync(outdir).filter((name) => name.endsWith('.cjs'));
      expect(bundles).toEqual(expect.arrayContaining(['analysisWorker.cjs', 'server.cjs', 'cli.cjs', 'extension.cjs']));
      for (const name of bundles) expect({ name, ascii: !nonAscii.test(readFileSync(join(outdir, name), 'utf8')) }).toEqual({ name, ascii: true });
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
