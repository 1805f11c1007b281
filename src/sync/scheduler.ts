import cron from 'node-cron';
import { newErrorRef } from '../log.js';
import { recordMissed, recoverOutbox, runSlot, type SyncDeps } from './run.js';
import { slotsBetween } from './schedule.js';

/** A slot is on time up to a minute after it; later, within the grace window, it runs as late. */
const onTimeMs = 60 * 1000;
const slotsLookedBack = 5;

/**
 * One pass over every server's schedule at `now`: the latest due slot runs (late if the bot was
 * down at the time, but within the grace window); older or out-of-window slots are recorded as
 * missed. Only slots after the schedule was created, changed or resumed count.
 */
export async function tick(deps: SyncDeps, now: Date): Promise<void> {
  const schedules = await deps.db
    .selectFrom('sync_settings')
    .selectAll()
    .where('paused', '=', 0)
    .where('channel_lost_at', 'is', null)
    .execute();
  for (const settings of schedules) {
    try {
      const last = await deps.db
        .selectFrom('sync_runs')
        .select((eb) => eb.fn.max('slot').as('slot'))
        .where('guild_id', '=', settings.guild_id)
        .where('kind', '!=', 'manual')
        .executeTakeFirst();
      const since = new Date(
        Math.max(Date.parse(settings.schedule_since), last?.slot ? Date.parse(last.slot) : 0),
      );
      const slots = slotsBetween(settings.cron, settings.timezone, since, now, slotsLookedBack);
      const latest = slots.pop();
      if (!latest) continue;
      for (const older of slots) await recordMissed(deps, settings.guild_id, older, now);
      const lateBy = now.getTime() - latest.getTime();
      if (lateBy > settings.grace_hours * 3600 * 1000)
        await recordMissed(deps, settings.guild_id, latest, now);
      else
        await runSlot(
          deps,
          settings.guild_id,
          latest,
          lateBy > onTimeMs ? 'late' : 'scheduled',
          now,
        );
    } catch (error) {
      deps.log.error(
        { err: error, ref: newErrorRef(), guildId: settings.guild_id },
        'sync-up run failed',
      );
    }
  }
}

/**
 * Recovers the outbox, catches up, then checks every minute. The clock is injected; node-cron only
 * says when to look, the decisions are tick()'s.
 */
export async function startScheduler(
  deps: SyncDeps,
  clock: () => Date,
): Promise<() => Promise<void>> {
  await recoverOutbox(deps, clock());
  let running: Promise<void> = tick(deps, clock());
  await running;
  const task = cron.schedule(
    '* * * * *',
    () => {
      running = running.then(() => tick(deps, clock()));
      return running;
    },
    { name: 'nexus-sync', noOverlap: true },
  );
  return async () => {
    await task.stop();
    await running;
  };
}
