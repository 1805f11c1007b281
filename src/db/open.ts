import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import type { Database, Db } from './schema.js';

/** Distinct SQL texts kept prepared; the app's queries are a bounded set built from code. */
const preparedStatements = 500;

/**
 * Kysely's SQLite driver prepares every query it runs, and preparing (parsing and planning) costs
 * as much as running most of ours. SQL text is all a statement depends on (values are bound per
 * run), so each distinct text is prepared once; the oldest is dropped past the bound. Kysely runs
 * one query at a time per connection, so a statement is never run while another run is pending.
 */
export function reusingStatements(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql) {
      const known = statements.get(sql);
      if (known) return known;
      const statement = database.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > preparedStatements) {
        const oldest = statements.keys().next().value;
        if (oldest !== undefined) statements.delete(oldest);
      }
      return statement;
    },
  };
}

const stateStatements = new WeakMap<Db, SQLite.Statement<[], [number, number]>>();

/**
 * Moves whenever anything is written: rows changed through this connection (total_changes) or a
 * commit by another one (data_version), such as an import run beside the bot. Read straight from
 * the connection, outside Kysely's queue: it is asked on every cached answer, and a write still
 * pending in a transaction already counts, so it errs towards "changed".
 */
export function databaseState(db: Db): string {
  const statement = stateStatements.get(db);
  if (!statement) throw new Error('databaseState needs a database opened with openDatabase');
  const [changes, version] = statement.get() ?? [];
  return `${changes}:${version}`;
}

/** Opens (creating the file and its folder if needed) the SQLite database behind a Kysely handle. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  // WAL lets the console, the CLI scripts and the bot read while one of them writes.
  sqlite.pragma('journal_mode = WAL');
  // With WAL, NORMAL syncs at checkpoints instead of every commit; a crash still never corrupts.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // better-sqlite3 raises SQLite's page cache to 16 MB per connection, and the start-up check
  // (quick_check) reads the whole file through it: on a large database that is 16 MB held for
  // good. The operating system caches the file anyway, and repeated answers are kept above SQLite
  // (state-cache.ts), so SQLite's own default of about 2 MB is enough.
  sqlite.pragma('cache_size = -2000');
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: reusingStatements(sqlite) }),
  });
  stateStatements.set(
    db,
    sqlite
      .prepare<[], [number, number]>(
        'SELECT total_changes(), data_version FROM pragma_data_version',
      )
      .raw(),
  );
  return db;
}
