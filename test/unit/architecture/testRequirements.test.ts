// The rule that a test which cannot run fails under CI instead of skipping (test/support/requirement.ts).
// The end-to-end proof, a corpus test run with CI=true from a checkout without ../shared, is in the report
// of the change that added this; here the helper's two branches are pinned.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { requireResource, runsOnCi } from '../../support/requirement';

describe('requireResource', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes a present resource through, on CI or not', () => {
    expect(requireResource('the corpus', true, 'get it', { CI: 'true' })).toBe(true);
    expect(requireResource('the corpus', true, 'get it', {})).toBe(true);
  });

  it('throws under CI=true with what is missing and how to get it', () => {
    expect(() => requireResource('the corpus ../shared/corpus', false, 'clone it beside the repository', { CI: 'true' }))
      .toThrow(/the corpus \.\.\/shared\/corpus is missing: clone it beside the repository\. With CI=true a test that cannot run fails/);
  });

  it('skips with a warning when not on CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireResource('Chromium', false, 'apt-get install chromium', { CI: 'false' })).toBe(false);
    expect(warn).toHaveBeenCalledWith('[skipped] Chromium is missing: apt-get install chromium');
  });

  it('reads CI the way CI services set it', () => {
    expect(['true', 'TRUE', '1', 'yes'].map((CI) => runsOnCi({ CI }))).toEqual([true, true, true, true]);
    expect(['', 'false', '0'].map((CI) => runsOnCi({ CI }))).toEqual([false, false, false]);
    expect(runsOnCi({})).toBe(false);
  });
});
