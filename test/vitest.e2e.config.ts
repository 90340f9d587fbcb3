import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import SummaryReporter from './helpers/summaryReporter';

// Kept under test/ so the top level stays as the brief fixes it; paths are from the project root.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    reporters: ['default', new SummaryReporter('e2e')],
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
