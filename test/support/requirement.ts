// Tests that need something outside the code under test (the corpus in ../shared, Chromium, the built server,
// the repository root as working directory) ask for it here. On a developer's machine a missing resource skips
// those tests with one line saying how to get it; under CI=true it fails them, because a CI run that skipped
// a check silently would pass without having checked anything.

/** Whether this process runs as CI (`CI=true`, as .ci/run is started; `1`/`yes` too). */
export function runsOnCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return /^(1|true|yes)$/i.test(env.CI ?? '');
}

/**
 * Returns `present`, for `describe.skipIf(!requireResource(...))`. When the resource is absent it throws under CI
 * (the test file fails with the message) and otherwise warns and returns false (the caller skips).
 */
export function requireResource(what: string, present: boolean, howToGetIt: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (present) return true;
  const message = `${what} is missing: ${howToGetIt}`;
  if (runsOnCi(env)) throw new Error(`${message}. With CI=true a test that cannot run fails instead of skipping.`);
  console.warn(`[skipped] ${message}`);
  return false;
}
