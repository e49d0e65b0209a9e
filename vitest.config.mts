import { defineConfig } from 'vitest/config';

// One runner for unit, golden, protocol and browser tests; e2e (code-server) runs separately via `npm run test:e2e`.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/golden/**/*.test.ts', 'test/protocol/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/cluster/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
