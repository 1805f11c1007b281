import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import * as keyedSearch from '../../migrations/20261122T0600_key_search_rows_shipped_first.js';
import { searchChallenges } from '../../src/challenges/search.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { openDatabase } from '../../src/db/open.js';
import { searchLearnings } from '../../src/learnings/search.js';
import { preparedDb, tempDir } from '../support/db.js';

describe('migrations', () => {
  it('build the schema from an empty file, with WAL and foreign keys, and apply once', async () => {
    const path = join(tempDir(), 'nested', 'folder', 'nexus.db');
    const db = openDatabase(path);
    const applied = await migrateToLatest(db);
    expect(applied.length).toBeGreaterThanOrEqual(4);
    expect(applied).toEqual([...applied].sort());
    const tables = await sql<{
      name: string;
    }>`select name from sqlite_master where type in ('table') order by name`.execute(db);
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'topics',
        'topic_aliases',
        'learnings',
        'learnings_fts',
        'topic_usage',
        'search_misses',
      ]),
    );
    expect(
      (await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db)).rows[0]?.journal_mode,
    ).toBe('wal');
    expect(
      (await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(db)).rows[0]?.foreign_keys,
    ).toBe(1);
    expect(await migrateToLatest(db)).toEqual([]);
    await db.destroy();
  });

  it('each start with a timestamp of its own, so code-unit order is localeCompare order', () => {
    const names = readdirSync(new URL('../../migrations/', import.meta.url)).filter((file) =>
      file.endsWith('.ts'),
    );
    const stamps = names.map((name) => /^(\d{8}T\d{4})_[a-z0-9_]+\.ts$/.exec(name)?.[1]);
    expect(stamps).not.toContain(undefined);
    expect(new Set(stamps).size).toBe(names.length);
    const byCodeUnit = [...names].sort();
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(byCodeUnit);
  });

  it('refuses a learning with an unknown origin or topic', async () => {
    const db = openDatabase(join(tempDir(), 'nexus.db'));
    await migrateToLatest(db);
    const row = {
      topic_id: 999,
      guild_id: null,
      origin: 'shipped',
      author_id: null,
      author_name: 'x',
      source: null,
      title: 't',
      body: 'b',
      position: 0,
      created_at: '',
      updated_at: '',
    } as const;
    await expect(db.insertInto('learnings').values(row).execute()).rejects.toThrow(/FOREIGN KEY/);
    const topic = await db
      .insertInto('topics')
      .values({ slug: 's', name: 'S', tags: '[]', source_hash: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('learnings')
        .values({ ...row, topic_id: topic.id, origin: 'stolen' as 'shipped' })
        .execute(),
    ).rejects.toThrow(/CHECK/);
    await db.destroy();
  });

  it('reverts and reapplies the search keying with every document still found', async () => {
    const { db } = await preparedDb();
    const guild = '800000000000000001';
    const found = async () => [
      (await searchLearnings(db, guild, 'docker compose')).hits.map((h) => h.id),
      (await searchChallenges(db, guild, 'celery retries')).hits.map((h) => h.id),
    ];
    const before = await found();
    expect(before[0]).not.toEqual([]);
    expect(before[1]).not.toEqual([]);
    await keyedSearch.down(db);
    const { rows } = await sql<{ id: number }>`
      select rowid as id from learnings_fts where learnings_fts match 'compose'`.execute(db);
    expect(rows.length).toBeGreaterThan(0);
    await keyedSearch.up(db);
    expect(await found()).toEqual(before);
  });
});
