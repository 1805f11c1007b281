import { describe, expect, it } from 'vitest';
import {
  isKnownTimeZone,
  offsetDistanceMinutes,
  timezoneDistanceMinutes,
  utcOffsetMinutes,
} from '../src/timezone.js';

const JANUARY = new Date('2025-01-15T12:00:00Z');
const JULY = new Date('2025-07-15T12:00:00Z');

describe('timezone offsets', () => {
  it('reads whole, half and quarter hour offsets, east and west', () => {
    expect(utcOffsetMinutes('UTC', JANUARY)).toBe(0);
    expect(utcOffsetMinutes('Africa/Lagos', JANUARY)).toBe(60);
    expect(utcOffsetMinutes('Asia/Kolkata', JANUARY)).toBe(330);
    expect(utcOffsetMinutes('Asia/Kathmandu', JANUARY)).toBe(345);
    expect(utcOffsetMinutes('America/St_Johns', JANUARY)).toBe(-210);
    expect(utcOffsetMinutes('Etc/GMT-14', JANUARY)).toBe(840);
  });

  it('follows daylight saving time at the given instant, in both hemispheres', () => {
    expect(utcOffsetMinutes('Europe/London', JANUARY)).toBe(0);
    expect(utcOffsetMinutes('Europe/London', JULY)).toBe(60);
    expect(utcOffsetMinutes('America/New_York', JANUARY)).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', JULY)).toBe(-240);
    expect(utcOffsetMinutes('Australia/Adelaide', JANUARY)).toBe(630);
    expect(utcOffsetMinutes('Australia/Adelaide', JULY)).toBe(570);
  });

  it('measures distance the short way round the day', () => {
    expect(timezoneDistanceMinutes('Europe/London', 'UTC', JANUARY)).toBe(0);
    expect(timezoneDistanceMinutes('Europe/London', 'UTC', JULY)).toBe(60);
    // Tokyo +9, New York -5 in January: 14 hours one way, 10 the other.
    expect(timezoneDistanceMinutes('Asia/Tokyo', 'America/New_York', JANUARY)).toBe(600);
    expect(timezoneDistanceMinutes('America/New_York', 'Asia/Tokyo', JULY)).toBe(660);
    expect(offsetDistanceMinutes(840, -720)).toBe(120);
    expect(offsetDistanceMinutes(-600, 120)).toBe(720);
  });

  it('tells known zones from unknown ones, and refuses to convert the latter', () => {
    expect(isKnownTimeZone('Africa/Nairobi')).toBe(true);
    expect(isKnownTimeZone('UTC')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
    expect(() => utcOffsetMinutes('Mars/Olympus_Mons', JANUARY)).toThrow(RangeError);
    expect(() => utcOffsetMinutes('UTC', new Date(Number.NaN))).toThrow(RangeError);
  });
});
