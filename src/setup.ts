import { fileURLToPath } from 'node:url';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { Db } from './db/schema.js';
import { type LoadReport, loadShippedLearnings } from './learnings/shipped.js';

export const shippedLearningsDir = fileURLToPath(new URL('../data/learnings/', import.meta.url));

/** What every entry point that touches data does first: open, migrate, load the shipped data. */
export async function prepareDatabase(
  path: string,
  now: Date = new Date(),
): Promise<{ db: Db; migrations: string[]; shipped: LoadReport }> {
  const db = openDatabase(path);
  try {
    const migrations = await migrateToLatest(db);
    const shipped = await loadShippedLearnings(db, shippedLearningsDir, now);
    return { db, migrations, shipped };
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
