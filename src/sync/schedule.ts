import { Cron } from 'croner';
import cronstrue from 'cronstrue';

/** Pure schedule arithmetic over a cron expression in an IANA timezone (DST-aware, via croner). */

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function cron(expression: string, timezone: string): Cron {
  return new Cron(expression, { timezone, paused: true });
}

/** Undefined when valid; otherwise why not. Five fields only: minute hour day month weekday. */
export function cronProblem(expression: string): string | undefined {
  if (expression.trim().split(/\s+/).length !== 5)
    return 'it needs five fields: minute hour day month weekday';
  try {
    cron(expression, 'UTC');
    return undefined;
  } catch (error) {
    return error instanceof Error
      ? error.message.replace(/^CronPattern: /, '')
      : 'it is not a cron expression';
  }
}

/** "every Monday at 09:00, Africa/Lagos"; unusual expressions in cronstrue's words. */
export function describeSchedule(expression: string, timezone: string): string {
  const [minute, hour, day, month, weekday] = expression.trim().split(/\s+/);
  const time =
    /^\d+$/.test(minute ?? '') && /^\d+$/.test(hour ?? '')
      ? `${hour?.padStart(2, '0')}:${minute?.padStart(2, '0')}`
      : undefined;
  if (time && day === '*' && month === '*') {
    if (weekday === '*') return `every day at ${time}, ${timezone}`;
    if (/^[0-7]$/.test(weekday ?? ''))
      return `every ${weekdays[Number(weekday) % 7]} at ${time}, ${timezone}`;
  }
  const words = cronstrue.toString(expression, { use24HourTimeFormat: true });
  return `${words.charAt(0).toLowerCase()}${words.slice(1)}, ${timezone}`;
}

export function nextSlots(
  expression: string,
  timezone: string,
  after: Date,
  count: number,
): Date[] {
  return cron(expression, timezone).nextRuns(count, after);
}

/** Slots in (since, now], oldest first, at most `cap` of the most recent. */
export function slotsBetween(
  expression: string,
  timezone: string,
  since: Date,
  now: Date,
  cap: number,
): Date[] {
  const recent = cron(expression, timezone).previousRuns(cap, new Date(now.getTime() + 1));
  return recent
    .filter((slot) => slot > since && slot <= now)
    .sort((a, b) => a.getTime() - b.getTime());
}

/** The ISO week a slot falls in, in the schedule's timezone: "2026-W49". */
export function isoWeek(slot: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(slot);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(part('year'), part('month') - 1, part('day'));
  // The week's Thursday decides its year (ISO 8601).
  const weekday = (new Date(local).getUTCDay() + 6) % 7;
  const thursday = new Date(local + (3 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}
