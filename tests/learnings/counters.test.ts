import { sql } from 'kysely';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { createHubCounters, type Repeat } from '../../src/learnings/stats.js';
import { preparedDb } from '../support/db.js';

const guild = '800000000000000001';
const other = '800000000000000002';
const at = (minute: number) => new Date(Date.UTC(2026, 10, 22, 9, minute));

/** The interval, driven by the test: `tick()` is one firing, awaited to its end. */
function manualTimer() {
  const timer = {
    tick: async () => {},
    every: 0,
    stopped: false,
    repeat: ((tick, ms) => {
      timer.tick = tick;
      timer.every = ms;
      return () => {
        timer.stopped = true;
      };
    }) as Repeat,
  };
  return timer;
}

async function setUp() {
  const { db } = await preparedDb();
  const logged: { ref?: string; msg?: string }[] = [];
  const log = pino({ level: 'error' }, { write: (line: string) => logged.push(JSON.parse(line)) });
  const timer = manualTimer();
  const counters = createHubCounters(db, { log, repeat: timer.repeat });
  return { db, counters, timer, logged };
}

const usage = (db: Db) =>
  db
    .selectFrom('topic_usage')
    .select(['guild_id', 'topic_id', 'uses', 'last_used_at'])
    .orderBy('guild_id')
    .orderBy('topic_id')
    .execute();

const misses = (db: Db) =>
  db
    .selectFrom('search_misses')
    .select(['guild_id', 'kind', 'query', 'misses', 'last_missed_at'])
    .orderBy('guild_id')
    .orderBy('query')
    .execute();

describe('hub counters', () => {
  it('count in memory and write everything pending together, once a second', async () => {
    const { db, counters, timer } = await setUp();
    expect(timer.every).toBe(1000);
    counters.topicUsed(guild, 1, at(1));
    counters.topicUsed(guild, 1, at(3));
    counters.topicUsed(guild, 1, at(2));
    counters.topicUsed(other, 1, at(4));
    counters.missed(guild, 'topic', '  Dockr ', at(5));
    counters.missed(guild, 'topic', 'dockr', at(6));
    counters.missed(guild, 'search', '   ', at(7));
    expect(await usage(db)).toEqual([]);
    expect(await misses(db)).toEqual([]);

    await timer.tick();
    expect(await usage(db)).toEqual([
      { guild_id: guild, topic_id: 1, uses: 3, last_used_at: at(3).toISOString() },
      { guild_id: other, topic_id: 1, uses: 1, last_used_at: at(4).toISOString() },
    ]);
    expect(await misses(db)).toEqual([
      {
        guild_id: guild,
        kind: 'topic',
        query: 'dockr',
        misses: 2,
        last_missed_at: at(6).toISOString(),
      },
    ]);

    counters.topicUsed(guild, 1, at(9));
    await timer.tick();
    await timer.tick(); // nothing pending: nothing changes
    expect((await usage(db))[0]).toMatchObject({ uses: 4, last_used_at: at(9).toISOString() });
  });

  it('keep the counts of a failed write for the next one, and log it with a reference', async () => {
    const { db, counters, timer, logged } = await setUp();
    await sql`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON topic_usage
      BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`.execute(db);
    counters.topicUsed(guild, 2, at(1));
    counters.missed(guild, 'search', 'kafka', at(1));
    await timer.tick();
    expect(logged).toMatchObject([
      { msg: 'could not write usage counts', ref: expect.any(String) },
    ]);
    await expect(counters.flush()).rejects.toThrow('database or disk is full');
    // The whole write rolled back, the misses too: nothing is half written, nothing counted twice.
    expect(await misses(db)).toEqual([]);

    await sql`DROP TRIGGER temp.full_disk`.execute(db);
    counters.topicUsed(guild, 2, at(2));
    await counters.flush();
    expect(await usage(db)).toMatchObject([{ topic_id: 2, uses: 2 }]);
    expect(await misses(db)).toMatchObject([{ query: 'kafka', misses: 1 }]);
  });

  it('carry a count made during a write into the next one', async () => {
    const { db, counters } = await setUp();
    counters.topicUsed(guild, 3, at(1));
    const first = counters.flush();
    counters.topicUsed(guild, 3, at(2));
    const second = counters.flush();
    await Promise.all([first, second]);
    expect(await usage(db)).toMatchObject([{ topic_id: 3, uses: 2 }]);
  });

  it('write what is pending on close and stop the interval', async () => {
    const { db, counters, timer } = await setUp();
    counters.topicUsed(guild, 4, at(1));
    await counters.close();
    expect(timer.stopped).toBe(true);
    expect(await usage(db)).toMatchObject([{ topic_id: 4, uses: 1 }]);
  });
});
