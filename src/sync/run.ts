import type { Db, OutboxRow, RunKind, RunStatus, SyncRun, SyncSettings } from '../db/schema.js';
import type { Message } from '../interaction/message.js';
import { type Logger, newErrorRef } from '../log.js';
import { activePairs } from '../pairing/pairs.js';
import { guildLearners, projectNames, setPaused } from '../pairing/projects.js';
import { formRound } from '../pairing/weekly.js';
import { askCheckIn, silentFor, weekKey } from './checkins.js';
import { PostError, type Poster } from './poster.js';
import { promptRotation } from './prompts.js';
import { loseChannel } from './settings.js';

/** A resend with the same nonce is safe this long after the first try; after it, Discord forgets. */
export const resendWindowMs = 5 * 60 * 1000;
const silentWeeksBeforePause = 3;

export interface SyncDeps {
  db: Db;
  poster: Poster;
  log: Logger;
  shippedPrompts: readonly string[];
}

export interface RunReport {
  runId: number;
  channelId: string;
  status: RunStatus;
  sent: number;
  reason: string | null;
}

interface Draft {
  key: string;
  message: Message;
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/**
 * Everything one run posts, decided inside the transaction that records the run: the week's
 * prompt, the new pairs of the round, pauses for silent learners, and a ping per active pair.
 */
async function compose(
  trx: Db,
  settings: SyncSettings,
  slot: Date,
  kind: RunKind,
  now: Date,
  shippedPrompts: readonly string[],
): Promise<Draft[]> {
  const guildId = settings.guild_id;
  const drafts: Draft[] = [];
  const rotation = await promptRotation(trx, guildId, shippedPrompts);
  const prompt =
    rotation.length > 0
      ? rotation[settings.prompt_cursor % rotation.length]
      : 'What are you building this week?';
  await trx
    .updateTable('sync_settings')
    .set({ prompt_cursor: settings.prompt_cursor + 1 })
    .where('guild_id', '=', guildId)
    .execute();
  const late =
    kind === 'late'
      ? `\n*(Late: this sync-up was due <t:${unix(slot)}:f> while Nexus was offline.)*`
      : '';
  drafts.push({ key: 'prompt', message: { content: `Weekly sync-up: ${prompt}${late}` } });

  if (settings.auto_pair) {
    const formed = await formRound(trx, guildId, now);
    if (formed.length > 0) {
      drafts.push({
        key: 'pairs',
        message: {
          content: [
            'New pairs this week:',
            ...formed.map(
              (p) =>
                `• <@${p.backendId}> (backend) ↔ <@${p.frontendId}> (frontend) on **${p.project}**`,
            ),
          ].join('\n'),
          mentions: formed.flatMap((p) => [p.backendId, p.frontendId]),
        },
      });
    }
  }

  const learners = new Map((await guildLearners(trx, guildId)).map((l) => [l.user_id, l]));
  const projects = await projectNames(trx, guildId);
  const pairs = await activePairs(trx, guildId);
  for (const userId of new Set(pairs.flatMap((p) => [p.backend_id, p.frontend_id]))) {
    const learner = learners.get(userId);
    if (learner && !learner.paused && (await silentFor(trx, userId, silentWeeksBeforePause))) {
      await setPaused(trx, guildId, userId, null);
      drafts.push({
        key: `paused:${userId}`,
        message: {
          content: `<@${userId}>, you have not answered the last ${silentWeeksBeforePause} check-ins, so you are paused from new pairings. Come back any time with /project resume.`,
          mentions: [userId],
        },
      });
    }
  }

  const weekAgo = new Date(slot.getTime() - 6 * 24 * 60 * 60 * 1000).toISOString();
  for (const pair of pairs) {
    const backend = learners.get(pair.backend_id);
    const frontend = learners.get(pair.frontend_id);
    const links = [backend, frontend].flatMap((l) =>
      l
        ? [
            `**${l.user_name}** (${l.role}): ${[l.repo && `repo ${l.repo}`, l.api_docs && `API docs ${l.api_docs}`].filter(Boolean).join(' · ') || 'no links yet'}`,
          ]
        : [],
    );
    const checkIn = pair.created_at <= weekAgo;
    if (checkIn) await askCheckIn(trx, pair, slot, now);
    drafts.push({
      key: `ping:${pair.id}`,
      message: {
        content: [
          `<@${pair.backend_id}> and <@${pair.frontend_id}>, time for your weekly sync-up on **${projects.get(pair.project_slug) ?? pair.project_slug}**!`,
          ...links,
          checkIn ? 'Did you meet last week?' : undefined,
        ]
          .filter(Boolean)
          .join('\n'),
        mentions: [pair.backend_id, pair.frontend_id],
        ...(checkIn
          ? {
              buttons: [
                [
                  {
                    customId: `sync:met:${pair.id}:${weekKey(slot)}:yes`,
                    label: 'Yes, we met',
                    style: 'success' as const,
                  },
                  {
                    customId: `sync:met:${pair.id}:${weekKey(slot)}:no`,
                    label: 'Not this time',
                    style: 'secondary' as const,
                  },
                ],
              ],
            }
          : {}),
      },
    });
  }
  return drafts;
}

/**
 * Records the run and writes every message to the outbox in one transaction: a slot runs once
 * (the unique (server, slot) row), and nothing is sent that was not first recorded.
 */
export async function recordRun(
  deps: SyncDeps,
  guildId: string,
  slot: Date,
  kind: RunKind,
  now: Date,
): Promise<number | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    const settings = await trx
      .selectFrom('sync_settings')
      .selectAll()
      .where('guild_id', '=', guildId)
      .executeTakeFirst();
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
    const drafts = await compose(trx, settings, slot, kind, now, deps.shippedPrompts);
    await trx
      .insertInto('sync_outbox')
      .values(
        drafts.map((draft, index) => ({
          run_id: run.id,
          guild_id: guildId,
          channel_id: settings.channel_id,
          message_key: draft.key,
          payload: JSON.stringify(draft.message),
          nonce: `nexus-${run.id.toString(36)}-${index.toString(36)}`,
          status: 'pending' as const,
          message_id: null,
          error: null,
          created_at: now.toISOString(),
          sent_at: null,
        })),
      )
      .execute();
    return run.id;
  });
}

async function sendRow(deps: SyncDeps, row: OutboxRow, now: Date): Promise<void> {
  try {
    const { id } = await deps.poster.post(
      row.channel_id,
      JSON.parse(row.payload) as Message,
      row.nonce,
    );
    await deps.db
      .updateTable('sync_outbox')
      .set({ status: 'sent', message_id: id, sent_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.log.warn(
      {
        ref: newErrorRef(),
        guildId: row.guild_id,
        channelId: row.channel_id,
        key: row.message_key,
        reason,
        permanent: error instanceof PostError && error.permanent,
      },
      'sync-up message not posted',
    );
    await deps.db
      .updateTable('sync_outbox')
      .set({ status: 'failed', error: reason })
      .where('id', '=', row.id)
      .execute();
    if (error instanceof PostError && error.channelGone) {
      await loseChannel(deps.db, row.guild_id, row.channel_id, now);
    }
  }
}

/** A run's status follows its messages: any unknown, then any failed, else posted. */
async function settleRun(deps: SyncDeps, runId: number): Promise<RunReport> {
  const rows = await deps.db
    .selectFrom('sync_outbox')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('id')
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
      ? 'The bot stopped while posting; some messages may not have been sent.'
      : (failed?.error ?? null);
  await deps.db.updateTable('sync_runs').set({ status, reason }).where('id', '=', runId).execute();
  return {
    runId,
    channelId: rows[0]?.channel_id ?? '',
    status,
    sent: rows.filter((r) => r.status === 'sent').length,
    reason,
  };
}

export async function sendRun(deps: SyncDeps, runId: number, now: Date): Promise<RunReport> {
  const rows = await deps.db
    .selectFrom('sync_outbox')
    .selectAll()
    .where('run_id', '=', runId)
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  for (const row of rows) await sendRow(deps, row, now);
  return settleRun(deps, runId);
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

/**
 * After a restart: a message recorded but not marked sent is resent with its nonce while Discord
 * still deduplicates it; older ones are marked unknown and reported, never resent blindly.
 */
export async function recoverOutbox(
  deps: SyncDeps,
  now: Date,
): Promise<{ resent: number; unknown: number }> {
  const pending = await deps.db
    .selectFrom('sync_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .orderBy('id')
    .execute();
  const runs = new Set<number>();
  let resent = 0;
  let unknown = 0;
  for (const row of pending) {
    runs.add(row.run_id);
    if (now.getTime() - Date.parse(row.created_at) <= resendWindowMs) {
      await sendRow(deps, row, now);
      resent += 1;
    } else {
      await deps.db
        .updateTable('sync_outbox')
        .set({ status: 'unknown' })
        .where('id', '=', row.id)
        .execute();
      deps.log.error(
        {
          ref: newErrorRef(),
          guildId: row.guild_id,
          key: row.message_key,
          recordedAt: row.created_at,
        },
        'sync-up message in an unknown state: recorded, maybe not posted; not resent',
      );
      unknown += 1;
    }
  }
  for (const runId of runs) await settleRun(deps, runId);
  return { resent, unknown };
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
