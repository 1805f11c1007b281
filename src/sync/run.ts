import type { Db, RunKind, RunStatus, SyncRun, SyncSettings } from '../db/schema.js';
import type { Logger } from '../log.js';
import { planWeeklyRound, type WeeklyRound } from '../pairing/weekly.js';
import { type Draft, presentWeek } from './digest.js';
import { decideWeek } from './plan.js';
import type { Poster } from './poster.js';
import { isoWeek } from './schedule.js';
import { sendRun } from './send.js';
import { getSettings } from './settings.js';

export interface SyncDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  shippedPrompts: readonly string[];
  /** Once aborted (shutting down), sending stops between messages; the rest stays pending. */
  signal?: AbortSignal;
}

export interface RunReport {
  runId: number;
  channelId: string;
  status: RunStatus;
  sent: number;
  reason: string | null;
  /** Weekly threads started for the digests. */
  threads: number;
  /** Why the digests went in the channel itself, when the bot may not start threads there. */
  threadsRefused: string | null;
}

const staleRetries = 3;

class StaleRound extends Error {}

/** The outbox rows a run's drafts become: each with its own nonce, all pending. */
function outboxRows(runId: number, settings: SyncSettings, drafts: Draft[], now: Date) {
  return drafts.map((draft, index) => ({
    run_id: runId,
    guild_id: settings.guild_id,
    channel_id: settings.channel_id,
    message_key: draft.key,
    payload: JSON.stringify(draft.message),
    nonce: `nexus-${runId.toString(36)}-${index.toString(36)}`,
    status: 'pending' as const,
    message_id: null,
    error: null,
    created_at: now.toISOString(),
    sent_at: null,
    thread_part: draft.threadPart ?? null,
  }));
}

/**
 * One attempt at recording a run: the run row (unique per server and slot), the week's decisions
 * and every message and thread to post, in one transaction, so nothing is sent that was not first
 * recorded. Undefined when the slot already ran; a StaleRound when the round needs computing again.
 */
async function recordOnce(
  deps: SyncDeps,
  guildId: string,
  slot: Date,
  kind: RunKind,
  now: Date,
  round: WeeklyRound | undefined,
): Promise<number | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    const settings = await getSettings(trx, guildId);
    if (!settings) return undefined;
    const run = await trx
      .insertInto('sync_runs')
      .values({
        guild_id: guildId,
        slot: slot.toISOString(),
        kind,
        status: 'sending',
        reason: null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['guild_id', 'slot']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!run) return undefined;
    const plan = await decideWeek(trx, {
      settings,
      slot,
      kind,
      now,
      shippedPrompts: deps.shippedPrompts,
      round,
    });
    if (plan === 'stale') throw new StaleRound();
    const { drafts, threads } = presentWeek(plan, isoWeek(slot, settings.timezone));
    const rows = outboxRows(run.id, settings, drafts, now);
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('sync_outbox')
        .values(rows.slice(i, i + 500))
        .execute();
    }
    if (threads.length > 0) {
      await trx
        .insertInto('sync_threads')
        .values(
          threads.map((name, i) => ({
            run_id: run.id,
            part: i + 1,
            channel_id: settings.channel_id,
            name,
            thread_id: null,
            status: 'pending' as const,
            error: null,
          })),
        )
        .execute();
    }
    return run.id;
  });
}

/**
 * Records a run. The pairing round is computed first, outside any transaction and off the event
 * loop; if learners or pairs change before it is written, it is computed again.
 */
export async function recordRun(
  deps: SyncDeps,
  guildId: string,
  slot: Date,
  kind: RunKind,
  now: Date,
): Promise<number | undefined> {
  const settings = await getSettings(deps.db, guildId);
  if (!settings) return undefined;
  const ran = await deps.db
    .selectFrom('sync_runs')
    .select('id')
    .where('guild_id', '=', guildId)
    .where('slot', '=', slot.toISOString())
    .executeTakeFirst();
  if (ran) return undefined;
  for (let attempt = 1; attempt <= staleRetries; attempt++) {
    const round = settings.auto_pair ? await planWeeklyRound(deps.db, guildId, now) : undefined;
    try {
      return await recordOnce(deps, guildId, slot, kind, now, round);
    } catch (error) {
      if (!(error instanceof StaleRound)) throw error;
    }
  }
  deps.log.warn(
    { guildId, slot: slot.toISOString(), attempts: staleRetries },
    'learners kept changing while the round was computed; this sync-up forms no new pairs',
  );
  return recordOnce(deps, guildId, slot, kind, now, undefined);
}

/** The server's latest run, whatever its outcome, for /sync show. */
export async function lastRun(db: Db, guildId: string): Promise<SyncRun | undefined> {
  return db
    .selectFrom('sync_runs')
    .selectAll()
    .where('guild_id', '=', guildId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

/** Runs a slot once: a second call for the same server and slot does nothing. */
export async function runSlot(
  deps: SyncDeps,
  guildId: string,
  slot: Date,
  kind: RunKind,
  now: Date,
): Promise<RunReport | undefined> {
  const runId = await recordRun(deps, guildId, slot, kind, now);
  return runId === undefined ? undefined : sendRun(deps, runId, now);
}

export async function recordMissed(
  deps: SyncDeps,
  guildId: string,
  slot: Date,
  now: Date,
): Promise<void> {
  const inserted = await deps.db
    .insertInto('sync_runs')
    .values({
      guild_id: guildId,
      slot: slot.toISOString(),
      kind: 'missed',
      status: 'missed',
      reason: 'Nexus was offline past the grace window',
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['guild_id', 'slot']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0)
    deps.log.warn({ guildId, slot: slot.toISOString() }, 'sync-up slot missed');
}
