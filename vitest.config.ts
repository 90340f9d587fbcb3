import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/helpers/summaryReporter';

export default defineConfig({
  test: {
    reporters: ['default', new SummaryReporter('unit')],
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: forks isolate native modules (better-sqlite3, serialport) cleanly.
    pool: 'forks',
  },
});
