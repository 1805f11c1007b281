import type { OutboxRow, RunStatus, SyncRun } from '../db/schema.js';
import type { Message } from '../interaction/message.js';
import { newErrorRef } from '../log.js';
import { PostError } from './poster.js';
import type { RunReport, SyncDeps } from './run.js';
import { loseChannel } from './settings.js';

/**
 * Sending a recorded run, exactly once with what Discord offers: every message carries its own
 * nonce, which Discord honours for a few minutes; past that, a message is first looked for among
 * the bot's messages where it belongs. A thread started from a message has that message's id and
 * cannot be started twice; one started on its own is looked for by name before starting it.
 */

/** A resend with the same nonce is safe this long after the first try; after it, Discord forgets. */
const resendWindowMs = 5 * 60 * 1000;

type Delivery = 'posted' | 'found' | 'failed' | 'unknown';
/** A delivery, and the refusal when the channel will never take it (no access, no permission). */
type Outcome = { delivery: Delivery; refusal?: string };

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function mark(
  deps: SyncDeps,
  row: OutboxRow,
  change: { status: OutboxRow['status']; message_id?: string; error?: string; sent_at?: string },
) {
  await deps.db.updateTable('sync_outbox').set(change).where('id', '=', row.id).execute();
}

/** Posts one row in `target` (its thread, or its channel); `since`: look for it there first. */
async function deliver(
  deps: SyncDeps,
  row: OutboxRow,
  target: string,
  now: Date,
  since: Date | undefined,
): Promise<Outcome> {
  const message = JSON.parse(row.payload) as Message;
  const where = { guildId: row.guild_id, channelId: target, key: row.message_key };
  let found: { id: string } | undefined;
  if (since) {
    try {
      found = await deps.poster.findPosted(target, message, since);
    } catch (error) {
      // Neither resent blindly nor dropped: reported, for a person to check.
      await mark(deps, row, { status: 'unknown', error: describe(error) });
      deps.log.error(
        { ref: newErrorRef(), ...where, recordedAt: row.created_at, reason: describe(error) },
        'sync-up message in an unknown state: recorded, maybe posted, and its channel unreadable',
      );
      return { delivery: 'unknown' };
    }
  }
  try {
    const { id } = found ?? (await deps.poster.post(target, message, row.nonce));
    await mark(deps, row, { status: 'sent', message_id: id, sent_at: now.toISOString() });
    return { delivery: found ? 'found' : 'posted' };
  } catch (error) {
    const permanent = error instanceof PostError && error.permanent;
    deps.log.warn(
      { ref: newErrorRef(), ...where, reason: describe(error), permanent },
      'sync-up message not posted',
    );
    await mark(deps, row, { status: 'failed', error: describe(error) });
    if (error instanceof PostError && error.channelGone) {
      await loseChannel(deps.db, row.guild_id, target, now);
    }
    return { delivery: 'failed', ...(permanent ? { refusal: describe(error) } : {}) };
  }
}

/** Marks rows failed without trying them: where they go refused, or could not be opened. */
async function failUntried(deps: SyncDeps, rows: OutboxRow[], reason: string) {
  if (rows.length === 0) return;
  await deps.db
    .updateTable('sync_outbox')
    .set({ status: 'failed', error: reason })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
}

/** Where a part's digests go: its thread or the channel, or nowhere, and why. */
type Target = { id: string } | { failed: string };

/**
 * Starts the run's threads that are not started yet, in order, and says where each part's digests
 * go: its thread, the channel itself once the bot may not start threads there, or nowhere when
 * the thread could not be started (its digests fail with the reason, as a message would).
 */
async function openThreads(
  deps: SyncDeps,
  run: SyncRun,
  promptMessageId: string | null,
): Promise<Map<number, Target>> {
  const threads = await deps.db
    .selectFrom('sync_threads')
    .selectAll()
    .where('run_id', '=', run.id)
    .orderBy('part')
    .execute();
  const targets = new Map<number, Target>();
  let refusal = threads.find((t) => t.status === 'refused')?.error ?? undefined;
  for (const thread of threads) {
    const where = (values: { status: 'started' | 'refused'; thread_id?: string; error?: string }) =>
      deps.db
        .updateTable('sync_threads')
        .set(values)
        .where('run_id', '=', run.id)
        .where('part', '=', thread.part)
        .execute();
    if (thread.status === 'started' && thread.thread_id) {
      targets.set(thread.part, { id: thread.thread_id });
      continue;
    }
    if (thread.status === 'refused' || refusal) {
      if (thread.status !== 'refused') await where({ status: 'refused', error: refusal ?? '' });
      targets.set(thread.part, { id: thread.channel_id });
      continue;
    }
    try {
      const fromPrompt = thread.part === 1 ? (promptMessageId ?? undefined) : undefined;
      const since = new Date(run.created_at);
      const started = fromPrompt
        ? await deps.poster.startThread(thread.channel_id, thread.name, fromPrompt)
        : ((await deps.poster.findThread(thread.channel_id, thread.name, since)) ??
          (await deps.poster.startThread(thread.channel_id, thread.name)));
      await where({ status: 'started', thread_id: started.id });
      targets.set(thread.part, { id: started.id });
    } catch (error) {
      const context = { guildId: run.guild_id, channelId: thread.channel_id, part: thread.part };
      if (error instanceof PostError && error.permanent) {
        refusal = describe(error);
        await where({ status: 'refused', error: refusal });
        deps.log.warn({ ...context, reason: refusal }, 'sync-up digests go in the channel itself');
        targets.set(thread.part, { id: thread.channel_id });
      } else {
        const reason = `Thread "${thread.name}" not started: ${describe(error)}`;
        deps.log.warn({ ref: newErrorRef(), ...context, reason }, 'sync-up thread not started');
        targets.set(thread.part, { failed: reason });
      }
    }
  }
  return targets;
}

/** A run's status follows its messages: any pending, then any unknown, then any failed, else posted. */
async function settleRun(deps: SyncDeps, run: SyncRun): Promise<RunReport> {
  const rows = await deps.db
    .selectFrom('sync_outbox')
    .select(['status', 'error', 'channel_id'])
    .where('run_id', '=', run.id)
    .orderBy('id')
    .execute();
  const threads = await deps.db
    .selectFrom('sync_threads')
    .select(['status', 'error'])
    .where('run_id', '=', run.id)
    .execute();
  const failed = rows.find((r) => r.status === 'failed');
  const status: RunStatus = rows.some((r) => r.status === 'pending')
    ? 'sending'
    : rows.some((r) => r.status === 'unknown')
      ? 'unknown'
      : failed
        ? 'failed'
        : 'posted';
  const reason =
    status === 'unknown'
      ? 'The bot stopped while posting and could not read the channel back; some messages may not have been sent.'
      : (failed?.error ?? null);
  await deps.db.updateTable('sync_runs').set({ status, reason }).where('id', '=', run.id).execute();
  return {
    runId: run.id,
    channelId: rows[0]?.channel_id ?? '',
    status,
    sent: rows.filter((r) => r.status === 'sent').length,
    reason,
    threads: threads.filter((t) => t.status === 'started').length,
    threadsRefused: threads.find((t) => t.status === 'refused')?.error ?? null,
  };
}

/**
 * Sends what is pending of a run: channel messages in order, then the threads, then each
 * thread's digests in order, threads side by side (each thread is paced on its own by Discord).
 */
export async function sendRun(
  deps: SyncDeps,
  runId: number,
  now: Date,
  tally?: Record<Delivery, number>,
): Promise<RunReport> {
  const run = await deps.db
    .selectFrom('sync_runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  const pending = await deps.db
    .selectFrom('sync_outbox')
    .selectAll()
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  const since =
    now.getTime() - Date.parse(run.created_at) > resendWindowMs
      ? new Date(run.created_at)
      : undefined;
  // Shutting down: what is not sent yet stays pending, and the next start sends it.
  const stopping = () => deps.signal?.aborted === true;
  const send = async (row: OutboxRow, target: string): Promise<Outcome> => {
    const outcome = await deliver(deps, row, target, now, since);
    if (tally) tally[outcome.delivery] += 1;
    return outcome;
  };
  for (const row of pending.filter((r) => r.thread_part === null)) {
    if (stopping()) return settleRun(deps, run);
    const { refusal } = await send(row, row.channel_id);
    // A channel that refuses one message refuses the rest: they are not tried one by one.
    if (refusal) {
      const untried = await deps.db
        .selectFrom('sync_outbox')
        .selectAll()
        .where('run_id', '=', runId)
        .where('status', '=', 'pending')
        .execute();
      await failUntried(deps, untried, refusal);
      return settleRun(deps, run);
    }
  }

  const digests = pending.filter((r) => r.thread_part !== null);
  if (digests.length > 0 && !stopping()) {
    const prompt = await deps.db
      .selectFrom('sync_outbox')
      .select('message_id')
      .where('run_id', '=', runId)
      .where('message_key', '=', 'prompt')
      .executeTakeFirst();
    const targets = await openThreads(deps, run, prompt?.message_id ?? null);
    const byTarget = new Map<string, OutboxRow[]>();
    for (const row of digests) {
      const target = targets.get(row.thread_part ?? 0) ?? { failed: 'No thread for this part' };
      if ('failed' in target) {
        await failUntried(deps, [row], target.failed);
        continue;
      }
      const rows = byTarget.get(target.id);
      if (rows) rows.push(row);
      else byTarget.set(target.id, [row]);
    }
    await Promise.all(
      [...byTarget].map(async ([target, rows]) => {
        for (const [i, row] of rows.entries()) {
          if (stopping()) return;
          const { refusal } = await send(row, target);
          // A thread that refuses one digest refuses the rest.
          if (refusal) return failUntried(deps, rows.slice(i + 1), refusal);
        }
      }),
    );
  }
  return settleRun(deps, run);
}

/**
 * After a restart: every run with messages still pending is sent again. Young messages are resent
 * with their nonce; older ones are first looked for where they belong, and only the missing ones
 * are posted.
 */
export async function recoverOutbox(deps: SyncDeps, now: Date): Promise<Record<Delivery, number>> {
  const runs = await deps.db
    .selectFrom('sync_outbox')
    .select('run_id')
    .distinct()
    .where('status', '=', 'pending')
    .orderBy('run_id')
    .execute();
  const tally: Record<Delivery, number> = { posted: 0, found: 0, failed: 0, unknown: 0 };
  for (const { run_id } of runs) await sendRun(deps, run_id, now, tally);
  return tally;
}
