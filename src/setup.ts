import { fileURLToPath } from 'node:url';
import { type ChallengeLoadReport, loadShippedChallenges } from './challenges/shipped.js';
import { assertIntact, damagedFile, isDamage } from './db/integrity.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { Db } from './db/schema.js';
import { type LoadReport, loadShippedLearnings } from './learnings/shipped.js';

export const shippedLearningsDir = fileURLToPath(new URL('../data/learnings/', import.meta.url));
export const shippedChallengesDir = fileURLToPath(new URL('../data/challenges/', import.meta.url));

/** What every entry point that touches data does first: open, migrate, load the shipped data. */
export async function prepareDatabase(
  path: string,
  now: Date = new Date(),
): Promise<{
  db: Db;
  migrations: string[];
  shipped: LoadReport;
  shippedChallenges: ChallengeLoadReport;
}> {
  const db = openDatabase(path);
  try {
    await assertIntact(db, path);
    const migrations = await migrateToLatest(db);
    const shipped = await loadShippedLearnings(db, shippedLearningsDir, now);
    // Challenges are tagged with topics, so they load after the learnings.
    const shippedChallenges = await loadShippedChallenges(db, shippedChallengesDir, now);
    return { db, migrations, shipped, shippedChallenges };
  } catch (error) {
    await db.destroy();
    throw isDamage(error) ? damagedFile(path, (error as Error).message) : error;
  }
}
