import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database, Db } from './schema.js';
import { watchDatabaseState } from './state-cache.js';

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
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  watchDatabaseState(db, sqlite);
  return db;
}
