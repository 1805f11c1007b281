import type { Context } from '../../src/interaction/command.js';
import { button } from '../../src/interaction/declare.js';
import { notice, reply } from '../../src/interaction/message.js';
import { checkInId, pairCheckInId } from '../../src/sync/check-in-ids.js';
import { answerCheckIn, askedPairsOf } from '../../src/sync/checkins.js';
import { truncate } from '../../src/text.js';

/** "Did you meet last week?": the buttons of the weekly digests, answered by /sync. */

const checkInReplies = {
  'no-pair': 'That pair no longer exists.',
  'not-yours': 'Only the two members of this pair can answer.',
  invalid: 'This check-in is no longer valid.',
};

async function recordAnswer(ctx: Context, pairId: number, week: string, met: boolean) {
  const outcome = await answerCheckIn(ctx.db, {
    guildId: ctx.guildId,
    pairId,
    week,
    userId: ctx.actor.id,
    met,
    now: ctx.now(),
  });
  if (outcome !== 'saved') return notice(checkInReplies[outcome]);
  return notice(
    met ? 'Great, noted that you met. Keep it up!' : 'Noted. Try to find a slot this week.',
  );
}

/** A digest's row: the clicker's own pair answers; with several, they pick which. */
const digestCheckIn = button({
  id: checkInId,
  async run(ctx, { week, answer }) {
    const met = answer === 'yes';
    const asked = await askedPairsOf(ctx.db, { guildId: ctx.guildId, week, userId: ctx.actor.id });
    if (asked === 'invalid') return notice(checkInReplies.invalid);
    const [only, ...more] = asked;
    if (!only) {
      return notice(
        'This check-in is for the pairs in this digest that have had a week together; you have none in it. New pairs are asked from their second week.',
      );
    }
    if (more.length === 0) return recordAnswer(ctx, only.pairId, week, met);
    return reply({
      ephemeral: true,
      content: `You have ${asked.length} partners this week. Which pair ${met ? 'met' : 'did not meet'}?`,
      buttons: [
        asked.map((pair) => ({
          customId: pairCheckInId.encode({ pairId: pair.pairId, week, answer }),
          label: truncate(`With ${pair.partnerName}`, 80),
          style: met ? ('success' as const) : ('secondary' as const),
        })),
      ],
    });
  },
});

/**
 * One pair's answer: the check-in row of the sync-ups before digests, and the choice above.
 * Only the pair's two members answer, once per week each.
 */
const pairCheckIn = button({
  id: pairCheckInId,
  run: (ctx, { pairId, week, answer }) => recordAnswer(ctx, pairId, week, answer === 'yes'),
});

export const checkInAnswers = [digestCheckIn, pairCheckIn];
