/**
 * Time-zone arithmetic for pairing: UTC offsets at a given instant (so daylight saving is honoured)
 * and the circular distance between two zones. Pure: no I/O, no clock; the only state is a cache of
 * `Intl.DateTimeFormat` instances, which are expensive to build and never change.
 */

const MINUTES_PER_DAY = 1440;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    // Throws a RangeError for a zone the runtime does not know.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

// "GMT" (UTC on some runtimes), "GMT+05:30", "GMT-04:00", "GMT-00:01:15" (historical local mean
// time). The minus may be U+2212 on some ICU builds.
const OFFSET = /^(?:GMT|UTC)(?:([+\-\u2212])(\d{1,2})(?::?(\d{2}))?(?::?(\d{2}))?)?$/;

/** Whether `zone` is an IANA time zone (or alias) this runtime can convert to. */
export function isKnownTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Minutes to add to UTC to get local time in `timeZone` at the instant `at` (e.g. 330 for
 * Asia/Kolkata, -240 for America/New_York in July). Throws a RangeError for an unknown zone or an
 * invalid date.
 */
export function utcOffsetMinutes(timeZone: string, at: Date): number {
  if (Number.isNaN(at.getTime())) throw new RangeError('utcOffsetMinutes: invalid date');
  const parts = formatterFor(timeZone).formatToParts(at);
  const name = parts.find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = OFFSET.exec(name);
  if (match === null) throw new RangeError(`utcOffsetMinutes: unexpected offset "${name}"`);
  const [, sign, hours, minutes, seconds] = match;
  if (sign === undefined) return 0;
  const magnitude =
    Number(hours) * 60 + Number(minutes ?? 0) + Math.round(Number(seconds ?? 0) / 60);
  return sign === '+' ? magnitude : -magnitude;
}

/** Circular distance between two UTC offsets in minutes: 0..720. */
export function offsetDistanceMinutes(a: number, b: number): number {
  const d = Math.abs(a - b) % MINUTES_PER_DAY;
  return Math.min(d, MINUTES_PER_DAY - d);
}

/**
 * How far apart the clocks of two zones are at `at`, in minutes, going round the day the short way
 * (0..720): Asia/Tokyo and America/New_York are 600 apart in January, not 840.
 */
export function timezoneDistanceMinutes(a: string, b: string, at: Date): number {
  return offsetDistanceMinutes(utcOffsetMinutes(a, at), utcOffsetMinutes(b, at));
}
