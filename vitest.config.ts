import { defineConfig } from 'vitest/config';
import { postgresProjectEnabled } from './test/postgres-project.ts';

const shared = { testTimeout: 60_000, hookTimeout: 120_000 };
const everything = ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'];

// Every test runs once on PGlite; integration tests (*.int.test.ts) run again on PostgreSQL
// when a server is reachable (see test/postgres-project.ts for when it is required).
export default defineConfig({
  test: {
    projects: [
      { test: { ...shared, name: 'pglite', include: everything, env: { MAINLINE_TEST_DB: 'pglite' } } },
      ...((await postgresProjectEnabled())
        ? [{ test: { ...shared, name: 'postgres', include: ['packages/*/src/**/*.int.test.ts', 'apps/*/src/**/*.int.test.ts', 'test/**/*.int.test.ts'], env: { MAINLINE_TEST_DB: 'postgres' } } }]
        : []),
    ],
  },
});
