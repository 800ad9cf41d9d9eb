import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database test files each get their own schema (test/support/db.ts); files run in parallel.
    pool: 'forks',
    // Reuse worker processes across files so each keeps one PGlite instance (seconds to start).
    isolate: false,
    // One line when no Chromium is found (browser tests skipped), a failure when CI requires it.
    globalSetup: ['test/support/browser-check.ts'],
  },
});
