import { sql } from 'kysely';
import type { Db, Learning } from '../db/schema.js';
import { visibleTo } from '../db/visibility.js';
import { type Provenance, provenanceColumns } from '../ownership.js';

export interface Author {
  id: string;
  name: string;
}

/**
 * What a server sees of a topic, in display order: shipped learnings first, in file order, then
 * its own. A window (`offset`, `limit`) reads only the rows a page shows.
 */
export async function listLearnings(
  db: Db,
  guildId: string,
  topicId: number,
  window?: { offset: number; limit: number },
): Promise<Learning[]> {
  let query = db
    .selectFrom('learnings')
    .selectAll()
    .where('topic_id', '=', topicId)
    .where(visibleTo(guildId))
    // The same expression as the learnings_topic_display index, so no sort is needed.
    .orderBy(sql`origin <> 'shipped'`)
    .orderBy('position')
    .orderBy('id');
  if (window) query = query.limit(window.limit).offset(window.offset);
  return query.execute();
}

export async function countLearnings(db: Db, guildId: string, topicId: number): Promise<number> {
  const row = await db
    .selectFrom('learning_counts')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('learnings'), eb.lit(0)).as('count'))
    .where('topic_id', '=', topicId)
    .where('guild_key', 'in', ['', guildId])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Every learning but the shipped ones (which the loader keeps in step with data/) starts here. */
export async function insertLearning(
  db: Db,
  record: Provenance & { topicId: number; source: string | null; title: string; body: string },
): Promise<Learning> {
  const stamp = record.now.toISOString();
  return db
    .insertInto('learnings')
    .values({
      topic_id: record.topicId,
      ...provenanceColumns(record),
      source: record.source,
      title: record.title,
      body: record.body,
      position: 0,
      created_at: stamp,
      updated_at: stamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function addLearning(
  db: Db,
  input: {
    guildId: string;
    topicId: number;
    author: Author;
    title: string;
    body: string;
    now: Date;
  },
): Promise<Learning> {
  return insertLearning(db, { ...input, origin: 'community', source: null });
}

/** A learning this server can see, or undefined. */
export async function findLearning(
  db: Db,
  guildId: string,
  id: number,
): Promise<Learning | undefined> {
  return db
    .selectFrom('learnings')
    .selectAll()
    .where('id', '=', id)
    .where(visibleTo(guildId))
    .executeTakeFirst();
}

/**
 * A topic's learnings as a server sees them, for an import to compare with: their text, and where
 * an earlier import of a document got them (its `source`, "file:line").
 */
export async function topicTexts(
  db: Db,
  guildId: string,
  topicId: number,
): Promise<Pick<Learning, 'id' | 'body' | 'guild_id' | 'origin' | 'source'>[]> {
  return db
    .selectFrom('learnings')
    .select(['id', 'body', 'guild_id', 'origin', 'source'])
    .where('topic_id', '=', topicId)
    .where(visibleTo(guildId))
    .execute();
}

export async function editLearning(
  db: Db,
  id: number,
  changes: { title: string; body: string; now: Date },
): Promise<void> {
  await db
    .updateTable('learnings')
    .set({ title: changes.title, body: changes.body, updated_at: changes.now.toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function removeLearning(db: Db, id: number): Promise<void> {
  await db.deleteFrom('learnings').where('id', '=', id).execute();
}
