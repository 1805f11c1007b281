import type { Db, Pair } from '../db/schema.js';
import { findPair, isMemberOf } from '../pairing/pairs.js';

/** The week a check-in asks about, as its customId carries it: the slot in base-36 seconds. */
export const weekKey = (slot: Date) => Math.floor(slot.getTime() / 1000).toString(36);

function weekOf(key: string): Date | undefined {
  const slot = new Date(Number.parseInt(key, 36) * 1000);
  return Number.isNaN(slot.getTime()) || weekKey(slot) !== key ? undefined : slot;
}

/** Asks both members of a pair, for this slot's week, whether they met; unanswered until they do. */
export async function askCheckIn(db: Db, pair: Pair, slot: Date, now: Date): Promise<void> {
  await db
    .insertInto('sync_checkins')
    .values(
      [pair.backend_id, pair.frontend_id].map((user_id) => ({
        pair_id: pair.id,
        slot: slot.toISOString(),
        user_id,
        answer: null,
        asked_at: now.toISOString(),
        answered_at: null,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** Whether a learner left the last `weeks` check-ins they were asked all unanswered. */
export async function silentFor(db: Db, userId: string, weeks: number): Promise<boolean> {
  const asked = await db
    .selectFrom('sync_checkins')
    .select('answer')
    .where('user_id', '=', userId)
    .orderBy('slot', 'desc')
    .limit(weeks)
    .execute();
  return asked.length === weeks && asked.every((row) => row.answer === null);
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
