import type Database from 'better-sqlite3';
import type { Db } from '../openJournal';

/** A statement prepared on first use, once per connection. */
export type LazyStatement = () => Database.Statement;

/**
 * A read handle's statement: prepared lazily (a journal migrated only part-way, as some tests keep
 * one, must not fail on a table it does not have until that read is asked for) and refused unless
 * SQLite itself says it cannot change the database (sqlite3_stmt_readonly). So a read handle can
 * never write, whatever SQL someone later puts in it.
 */
export function readStatement(db: Db, sql: string): LazyStatement {
  let stmt: Database.Statement | undefined;
  return () => {
    if (!stmt) {
      const s = db.prepare(sql);
      if (!s.readonly) throw new TypeError(`a read handle may only read: ${sql.trim().slice(0, 80)}`);
      stmt = s;
    }
    return stmt;
  };
}

/** A write handle's statement, prepared on first use. */
export function lazyStatement(db: Db, sql: string): LazyStatement {
  let stmt: Database.Statement | undefined;
  return () => (stmt ??= db.prepare(sql));
}
