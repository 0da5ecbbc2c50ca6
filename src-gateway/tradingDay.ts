import { DateTime } from 'luxon';

// The gateway's trading day rolls at 17:00 New York time, as CME Globex and the FX market do:
// an order at 18:00 on Sunday belongs to Monday's trading day.
const zone = 'America/New_York';
const rollHour = 17;

const hourMs = 3_600_000;
let cachedHour = Number.NaN;
let cachedDay = '';

/**
 * The trading day of an instant. New York's offset changes, DST switches and the 17:00 roll
 * all fall on whole UTC hours, so the answer is the same for a whole UTC hour: computed once
 * per hour (zone arithmetic costs tens of µs, and every execution asks).
 */
export function tradingDayOf(epochMs: number): string {
  const hour = Math.floor(epochMs / hourMs);
  if (hour !== cachedHour) {
    const local = DateTime.fromMillis(hour * hourMs, { zone });
    cachedDay = (local.hour >= rollHour ? local.plus({ days: 1 }) : local).toISODate()!;
    cachedHour = hour;
  }
  return cachedDay;
}
