import { describe, expect, it } from 'vitest';
import { DailyResetSchedule } from './DailyResetSchedule';

const utc = (y: number, mo: number, d: number, h: number, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

describe('DailyResetSchedule', () => {
  const chicago = new DailyResetSchedule('17:00', 'America/Chicago');

  it('finds the reset at 17:00 Chicago time in winter (UTC-6) and summer (UTC-5)', () => {
    expect(chicago.nextResetAfter(utc(2025, 1, 6, 12))).toBe(utc(2025, 1, 6, 23));
    expect(chicago.nextResetAfter(utc(2025, 7, 1, 12))).toBe(utc(2025, 7, 1, 22));
  });

  it('moves to the next day once today\'s reset has passed, and back for the latest one', () => {
    expect(chicago.nextResetAfter(utc(2025, 1, 6, 23))).toBe(utc(2025, 1, 7, 23));
    expect(chicago.latestResetAtOrBefore(utc(2025, 1, 6, 23))).toBe(utc(2025, 1, 6, 23));
    expect(chicago.latestResetAtOrBefore(utc(2025, 1, 6, 22, 59, 59))).toBe(utc(2025, 1, 5, 23));
  });

  it('follows the zone across a daylight-saving change', () => {
    // 2025-03-09: Chicago springs forward at 02:00 local.
    expect(chicago.nextResetAfter(utc(2025, 3, 8, 23, 30))).toBe(utc(2025, 3, 9, 22));
    const early = new DailyResetSchedule('02:30', 'America/Chicago');
    // 02:30 does not exist that night: the reset comes right after the gap, 03:30 CDT.
    expect(early.nextResetAfter(utc(2025, 3, 9, 0))).toBe(utc(2025, 3, 9, 8, 30));
    // 2025-11-02: 01:30 happens twice; the first one counts.
    const ambiguous = new DailyResetSchedule('01:30', 'America/Chicago');
    expect(ambiguous.nextResetAfter(utc(2025, 11, 2, 0))).toBe(utc(2025, 11, 2, 6, 30));
  });

  it('says a sequence begun before the latest reset is due for one', () => {
    const now = utc(2025, 1, 7, 1);
    expect(chicago.isDue(utc(2025, 1, 6, 22), now)).toBe(true);
    expect(chicago.isDue(utc(2025, 1, 6, 23, 0, 1), now)).toBe(false);
  });

  it('works with seconds and other zones', () => {
    const tokyo = new DailyResetSchedule('06:15:30', 'Asia/Tokyo');
    expect(tokyo.nextResetAfter(utc(2025, 1, 6, 0))).toBe(utc(2025, 1, 6, 21, 15, 30));
  });

  it('refuses a bad time or an unknown zone with a clear error', () => {
    expect(() => new DailyResetSchedule('25:00', 'UTC')).toThrow(/HH:MM/);
    expect(() => new DailyResetSchedule('5pm', 'UTC')).toThrow(/HH:MM/);
    expect(() => new DailyResetSchedule('17:00', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
