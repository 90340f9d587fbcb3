import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';
import SummaryReporter from './helpers/summaryReporter';

// Kept under test/ so the top level stays as the brief fixes it; paths are from the project root.
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
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
