import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * Writes a consistent copy of the database at `source` to `target`, safe while the bot runs and
 * writes. `VACUUM INTO` copies one snapshot of the file in one statement, from a read-only
 * connection of its own: the bot's writes (its counters, about once a second) go on beside it and
 * cannot restart it, as they restart an online backup taken page by page from another connection.
 * The copy is written beside `target` and renamed into place, so no one ever finds half a backup,
 * and it is a plain database file (rollback journal), ready to be copied back.
 */
export function backupDatabase(source: string, target: string): { path: string; bytes: number } {
  const path = resolve(target);
  if (existsSync(path)) throw new Error(`${path} already exists; choose a new file name`);
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial-${process.pid}`;
  const database = new SQLite(source, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    database.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, path);
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    database.close();
  }
  return { path, bytes: statSync(path).size };
}

/** `nexus-2026-12-06.db`: one a day, named by its UTC date, so names sort by age. */
const dailyName = /^nexus-\d{4}-\d{2}-\d{2}\.db$/;
const nameFor = (day: Date) => `nexus-${day.toISOString().slice(0, 10)}.db`;

export interface DailyBackupPlan {
  /** The file to write today; undefined when today's exists. */
  due: string | undefined;
  /** Older daily backups past the ones kept (today's included). */
  expired: string[];
}

/** What keeping one backup a day, and the last `keep`, asks of `dir` on `now`. */
export function planDailyBackup(dir: string, now: Date, keep: number): DailyBackupPlan {
  const today = nameFor(now);
  const present = existsSync(dir) ? readdirSync(dir).filter((name) => dailyName.test(name)) : [];
  const kept = [...new Set([...present, today])].sort().slice(-keep);
  return {
    due: present.includes(today) ? undefined : join(dir, today),
    expired: present.filter((name) => !kept.includes(name)).map((name) => join(dir, name)),
  };
}
