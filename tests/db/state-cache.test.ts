import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/open.js';
import { createStateCache, stateCacheOf } from '../../src/db/state-cache.js';
import { preparedDb } from '../support/db.js';

/** A compute that counts its runs and answers with the run number. */
function counted() {
  const compute = async () => {
    compute.runs += 1;
    return compute.runs;
  };
  compute.runs = 0;
  return compute;
}

describe('state cache', () => {
  it('computes once per key while nothing is written', async () => {
    const { db } = await preparedDb();
    const cache = createStateCache<number>(db, 10);
    const compute = counted();
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    expect(compute.runs).toBe(2);
  });

  it('forgets everything after a write through the same handle or a commit by another', async () => {
    const { db, path } = await preparedDb();
    const cache = createStateCache<number>(db, 10);
    const compute = counted();
    await cache.get('a', compute);
    await sql`UPDATE topics SET name = name WHERE id = 1`.execute(db);
    expect(await cache.get('a', compute)).toBe(2);

    const other = openDatabase(path);
    try {
      // A real change: SQLite commits nothing for a row rewritten as it was.
      await sql`UPDATE topics SET name = name || '!' WHERE id = 1`.execute(other);
    } finally {
      await other.destroy();
    }
    expect(await cache.get('a', compute)).toBe(3);
    expect(await cache.get('a', compute)).toBe(3);
  });

  it('keeps nothing computed while a write happened', async () => {
    const { db } = await preparedDb();
    const cache = createStateCache<number>(db, 10);
    const compute = counted();
    const writing = async () => {
      await sql`UPDATE topics SET name = name WHERE id = 1`.execute(db);
      return compute();
    };
    expect(await cache.get('a', writing)).toBe(1);
    expect(await cache.get('a', compute)).toBe(2);
    expect(await cache.get('a', compute)).toBe(2);
  });

  it('answers from the commit of a transaction that was writing while it was asked', async () => {
    const { db } = await preparedDb();
    const cache = createStateCache<string>(db, 10);
    const topicName = async () =>
      (await db.selectFrom('topics').select('name').where('id', '=', 1).executeTakeFirstOrThrow())
        .name;
    const before = await cache.get('a', topicName);
    let wrote = () => {};
    let commit = () => {};
    const written = new Promise<void>((resolve) => {
      wrote = resolve;
    });
    const committing = new Promise<void>((resolve) => {
      commit = resolve;
    });
    const transaction = db.transaction().execute(async (trx) => {
      await sql`UPDATE topics SET name = name || '!' WHERE id = 1`.execute(trx);
      wrote();
      await committing;
    });
    await written;
    const asked = cache.get('a', topicName);
    commit();
    await transaction;
    expect(await asked).toBe(`${before}!`);
    expect(await cache.get('a', topicName)).toBe(`${before}!`);
  });

  it('drops the least recently used past its limit', async () => {
    const { db } = await preparedDb();
    const cache = createStateCache<string>(db, 2);
    const runs: string[] = [];
    const compute = (key: string) => async () => {
      runs.push(key);
      return key;
    };
    for (const key of ['a', 'b', 'a', 'c', 'a', 'b']) await cache.get(key, compute(key));
    // 'a' was used again before 'c' arrived, so 'b' went; 'b' is computed a second time.
    expect(runs).toEqual(['a', 'b', 'c', 'b']);
  });

  it('is one cache per database and name', async () => {
    const { db, path } = await preparedDb();
    const pages = stateCacheOf<number>(db, 'pages', 10);
    expect(stateCacheOf<number>(db, 'pages', 10)).toBe(pages);
    expect(stateCacheOf<number>(db, 'other', 10)).not.toBe(pages);
    const other = openDatabase(path);
    try {
      expect(stateCacheOf<number>(other, 'pages', 10)).not.toBe(pages);
    } finally {
      await other.destroy();
    }
  });
});
