import type { Db, SyncSettings } from '../db/schema.js';

export const defaultCron = '0 9 * * 1';
export const defaultGraceHours = 6;

export async function getSettings(db: Db, guildId: string): Promise<SyncSettings | undefined> {
  return db
    .selectFrom('sync_settings')
    .selectAll()
    .where('guild_id', '=', guildId)
    .executeTakeFirst();
}

/** Creates the server's schedule with the defaults if it has none; the schedule starts now. */
export async function ensureSettings(
  db: Db,
  guildId: string,
  defaults: { channelId: string; timezone: string; now: Date },
): Promise<SyncSettings> {
  await db
    .insertInto('sync_settings')
    .values({
      guild_id: guildId,
      channel_id: defaults.channelId,
      cron: defaultCron,
      timezone: defaults.timezone,
      paused: 0,
      auto_pair: 1,
      grace_hours: defaultGraceHours,
      prompt_cursor: 0,
      schedule_since: defaults.now.toISOString(),
      channel_lost_at: null,
    })
    .onConflict((oc) => oc.column('guild_id').doNothing())
    .execute();
  return (await getSettings(db, guildId)) as SyncSettings;
}

export interface SettingsChange {
  channelId?: string | undefined;
  cron?: string | undefined;
  timezone?: string | undefined;
  autoPair?: boolean | undefined;
  graceHours?: number | undefined;
  paused?: boolean | undefined;
}

/** Applies what is given and keeps the rest; a new cron or timezone restarts the schedule now. */
export async function updateSettings(
  db: Db,
  guildId: string,
  change: SettingsChange,
  now: Date,
): Promise<SyncSettings> {
  const current = await getSettings(db, guildId);
  if (!current) throw new Error(`no sync settings for ${guildId}`);
  const rescheduled =
    (change.cron !== undefined && change.cron !== current.cron) ||
    (change.timezone !== undefined && change.timezone !== current.timezone);
  const values = {
    ...(change.channelId !== undefined
      ? { channel_id: change.channelId, channel_lost_at: null }
      : {}),
    ...(change.cron !== undefined ? { cron: change.cron } : {}),
    ...(change.timezone !== undefined ? { timezone: change.timezone } : {}),
    ...(change.autoPair !== undefined ? { auto_pair: change.autoPair ? 1 : 0 } : {}),
    ...(change.graceHours !== undefined ? { grace_hours: change.graceHours } : {}),
    ...(change.paused !== undefined ? { paused: change.paused ? 1 : 0 } : {}),
    // Resuming or rescheduling never posts for slots that passed in between.
    ...(rescheduled || (change.paused === false && current.paused === 1)
      ? { schedule_since: now.toISOString() }
      : {}),
  };
  // Nothing given: nothing to change.
  if (Object.keys(values).length === 0) return current;
  return db
    .updateTable('sync_settings')
    .set(values)
    .where('guild_id', '=', guildId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export type Adoption = 'created' | 'moved' | 'kept';

/**
 * Adopts a server's #prodev-project-nexus: a server without a schedule gets the default one there,
 * and a schedule whose channel was deleted moves there. A live channel, adopted or chosen with
 * /sync set, is never replaced.
 */
export async function adoptChannel(
  db: Db,
  guildId: string,
  found: { channelId: string; timezone: string; now: Date },
): Promise<Adoption> {
  const current = await getSettings(db, guildId);
  if (!current) {
    await ensureSettings(db, guildId, found);
    return 'created';
  }
  if (current.channel_lost_at === null) return 'kept';
  const moved = await db
    .updateTable('sync_settings')
    .set({ channel_id: found.channelId, channel_lost_at: null })
    .where('guild_id', '=', guildId)
    .where('channel_lost_at', 'is not', null)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows) > 0 ? 'moved' : 'kept';
}

/** The sync-up channel was deleted: remember when, so nothing posts to it again. */
export async function loseChannel(
  db: Db,
  guildId: string,
  channelId: string,
  now: Date,
): Promise<boolean> {
  const lost = await db
    .updateTable('sync_settings')
    .set({ channel_lost_at: now.toISOString() })
    .where('guild_id', '=', guildId)
    .where('channel_id', '=', channelId)
    .where('channel_lost_at', 'is', null)
    .executeTakeFirst();
  return Number(lost.numUpdatedRows) > 0;
}
