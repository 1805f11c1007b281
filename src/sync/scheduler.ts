import cron from 'node-cron';
import type { SyncSettings } from '../db/schema.js';
import { newErrorRef } from '../log.js';
import { recordMissed, runSlot, type SyncDeps } from './run.js';
import { slotsBetween } from './schedule.js';
import { recoverOutbox } from './send.js';

/** A slot is on time up to a minute after it; later, within the grace window, it runs as late. */
const onTimeMs = 60 * 1000;
const slotsLookedBack = 5;

/**
 * Runs one server's job: in place and awaited (the default, for tests and one-off passes), or,
 * under the scheduler, in the background, one job per server at a time, so that a long run in one
 * server never holds up the others.
 */
export type Launch = (guildId: string, job: () => Promise<void>) => Promise<void> | undefined;
const inPlace: Launch = (_guildId, job) => job();

/** The latest due slot of one server runs (late within the grace window); older ones are missed. */
async function catchUp(deps: SyncDeps, settings: SyncSettings, now: Date): Promise<void> {
  const guildId = settings.guild_id;
  try {
    const last = await deps.db
      .selectFrom('sync_runs')
      .select((eb) => eb.fn.max('slot').as('slot'))
      .where('guild_id', '=', guildId)
      .where('kind', '!=', 'manual')
      .executeTakeFirst();
    const since = new Date(
      Math.max(Date.parse(settings.schedule_since), last?.slot ? Date.parse(last.slot) : 0),
    );
    const slots = slotsBetween(settings.cron, settings.timezone, since, now, slotsLookedBack);
    const latest = slots.pop();
    if (!latest) return;
    for (const older of slots) await recordMissed(deps, guildId, older, now);
    const lateBy = now.getTime() - latest.getTime();
    if (lateBy > settings.grace_hours * 3600 * 1000) await recordMissed(deps, guildId, latest, now);
    else await runSlot(deps, guildId, latest, lateBy > onTimeMs ? 'late' : 'scheduled', now);
  } catch (error) {
    deps.log.error({ err: error, ref: newErrorRef(), guildId }, 'sync-up run failed');
  }
}

/**
 * One pass over every server's schedule at `now`. Only slots after the schedule was created,
 * changed or resumed count, and a server whose sync-up channel was deleted is skipped.
 */
export async function tick(deps: SyncDeps, now: Date, launch: Launch = inPlace): Promise<void> {
  try {
    const schedules = await deps.db
      .selectFrom('sync_settings')
      .selectAll()
      .where('paused', '=', 0)
      .where('channel_lost_at', 'is', null)
      .execute();
    for (const settings of schedules)
      await launch(settings.guild_id, () => catchUp(deps, settings, now));
  } catch (error) {
    deps.log.error({ err: error, ref: newErrorRef() }, 'sync-up schedules could not be read');
  }
}

/** How long stopping waits for the runs under way, after asking them to stop between messages. */
export const stopWithinMs = 5000;

/**
 * Recovers the outbox, then checks every minute. The clock is injected; node-cron only says when
 * to look, the decisions are tick()'s. Each server's run goes on in the background, one at a time
 * per server. Stopping stops the timer, asks the runs to stop between two messages (what is not
 * sent stays pending for the next start) and waits for them at most `stopWithinMs`. `onTick` hears
 * every check as it starts, for a health check to tell a live timer from a stopped one.
 */
export async function startScheduler(
  deps: SyncDeps,
  clock: () => Date,
  onTick: (at: Date) => void = () => undefined,
): Promise<() => Promise<void>> {
  const stopping = new AbortController();
  const running = { ...deps, signal: stopping.signal };
  const jobs = new Map<string, Promise<void>>();
  const inBackground: Launch = (key, job) => {
    if (jobs.has(key) || stopping.signal.aborted) return undefined;
    const started = job().finally(() => jobs.delete(key));
    jobs.set(key, started);
    return undefined;
  };
  inBackground('outbox recovery', async () => {
    try {
      await recoverOutbox(running, clock());
    } catch (error) {
      deps.log.error({ err: error, ref: newErrorRef() }, 'sync-up outbox recovery failed');
    }
  });
  const check = () => {
    const now = clock();
    onTick(now);
    return tick(running, now, inBackground);
  };
  await check();
  const task = cron.schedule('* * * * *', check, { name: 'nexus-sync', noOverlap: true });
  return async () => {
    stopping.abort();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), stopWithinMs);
    });
    await task.stop();
    const finished = await Promise.race([Promise.all(jobs.values()), bound]);
    clearTimeout(timer);
    if (finished === 'late') {
      deps.log.warn(
        { jobs: [...jobs.keys()] },
        'sync-up runs still under way at shutdown; they resume on the next start',
      );
    }
  };
}
