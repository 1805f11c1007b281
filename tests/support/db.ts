import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Db, Topic } from '../../src/db/schema.js';
import { prepareDatabase } from '../../src/setup.js';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A fresh temp folder removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'nexus-test-'));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A real SQLite file, migrated by the real migrations, with the shipped data loaded. */
export async function preparedDb(
  now = new Date('2026-11-22T09:00:00Z'),
): Promise<{ db: Db; path: string }> {
  const path = join(tempDir(), 'nexus.db');
  const { db } = await prepareDatabase(path, now);
  cleanups.unshift(async () => db.destroy());
  return { db, path };
}

/** A shipped topic, by its slug; throws when there is none. */
export function topicBySlug(db: Db, slug: string): Promise<Topic> {
  return db.selectFrom('topics').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
}
