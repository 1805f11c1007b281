import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type ChallengeLoadReport, loadShippedChallenges } from './challenges/shipped.js';
import { assertIntact, damagedFile, isDamage } from './db/integrity.js';
import { migrateToLatest } from './db/migrate.js';
import { openDatabase } from './db/open.js';
import type { Db } from './db/schema.js';
import { type LoadReport, loadShippedLearnings } from './learnings/shipped.js';

/**
 * The checkout's root, where package.json sits: the shipped data stays there, whether this module
 * runs from src/ (tsx, vitest) or compiled from dist/src/, so editing a data file needs no build.
 */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

const root = projectRoot(import.meta.dirname);
export const shippedLearningsDir = join(root, 'data', 'learnings');
export const shippedChallengesDir = join(root, 'data', 'challenges');
export const shippedPromptsFile = join(root, 'data', 'sync-prompts.md');

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
