import type Database from 'better-sqlite3';

/** One numbered schema step. Numbers go in tens; a shipped migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}
