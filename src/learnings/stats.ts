import type { Db, MissKind } from '../db/schema.js';
import { visibleTo } from '../db/visibility.js';
import { type Logger, newErrorRef } from '../log.js';

/** Starts calling `tick` every `ms`; returns how to stop. `tick` never rejects. */
export type Repeat = (tick: () => Promise<void>, ms: number) => () => void;

const everyInterval: Repeat = (tick, ms) => {
  const timer = setInterval(() => void tick(), ms);
  timer.unref(); // pending counts never keep the process alive; close() writes them
  return () => clearInterval(timer);
};

interface Pending {
  count: number;
  last: string;
}

/**
 * Topic uses and searches that found nothing, counted in memory and written together once per
 * interval. A write per /learning put the disk on every answer (it was the largest part of the
 * tail Nexus had over a bare bot); batched, a busy server writes once a second. Closing writes what is pending, so a stop or
 * restart loses nothing; a process killed outright loses at most one interval of counts.
 */
export interface HubCounters {
  topicUsed(guildId: string, topicId: number, at: Date): void;
  /** Topics and searches that found nothing are what the community should write next. */
  missed(guildId: string, kind: MissKind, query: string, at: Date): void;
  /** Writes what is pending; readers of the counts call it first. */
  flush(): Promise<void>;
  /** Stops the interval and writes what is pending. */
  close(): Promise<void>;
}

export function createHubCounters(
  db: Db,
  options: { log: Logger; flushEveryMs?: number; repeat?: Repeat },
): HubCounters {
  const uses = new Map<string, Pending & { guildId: string; topicId: number }>();
  const misses = new Map<string, Pending & { guildId: string; kind: MissKind; query: string }>();
  const useKey = (use: { guildId: string; topicId: number }) => `${use.guildId}:${use.topicId}`;
  const missKey = (miss: { guildId: string; kind: MissKind; query: string }) =>
    `${miss.guildId}:${miss.kind}:${miss.query}`;
  const count = <T extends Pending>(map: Map<string, T>, key: string, fresh: T) => {
    const known = map.get(key);
    if (!known) map.set(key, fresh);
    else {
      known.count += fresh.count;
      if (fresh.last > known.last) known.last = fresh.last;
    }
  };

  async function write() {
    const usesNow = [...uses.values()];
    const missesNow = [...misses.values()];
    uses.clear();
    misses.clear();
    if (usesNow.length === 0 && missesNow.length === 0) return;
    try {
      await db.transaction().execute(async (trx) => {
        for (const use of usesNow)
          await trx
            .insertInto('topic_usage')
            .values({
              guild_id: use.guildId,
              topic_id: use.topicId,
              uses: use.count,
              last_used_at: use.last,
            })
            .onConflict((oc) =>
              oc.columns(['guild_id', 'topic_id']).doUpdateSet((eb) => ({
                uses: eb('topic_usage.uses', '+', use.count),
                last_used_at: use.last,
              })),
            )
            .execute();
        for (const miss of missesNow)
          await trx
            .insertInto('search_misses')
            .values({
              guild_id: miss.guildId,
              kind: miss.kind,
              query: miss.query,
              misses: miss.count,
              last_missed_at: miss.last,
            })
            .onConflict((oc) =>
              oc.columns(['guild_id', 'kind', 'query']).doUpdateSet((eb) => ({
                misses: eb('search_misses.misses', '+', miss.count),
                last_missed_at: miss.last,
              })),
            )
            .execute();
      });
    } catch (error) {
      // Counted again, so the next write carries them.
      for (const use of usesNow) count(uses, useKey(use), use);
      for (const miss of missesNow) count(misses, missKey(miss), miss);
      throw error;
    }
  }

  // One write at a time, in order: a flush asked for during a write waits for it.
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    const next = writing.then(write);
    writing = next.catch(() => undefined);
    return next;
  };
  const stop = (options.repeat ?? everyInterval)(
    () =>
      flush().catch((error: unknown) =>
        options.log.error({ err: error, ref: newErrorRef() }, 'could not write usage counts'),
      ),
    options.flushEveryMs ?? 1000,
  );

  return {
    topicUsed(guildId, topicId, at) {
      const fresh = { guildId, topicId, count: 1, last: at.toISOString() };
      count(uses, useKey(fresh), fresh);
    },
    missed(guildId, kind, text, at) {
      const query = text.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 100);
      if (query === '') return;
      const fresh = { guildId, kind, query, count: 1, last: at.toISOString() };
      count(misses, missKey(fresh), fresh);
    },
    flush,
    close() {
      stop();
      return flush();
    },
  };
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
