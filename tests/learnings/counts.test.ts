import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleTo } from '../../src/db/visibility.js';
import { countLearnings } from '../../src/learnings/learnings.js';
import { preparedDb } from '../support/db.js';

const guilds = ['800000000000000001', '800000000000000002'];

type Step =
  | { op: 'insert'; topic: number; guild: number | null }
  | { op: 'delete'; pick: number }
  | { op: 'move'; pick: number; topic: number; guild: number | null };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    op: fc.constant('insert' as const),
    topic: fc.nat(2),
    guild: fc.option(fc.nat(1), { nil: null }),
  }),
  fc.record({ op: fc.constant('delete' as const), pick: fc.nat() }),
  fc.record({
    op: fc.constant('move' as const),
    pick: fc.nat(),
    topic: fc.nat(2),
    guild: fc.option(fc.nat(1), { nil: null }),
  }),
);

describe('learning counts', () => {
  it('match a count of the rows after any inserts, removals and moves (property)', async () => {
    const { db } = await preparedDb();
    const topics = (
      await db.selectFrom('topics').select('id').orderBy('id').limit(3).execute()
    ).map((t) => t.id);
    const guildOf = (g: number | null) => (g === null ? null : (guilds[g] as string));
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        await db
          .transaction()
          .execute(async (trx) => {
            for (const s of steps) {
              const ids = (
                await trx.selectFrom('learnings').select('id').orderBy('id').execute()
              ).map((l) => l.id);
              if (s.op === 'insert') {
                await trx
                  .insertInto('learnings')
                  .values({
                    topic_id: topics[s.topic] as number,
                    guild_id: guildOf(s.guild),
                    origin: s.guild === null ? 'shipped' : 'community',
                    author_id: null,
                    author_name: 'n',
                    source: null,
                    title: 't',
                    body: 'b',
                    position: 0,
                    created_at: '',
                    updated_at: '',
                  })
                  .execute();
              } else {
                const id = ids[s.pick % ids.length] as number;
                if (s.op === 'delete')
                  await trx.deleteFrom('learnings').where('id', '=', id).execute();
                else
                  await trx
                    .updateTable('learnings')
                    .set({ topic_id: topics[s.topic] as number, guild_id: guildOf(s.guild) })
                    .where('id', '=', id)
                    .execute();
              }
            }
            for (const topic of topics)
              for (const guild of guilds) {
                const counted = await trx
                  .selectFrom('learnings')
                  .select((eb) => eb.fn.countAll<number>().as('n'))
                  .where('topic_id', '=', topic)
                  .where(visibleTo(guild))
                  .executeTakeFirstOrThrow();
                expect(await countLearnings(trx, guild, topic)).toBe(Number(counted.n));
              }
            // Kysely rolls back on a throw, leaving the database as it was for the next run.
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 60 },
    );
  });
});

class Rollback extends Error {}
