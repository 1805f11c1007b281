import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { StartRefusal } from './refusal.js';

export interface DatabaseLock {
  release(): void;
}

/**
 * Holds a database file for this bot process, so a second bot on the same file refuses to start
 * instead of posting beside the first and failing on "database is locked" every minute. The hold
 * is SQLite's own exclusive lock on a file beside the database, which the operating system drops
 * when the process ends, however it ends (kill -9 included): nothing stale is left to expire. The
 * holder's description sits in a second file, for the refusal to name it.
 */
export function lockDatabase(path: string, now: Date = new Date()): DatabaseLock {
  if (path === ':memory:') return { release: () => undefined };
  mkdirSync(dirname(path), { recursive: true });
  const lockPath = `${path}-lock`;
  const holderPath = `${path}-lock.holder`;
  const lock = new SQLite(lockPath, { timeout: 0 });
  try {
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    let holder = 'another Nexus process';
    try {
      holder = readFileSync(holderPath, 'utf8').trim() || holder;
    } catch {
      // Between its lock and its note: the generic name will do.
    }
    throw new StartRefusal(
      `The database ${path} is in use by ${holder}. Stop that one first, or give this one its own DATABASE_PATH.`,
    );
  }
  writeFileSync(
    holderPath,
    `Nexus process ${process.pid} on ${hostname()}, started ${now.toISOString()}\n`,
  );
  return {
    release() {
      rmSync(holderPath, { force: true });
      lock.close();
    },
  };
}
