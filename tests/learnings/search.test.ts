import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addSolution } from '../../src/challenges/challenges.js';
import { addLearning } from '../../src/learnings/learnings.js';
import {
  rankedCandidates,
  searchChallenges,
  searchLearnings,
  searchTerms,
  toFtsQuery,
} from '../../src/learnings/search.js';
import { preparedDb } from '../support/db.js';

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
    const topic = await db
      .selectFrom('topics')
      .select('id')
      .where('slug', '=', 'docker')
      .executeTakeFirstOrThrow();
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
    expect((await searchChallenges(db, guild, 'xylophonic')).hits.map((h) => h.id)).toEqual([
      shipped.id,
    ]);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 1000 }), async (text) => {
        expect((await searchChallenges(db, guild, text)).hits.length).toBeLessThanOrEqual(10);
      }),
      { numRuns: 100 },
    );
  });
});

describe('bounded ranking', () => {
  it('still ranks the shipped learnings when newer learnings bury them in matches', async () => {
    const { db } = await preparedDb();
    const docker = await db
      .selectFrom('topics')
      .select('id')
      .where('slug', '=', 'docker')
      .executeTakeFirstOrThrow();
    const stamp = new Date().toISOString();
    await db
      .insertInto('learnings')
      .values(
        Array.from({ length: rankedCandidates.newest + rankedCandidates.oldest + 100 }, (_, i) => ({
          topic_id: docker.id,
          guild_id: guild,
          origin: 'community' as const,
          author_id: '1',
          author_name: 'bulk',
          source: null,
          title: `Note ${i}`,
          body: 'multi stage images builder, and more words to make this body longer than the title',
          position: 0,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
    const { hits } = await searchLearnings(db, guild, 'multi stage images builder');
    expect(hits[0]?.title).toBe('Build small images with multi-stage Dockerfiles');
  });
});
