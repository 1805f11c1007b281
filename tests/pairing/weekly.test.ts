import { describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/schema.js';
import { endPair } from '../../src/pairing/pairs.js';
import { setPaused, touchLearner } from '../../src/pairing/projects.js';
import { planRound } from '../../src/pairing/round.js';
import { weekSeed } from '../../src/pairing/round-reads.js';
import { commitWeeklyRound, planWeeklyRound, previewRound } from '../../src/pairing/weekly.js';
import { buildCommunity, cohortShape, storeCommunity } from '../support/community.js';
import { preparedDb } from '../support/db.js';

const guildId = 'cohort';
const now = cohortShape.now;
const DAY_MS = 24 * 60 * 60 * 1000;

const countPairs = async (db: Db) =>
  Number(
    (
      await db
        .selectFrom('pairs')
        .select((eb) => eb.fn.countAll().as('count'))
        .executeTakeFirstOrThrow()
    ).count,
  );

/** A community bigger than one read chunk and than what is planned without a worker. */
const cohort = buildCommunity({ ...cohortShape, projectSizes: [2600, 400] });

describe('the weekly round from the database', () => {
  it('plans what planRound plans from the same community, off the event loop', async () => {
    const { db } = await preparedDb(now);
    await storeCommunity(db, guildId, cohort);
    let turns = 0;
    let ticking = true;
    const tick = () => {
      turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const round = await planWeeklyRound(db, guildId, now);
    ticking = false;

    const expected = planRound({ ...cohort, seed: weekSeed(now) });
    expect(round.objective).toEqual(expected.objective);
    expect(round.pairs.map((p) => ({ backendId: p.backendId, frontendId: p.frontendId }))).toEqual(
      expected.pairs,
    );
    expect(round.pairs[0]).toMatchObject({
      projectSlug: 'project-0',
      project: 'Project project-0',
      backend: `name of ${round.pairs[0]?.backendId}`,
    });
    expect(round.unmatched).toEqual(expected.unmatched.map((id) => `name of ${id}`));
    // 3,000 learners, 1,240 active and 2,968 recent pairs: five chunks, each followed by a turn.
    expect(turns).toBeGreaterThanOrEqual(5);
  });

  it('forms the planned pairs once; committing the same round again is stale', async () => {
    const { db } = await preparedDb(now);
    await storeCommunity(db, guildId, cohort);
    const before = await countPairs(db);
    const round = await planWeeklyRound(db, guildId, now);
    expect(round.pairs.length).toBeGreaterThan(0);

    const formed = await db
      .transaction()
      .execute((trx) => commitWeeklyRound(trx, guildId, round, now));
    expect(formed).toEqual(round.pairs);
    expect(await countPairs(db)).toBe(before + round.pairs.length);
    const first = round.pairs[0];
    const stored = await db
      .selectFrom('pairs')
      .selectAll()
      .where('backend_id', '=', first?.backendId ?? '')
      .where('frontend_id', '=', first?.frontendId ?? '')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      guild_id: guildId,
      project_slug: first?.projectSlug,
      origin: 'round',
      created_at: now.toISOString(),
      ended_at: null,
    });

    expect(await commitWeeklyRound(db, guildId, round, now)).toBe('stale');
    expect(await countPairs(db)).toBe(before + round.pairs.length);
  });
});

describe('committing a round on a small server', () => {
  const small = buildCommunity({ ...cohortShape, projectSizes: [40] });

  it('is stale, writing nothing, once a learner or a pair has changed', async () => {
    for (const change of [
      (db: Db, id: string) => setPaused(db, guildId, id, null),
      async (db: Db) => {
        const pair = await db
          .selectFrom('pairs')
          .select('id')
          .where('status', '=', 'active')
          .executeTakeFirstOrThrow();
        const members = await db
          .selectFrom('pairs')
          .selectAll()
          .where('id', '=', pair.id)
          .executeTakeFirstOrThrow();
        await endPair(db, guildId, pair.id, members.backend_id, now);
      },
    ]) {
      const { db } = await preparedDb(now);
      await storeCommunity(db, guildId, small);
      const round = await planWeeklyRound(db, guildId, now);
      await change(db, round.pairs[0]?.backendId ?? '');
      const before = await countPairs(db);
      expect(await commitWeeklyRound(db, guildId, round, now)).toBe('stale');
      expect(await countPairs(db)).toBe(before);
    }
  });

  it('still holds after a learner was merely active', async () => {
    const { db } = await preparedDb(now);
    await storeCommunity(db, guildId, small);
    const round = await planWeeklyRound(db, guildId, now);
    await touchLearner(db, guildId, round.pairs[0]?.backendId ?? '', now);
    expect(await commitWeeklyRound(db, guildId, round, now)).toEqual(round.pairs);
  });

  it('is stale when a dated pause ends between planning and committing', async () => {
    const { db } = await preparedDb(now);
    await storeCommunity(db, guildId, small);
    const back = new Date(now.getTime() + DAY_MS);
    await setPaused(db, guildId, small.learners[0]?.id ?? '', back);
    const round = await planWeeklyRound(db, guildId, now);
    expect(await commitWeeklyRound(db, guildId, round, new Date(back.getTime() - 1))).not.toBe(
      'stale',
    );

    const again = await planWeeklyRound(db, guildId, now);
    expect(await commitWeeklyRound(db, guildId, again, back)).toBe('stale');
  });

  it('previews without writing what committing the plan then forms', async () => {
    const { db } = await preparedDb(now);
    await storeCommunity(db, guildId, small);
    const before = await countPairs(db);
    const preview = await previewRound(db, guildId, now);
    expect(preview.pairs.length).toBeGreaterThan(0);
    expect(await countPairs(db)).toBe(before);
    const round = await planWeeklyRound(db, guildId, now);
    expect(await commitWeeklyRound(db, guildId, round, now)).toEqual(preview.pairs);
    expect(await countPairs(db)).toBe(before + preview.pairs.length);
  });
});
