import { sql } from 'kysely';
import { StartRefusal } from './refusal.js';
import type { Db } from './schema.js';

const damagedCodes = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);
/** SQLite's page cache while the start-up checks run: 256 KiB, as a negative cache_size says. */
const checkCacheKib = -256;

/** The one line a damaged file is refused with. */
export const damagedFile = (path: string, detail: string) =>
  new StartRefusal(
    `The database ${path} is damaged (${detail}). Nexus will not serve from it: stop it, restore the latest backup over that file (README, "Backups"), then start again.`,
  );

/** Whether an error is SQLite saying the file is not a sound database. */
export const isDamage = (error: unknown): boolean =>
  damagedCodes.has(String((error as { code?: unknown })?.code));

/**
 * Checks the file before anything is served from it: SQLite's quick check of every page and
 * index, and the foreign keys. A damaged file is refused with one line saying what to do.
 */
export async function assertIntact(db: Db, path: string): Promise<void> {
  // The checks read every page once. Through the serving cache they would leave it full of pages
  // no answer needs (2 MB, which the allocator keeps even once SQLite frees it), so they get a
  // small cache of their own.
  const {
    rows: [serving],
  } = await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db);
  await sql.raw(`PRAGMA cache_size = ${checkCacheKib}`).execute(db);
  try {
    const { rows } = await sql<{ quick_check: string }>`PRAGMA quick_check`.execute(db);
    const problems = rows.map((row) => row.quick_check).filter((line) => line !== 'ok');
    if (problems.length > 0)
      throw damagedFile(path, `quick_check: ${problems.slice(0, 3).join('; ')}`);
    const { rows: orphans } = await sql<{ table: string }>`PRAGMA foreign_key_check`.execute(db);
    if (orphans.length > 0) {
      const tables = [...new Set(orphans.map((row) => row.table))].join(', ');
      throw damagedFile(
        path,
        `${orphans.length} rows in ${tables} point at rows that do not exist`,
      );
    }
  } catch (error) {
    if (isDamage(error)) throw damagedFile(path, (error as Error).message);
    throw error;
  } finally {
    await sql.raw(`PRAGMA cache_size = ${Number(serving?.cache_size)}`).execute(db);
  }
}
