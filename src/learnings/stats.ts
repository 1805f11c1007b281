import type { Db, MissKind } from '../db/schema.js';
import { visibleTo } from '../db/visibility.js';

export async function recordTopicUse(
  db: Db,
  guildId: string,
  topicId: number,
  now: Date,
): Promise<void> {
  const stamp = now.toISOString();
  await db
    .insertInto('topic_usage')
    .values({ guild_id: guildId, topic_id: topicId, uses: 1, last_used_at: stamp })
    .onConflict((oc) =>
      oc.columns(['guild_id', 'topic_id']).doUpdateSet((eb) => ({
        uses: eb('topic_usage.uses', '+', 1),
        last_used_at: stamp,
      })),
    )
    .execute();
}

/** Topics and searches that found nothing are what the community should write next. */
export async function recordMiss(
  db: Db,
  guildId: string,
  kind: MissKind,
  query: string,
  now: Date,
): Promise<void> {
  const normalized = query.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 100);
  if (normalized === '') return;
  const stamp = now.toISOString();
  await db
    .insertInto('search_misses')
    .values({ guild_id: guildId, kind, query: normalized, misses: 1, last_missed_at: stamp })
    .onConflict((oc) =>
      oc.columns(['guild_id', 'kind', 'query']).doUpdateSet((eb) => ({
        misses: eb('search_misses.misses', '+', 1),
        last_missed_at: stamp,
      })),
    )
    .execute();
}

export interface HubStats {
  topics: number;
  learnings: { shipped: number; community: number; imported: number };
  mostUsed: { name: string; uses: number }[];
  mostWanted: { kind: MissKind; query: string; misses: number }[];
}

export async function hubStats(db: Db, guildId: string, top = 5): Promise<HubStats> {
  const [topicCount, byOrigin, mostUsed, mostWanted] = await Promise.all([
    db
      .selectFrom('topics')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('learnings')
      .select(['origin', (eb) => eb.fn.countAll<number>().as('count')])
      .where(visibleTo(guildId))
      .groupBy('origin')
      .execute(),
    db
      .selectFrom('topic_usage')
      .innerJoin('topics', 'topics.id', 'topic_usage.topic_id')
      .select(['topics.name as name', 'topic_usage.uses as uses'])
      .where('topic_usage.guild_id', '=', guildId)
      .orderBy('uses', 'desc')
      .orderBy('name')
      .limit(top)
      .execute(),
    db
      .selectFrom('search_misses')
      .select(['kind', 'query', 'misses'])
      .where('guild_id', '=', guildId)
      .orderBy('misses', 'desc')
      .orderBy('last_missed_at', 'desc')
      .limit(top)
      .execute(),
  ]);
  const learnings = { shipped: 0, community: 0, imported: 0 };
  for (const row of byOrigin) learnings[row.origin] = Number(row.count);
  return { topics: Number(topicCount.count), learnings, mostUsed, mostWanted };
}
