import type { Migration } from './migration';
import { m0010Initial } from './0010-initial';
import { m0030PrintJobs } from './0030-print-jobs';

/** Every migration in order. Add new ones at the end; never reorder or edit a shipped one. */
export const MIGRATIONS: readonly Migration[] = [m0010Initial, m0030PrintJobs];
