import type { Db } from '../db/schema.js';
import { findPair, isMemberOf } from '../pairing/pairs.js';

/** The week a check-in asks about, as its customId carries it: the slot in base-36 seconds. */
export const weekKey = (slot: Date) => Math.floor(slot.getTime() / 1000).toString(36);

/** The slot check-ins are stored under: whole seconds, as the customId carries it (run-now has ms). */
export const checkInSlot = (slot: Date) => new Date(Math.floor(slot.getTime() / 1000) * 1000);

function weekOf(key: string): Date | undefined {
  const slot = new Date(Number.parseInt(key, 36) * 1000);
  return Number.isNaN(slot.getTime()) || weekKey(slot) !== key ? undefined : slot;
}

/** A pair the clicker was asked about for a week, with the partner's name for a button. */
export interface AskedPair {
  pairId: number;
  partnerName: string;
}

/**
 * The clicker's pairs asked about the week a digest's check-in row carries (a learner with
 * several partners has several); 'invalid' for a week that no button of ours carries.
 */
export async function askedPairsOf(
  db: Db,
  input: { guildId: string; week: string; userId: string },
): Promise<AskedPair[] | 'invalid'> {
  const slot = weekOf(input.week);
  if (!slot) return 'invalid';
  const rows = await db
    .selectFrom('sync_checkins as c')
    .innerJoin('pairs as p', 'p.id', 'c.pair_id')
    .leftJoin('learners as l', (join) =>
      join
        .onRef('l.guild_id', '=', 'p.guild_id')
        .on((eb) =>
          eb(
            'l.user_id',
            '=',
            eb
              .case()
              .when('p.backend_id', '=', input.userId)
              .then(eb.ref('p.frontend_id'))
              .else(eb.ref('p.backend_id'))
              .end(),
          ),
        ),
    )
    .select(['c.pair_id as pairId', 'l.user_name as partnerName'])
    .where('c.user_id', '=', input.userId)
    .where('c.slot', '=', slot.toISOString())
    .where('p.guild_id', '=', input.guildId)
    .orderBy('c.pair_id')
    .execute();
  return rows.map((row) => ({
    pairId: row.pairId,
    partnerName: row.partnerName ?? 'your partner',
  }));
}

export type CheckInOutcome = 'saved' | 'no-pair' | 'not-yours' | 'invalid';

/** Only the pair's two members answer; a second answer replaces the first. */
export async function answerCheckIn(
  db: Db,
  input: { guildId: string; pairId: number; week: string; userId: string; met: boolean; now: Date },
): Promise<CheckInOutcome> {
  const pair = await findPair(db, input.guildId, input.pairId);
  if (!pair) return 'no-pair';
  if (!isMemberOf(pair, input.userId)) return 'not-yours';
  const slot = weekOf(input.week);
  if (!slot) return 'invalid';
  const answer = input.met ? 'yes' : 'no';
  const stamp = input.now.toISOString();
  await db
    .insertInto('sync_checkins')
    .values({
      pair_id: pair.id,
      slot: slot.toISOString(),
      user_id: input.userId,
      answer,
      asked_at: stamp,
      answered_at: stamp,
    })
    .onConflict((oc) =>
      oc.columns(['pair_id', 'slot', 'user_id']).doUpdateSet({ answer, answered_at: stamp }),
    )
    .execute();
  return 'saved';
}
