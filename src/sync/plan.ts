import { sql } from 'kysely';
import type { Db, Pair, RunKind, SyncSettings } from '../db/schema.js';
import { activePairs } from '../pairing/pairs.js';
import { projectNames, setPaused } from '../pairing/projects.js';
import { commitWeeklyRound, type WeeklyRound } from '../pairing/weekly.js';
import { checkInSlot, weekKey } from './checkins.js';
import { promptRotation } from './prompts.js';

/** A learner whose last this-many check-ins all went unanswered is paused from new pairings. */
export const silentWeeksBeforePause = 3;
const fallbackPrompt = 'What are you building this week?';
const dayMs = 24 * 60 * 60 * 1000;
const insertChunk = 1000;

export interface PingedPair {
  id: number;
  backendId: string;
  frontendId: string;
  project: string;
  /** Formed by this week's round. */
  isNew: boolean;
  /** Together for a week or more: asked whether they met. */
  checkIn: boolean;
}

/** What one run decided, before any wording: the presenter turns it into messages. */
export interface WeeklyPlan {
  prompt: string;
  /** The slot a late run was due at. */
  lateFor: Date | undefined;
  /** The week check-in buttons carry (see `weekKey`). */
  week: string;
  /** Every active pair, by project name, then by when it was formed. */
  pairs: PingedPair[];
  /** Learners paused this week for silence. */
  paused: string[];
}

/** Learners of the server whose last `weeks` check-ins all went unanswered, in one query. */
async function silentLearners(db: Db, guildId: string, weeks: number): Promise<string[]> {
  const { rows } = await sql<{ user_id: string }>`
    select user_id from (
      select c.user_id, c.answer,
        row_number() over (partition by c.user_id order by c.slot desc) as recency
      from sync_checkins c join pairs p on p.id = c.pair_id
      where p.guild_id = ${guildId}
    )
    where recency <= ${weeks}
    group by user_id
    having count(*) = ${weeks} and count(answer) = 0
  `.execute(db);
  return rows.map((row) => row.user_id);
}

/** Asks both members of each pair, for this slot's week, whether they met. */
async function askCheckIns(db: Db, pairs: Pair[], slot: Date, now: Date): Promise<void> {
  const rows = pairs.flatMap((pair) =>
    [pair.backend_id, pair.frontend_id].map((user_id) => ({
      pair_id: pair.id,
      slot: slot.toISOString(),
      user_id,
      answer: null,
      asked_at: now.toISOString(),
      answered_at: null,
    })),
  );
  for (let i = 0; i < rows.length; i += insertChunk) {
    await db
      .insertInto('sync_checkins')
      .values(rows.slice(i, i + insertChunk))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
}

/**
 * Decides the week inside the run's transaction: the next prompt, the round's new pairs (computed
 * beforehand; 'stale' when the learners or pairs changed since, so nothing is written), pauses for
 * silence, and the check-ins to ask.
 */
export async function decideWeek(
  trx: Db,
  input: {
    settings: SyncSettings;
    slot: Date;
    kind: RunKind;
    now: Date;
    shippedPrompts: readonly string[];
    round: WeeklyRound | undefined;
  },
): Promise<WeeklyPlan | 'stale'> {
  const { settings, slot, now } = input;
  const guildId = settings.guild_id;
  const formed = input.round ? await commitWeeklyRound(trx, guildId, input.round, now) : [];
  if (formed === 'stale') return 'stale';

  const rotation = await promptRotation(trx, guildId, input.shippedPrompts);
  const prompt = rotation[settings.prompt_cursor % Math.max(1, rotation.length)] ?? fallbackPrompt;
  await trx
    .updateTable('sync_settings')
    .set({ prompt_cursor: settings.prompt_cursor + 1 })
    .where('guild_id', '=', guildId)
    .execute();

  const pairs = await activePairs(trx, guildId);
  const inPairs = new Set(pairs.flatMap((p) => [p.backend_id, p.frontend_id]));
  const open = await trx
    .selectFrom('learners')
    .select('user_id')
    .where('guild_id', '=', guildId)
    .where('paused', '=', 0)
    .execute();
  const openIds = new Set(open.map((l) => l.user_id));
  const paused = (await silentLearners(trx, guildId, silentWeeksBeforePause)).filter(
    (id) => inPairs.has(id) && openIds.has(id),
  );
  for (const userId of paused) await setPaused(trx, guildId, userId, null);

  const weekAgo = new Date(slot.getTime() - 6 * dayMs).toISOString();
  const asked = pairs.filter((pair) => pair.created_at <= weekAgo);
  await askCheckIns(trx, asked, checkInSlot(slot), now);

  const isNew = new Set(formed.map((p) => `${p.backendId}:${p.frontendId}`));
  const names = await projectNames(trx, guildId);
  const project = (slug: string) => names.get(slug) ?? slug;
  const pinged = pairs
    .map((pair) => ({
      id: pair.id,
      backendId: pair.backend_id,
      frontendId: pair.frontend_id,
      project: project(pair.project_slug),
      isNew: isNew.has(`${pair.backend_id}:${pair.frontend_id}`),
      checkIn: pair.created_at <= weekAgo,
    }))
    .sort((a, b) => (a.project < b.project ? -1 : a.project > b.project ? 1 : a.id - b.id));
  return {
    prompt,
    lateFor: input.kind === 'late' ? slot : undefined,
    week: weekKey(slot),
    pairs: pinged,
    paused,
  };
}
