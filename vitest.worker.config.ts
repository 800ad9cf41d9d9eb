import { defineConfig } from 'vitest/config';

/**
 * `npm run worker:test`: the HTTP contract tests (test/contract/) against the Workers build,
 * served by `wrangler dev` in workerd, offline, over PostgreSQL. `npm test` runs the same
 * contract files against the Node app.
 */
export default defineConfig({
  test: {
    include: ['test/contract/**/*.test.ts', 'test/worker/**/*.worker-test.ts'],
    globalSetup: ['test/worker/global-setup.ts'],
    env: { CONTRACT_TARGET: 'worker' },
    testTimeout: 30_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
