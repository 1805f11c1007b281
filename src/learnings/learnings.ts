import { sql } from 'kysely';
import type { Db, Learning } from '../db/schema.js';
import { visibleTo } from '../db/visibility.js';

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
    .selectFrom('learnings')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('topic_id', '=', topicId)
    .where(visibleTo(guildId))
    .executeTakeFirstOrThrow();
  return Number(row.count);
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
  const stamp = input.now.toISOString();
  return db
    .insertInto('learnings')
    .values({
      topic_id: input.topicId,
      guild_id: input.guildId,
      origin: 'community',
      author_id: input.author.id,
      author_name: input.author.name,
      source: null,
      title: input.title,
      body: input.body,
      position: 0,
      created_at: stamp,
      updated_at: stamp,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
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
