import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts', 'scripts/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker per core but one: a single file at a time on a 2-core
    // machine, where most files wait on child processes, servers and databases. Two files at a
    // time keep both cores busy; tests wait on conditions, never on time, so load is no hazard.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    setupFiles: ['test/setup/fast-check.ts'],
  },
});
