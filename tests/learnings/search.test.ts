import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSolution } from '../../src/challenges/challenges.js';
import { searchChallenges } from '../../src/challenges/search.js';
import type { Db } from '../../src/db/schema.js';
import { addLearning } from '../../src/learnings/learnings.js';
import { searchLearnings } from '../../src/learnings/search.js';
import { rankedCandidates, searchTerms, shareSample, toFtsQuery } from '../../src/search/fts.js';
import { preparedDb, topicBySlug } from '../support/db.js';

const guild = '800000000000000001';

describe('full-text search', () => {
  it('ranks learnings having every word first', async () => {
    const { db } = await preparedDb();
    const { hits, complete } = await searchLearnings(db, guild, 'cache invalidation');
    expect(complete).toBeGreaterThanOrEqual(1);
    expect(hits[0]?.topicSlug).toBe('caching');
    expect(hits.length).toBe(10);
  });

  it("shows a server's own learnings to it alone", async () => {
    const { db } = await preparedDb();
    const topic = await topicBySlug(db, 'docker');
    await addLearning(db, {
      guildId: guild,
      topicId: topic.id,
      author: { id: '1', name: 'amina' },
      title: 'Quokka trick',
      body: 'A zebraquokka note.',
      now: new Date(),
    });
    expect((await searchLearnings(db, guild, 'zebraquokka')).hits).toHaveLength(1);
    expect((await searchLearnings(db, '800000000000000009', 'zebraquokka')).hits).toHaveLength(0);
  });

  it('turns any text into quoted words, so FTS5 syntax is inert', () => {
    expect(searchTerms('"NEAR(a b)" OR -c* 🐳 d:e')).toEqual([
      'near',
      'a',
      'b',
      'or',
      'c',
      'd',
      'e',
    ]);
    expect(toFtsQuery(['a', 'or'], 'all')).toBe('"a" "or"');
    expect(toFtsQuery(['a', 'b'], 'any')).toBe('"a" OR "b"');
    expect(searchTerms('   ')).toEqual([]);
  });

  it('never throws, whatever the text (property)', async () => {
    const { db } = await preparedDb();
    const hostile = fc.oneof(
      fc.string({ maxLength: 1000 }),
      fc.string({ unit: 'grapheme', maxLength: 200 }),
      fc
        .array(
          fc.constantFrom(
            '"',
            '*',
            'NEAR',
            '-',
            'OR',
            'AND',
            'NOT',
            '(',
            ')',
            ':',
            '^',
            '🐳',
            'docker',
            "'",
            '\\',
            '\u0000',
          ),
          { maxLength: 60 },
        )
        .map((parts) => parts.join(' ')),
      fc.constant('x'.repeat(1000)),
    );
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        const result = await searchLearnings(db, guild, text);
        expect(result.hits.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 300 },
    );
  });
});

describe('search index upkeep', () => {
  it('follows edits and removals of shipped and community learnings', async () => {
    const { db } = await preparedDb();
    const shipped = await db
      .selectFrom('learnings')
      .select(['id', 'title'])
      .where('origin', '=', 'shipped')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('learnings')
      .set({ body: 'Now about the zebraquokka.' })
      .where('id', '=', shipped.id)
      .execute();
    expect((await searchLearnings(db, guild, 'zebraquokka')).hits.map((h) => h.id)).toEqual([
      shipped.id,
    ]);
    await db
      .updateTable('learnings')
      .set({ body: 'Plain again.' })
      .where('id', '=', shipped.id)
      .execute();
    expect((await searchLearnings(db, guild, 'zebraquokka')).hits).toEqual([]);

    await bulkLearnings(db, 1, () => ({ title: 'Fleeting', body: 'A wombatfish note.' }));
    expect((await searchLearnings(db, guild, 'wombatfish')).hits).toHaveLength(1);
    await db.deleteFrom('learnings').where('title', '=', 'Fleeting').execute();
    expect((await searchLearnings(db, guild, 'wombatfish')).hits).toEqual([]);
  });
});

describe('challenge search', () => {
  it('finds challenges by their solutions, ranks by bm25 and stays safe with any text', async () => {
    const { db } = await preparedDb();
    const { hits } = await searchChallenges(db, guild, 'celery retries');
    expect(hits[0]?.title).toMatch(/Celery/);
    const shipped = await db
      .selectFrom('challenges')
      .select('id')
      .where('origin', '=', 'shipped')
      .executeTakeFirstOrThrow();
    await addSolution(db, {
      guildId: guild,
      challengeId: shipped.id,
      author: { id: '1', name: 'amina' },
      body: 'The xylophonic fix.',
      now: new Date(),
    });
    const ours = await searchChallenges(db, guild, 'xylophonic');
    expect(ours.hits.map((h) => h.id)).toEqual([shipped.id]);
    // Another server counts only the solutions it can see.
    const [theirs] = (await searchChallenges(db, '800000000000000009', 'xylophonic')).hits;
    expect(theirs?.solutions).toBe((ours.hits[0]?.solutions ?? 0) - 1);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 1000 }), async (text) => {
        expect((await searchChallenges(db, guild, text)).hits.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 100 },
    );
  });
});

/** `count` community learnings of the Docker topic in `server`, the `i`th with `text(i)`. */
async function bulkLearnings(
  db: Db,
  count: number,
  text: (i: number) => { title: string; body: string },
  server = guild,
): Promise<void> {
  const docker = await topicBySlug(db, 'docker');
  const stamp = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => ({
    topic_id: docker.id,
    guild_id: server,
    origin: 'community' as const,
    author_id: '1',
    author_name: 'bulk',
    source: null,
    ...text(i),
    position: 0,
    created_at: stamp,
    updated_at: stamp,
  }));
  for (let start = 0; start < rows.length; start += 1000)
    await db
      .insertInto('learnings')
      .values(rows.slice(start, start + 1000))
      .execute();
}

describe('bounded ranking', () => {
  it('still ranks the shipped learnings when newer learnings bury them in matches', async () => {
    const { db } = await preparedDb();
    // One learning in three matches, so the words stay uncommon and bm25 ranks them.
    await bulkLearnings(db, 3 * (rankedCandidates + 100), (i) =>
      i % 3 === 0
        ? {
            title: `Note ${i}`,
            body: 'multi stage images builder, and more words to make this body longer than the title',
          }
        : { title: `Other ${i}`, body: 'Nothing to see here.' },
    );
    const { hits, ignored } = await searchLearnings(db, guild, 'multi stage images builder');
    expect(ignored).toEqual([]);
    expect(hits[0]?.title).toBe('Build small images with multi-stage Dockerfiles');
  });

  it("ranks a server's own learnings however many newer ones other servers have", async () => {
    const { db } = await preparedDb();
    await bulkLearnings(db, 1, () => ({ title: 'Ours', body: 'Zebraquokka habits.' }));
    // Another server: more matches than the candidate bound, among enough others to stay uncommon.
    await bulkLearnings(
      db,
      3 * (rankedCandidates + 100),
      (i) =>
        i % 3 === 0
          ? { title: `Theirs ${i}`, body: 'Zebraquokka habits, elsewhere.' }
          : { title: `Other ${i}`, body: 'Nothing to see here.' },
      '800000000000000009',
    );
    const { hits, ranked } = await searchLearnings(db, guild, 'zebraquokka');
    expect(ranked).toBe(true);
    expect(hits.map((hit) => hit.title)).toEqual(['Ours']);
  });

  it('leaves out words most learnings contain when other words remain', async () => {
    const { db } = await preparedDb();
    await bulkLearnings(db, 2 * shareSample, (i) => ({
      title: `Note ${i}`,
      body: i === 0 ? 'Zebraquokka, nothing else.' : 'The common word is here.',
    }));
    const { hits, ignored, complete } = await searchLearnings(db, guild, 'the zebraquokka');
    expect(ignored).toEqual(['the']);
    expect(hits.map((hit) => hit.title)).toEqual(['Note 0']);
    expect(complete).toBe(1);
  });

  it('keeps every word when all are common, title matches first, then the newest', async () => {
    const { db } = await preparedDb();
    await bulkLearnings(db, 2 * shareSample, (i) => ({
      title: i === 5 ? 'A zebra in the title' : `Note ${i}`,
      body: 'The zebra word is here.',
    }));
    const { hits, ignored } = await searchLearnings(db, guild, 'zebra');
    expect(ignored).toEqual([]);
    expect(hits.map((hit) => hit.title).slice(0, 3)).toEqual([
      'A zebra in the title',
      `Note ${2 * shareSample - 1}`,
      `Note ${2 * shareSample - 2}`,
    ]);
  });

  it('requires every word of a small server, however common', async () => {
    const { db } = await preparedDb();
    await bulkLearnings(db, shareSample - 10, (i) => ({
      title: `Note ${i}`,
      body: i === 0 ? 'Zebraquokka, nothing else.' : 'The common word is here.',
    }));
    await bulkLearnings(db, 1, () => ({ title: 'Last', body: 'The zebraquokka, with it.' }));
    const { hits, ignored, complete } = await searchLearnings(db, guild, 'the zebraquokka');
    expect(ignored).toEqual([]);
    expect(complete).toBe(1);
    expect(hits.map((hit) => hit.title).slice(0, 2)).toEqual(['Last', 'Note 0']);
  });
});
