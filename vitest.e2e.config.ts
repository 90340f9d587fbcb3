import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/helpers/summaryReporter';

export default defineConfig({
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
