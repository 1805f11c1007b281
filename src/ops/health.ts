import type { Db } from '../db/schema.js';

/** The scheduler checks every minute; two minutes without a check means its timer stopped. */
export const schedulerSilentAfterMs = 2 * 60 * 1000;

export interface Check {
  ok: boolean;
  detail: string;
}

export interface HealthSources {
  /** Whether members can reach the bot: a ready gateway session, or the console reading input. */
  connection: () => Check;
  /** Rejects with the database's error unless it takes a write. */
  probeDatabase: (now: Date) => Promise<void>;
  /** When the scheduler's timer last fired; undefined before it started. */
  lastTick: () => Date | undefined;
  now: () => Date;
}

export interface HealthReport {
  healthy: boolean;
  /** What is wrong, one line each, named by check: `database: disk I/O error`. */
  problems: string[];
  checks: { connection: Check; database: Check; scheduler: Check };
}

/** Rewrites the single probe row: a real write, committed, touching nobody's data. */
export async function probeDatabase(db: Db, now: Date): Promise<void> {
  const checkedAt = now.toISOString();
  await db
    .insertInto('health_probe')
    .values({ id: 1, checked_at: checkedAt })
    .onConflict((oc) => oc.column('id').doUpdateSet({ checked_at: checkedAt }))
    .execute();
}

/**
 * Healthy when members can reach the bot, the database takes a write and the scheduler's timer
 * fired within `schedulerSilentAfterMs` (a long sync-up run goes on beside the timer, so it stays
 * healthy).
 */
export async function checkHealth(sources: HealthSources): Promise<HealthReport> {
  const now = sources.now();
  const database = await sources.probeDatabase(now).then(
    (): Check => ({ ok: true, detail: 'takes writes' }),
    (error: unknown): Check => ({
      ok: false,
      detail: error instanceof Error ? error.message : String(error),
    }),
  );
  const checks = { connection: sources.connection(), database, scheduler: scheduler(sources, now) };
  const problems = Object.entries(checks)
    .filter(([, check]) => !check.ok)
    .map(([name, check]) => `${name}: ${check.detail}`);
  return { healthy: problems.length === 0, problems, checks };
}

function scheduler(sources: HealthSources, now: Date): Check {
  const last = sources.lastTick();
  if (!last) return { ok: false, detail: 'not started' };
  const seconds = Math.round((now.getTime() - last.getTime()) / 1000);
  return {
    ok: now.getTime() - last.getTime() <= schedulerSilentAfterMs,
    detail: `last checked the schedules ${seconds} s ago`,
  };
}
