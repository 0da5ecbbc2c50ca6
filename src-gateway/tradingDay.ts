import { DateTime } from 'luxon';

// The gateway's trading day rolls at 17:00 New York time, as CME Globex and the FX market do:
// an order at 18:00 on Sunday belongs to Monday's trading day.
const zone = 'America/New_York';
const rollHour = 17;

export function tradingDayOf(epochMs: number): string {
  const local = DateTime.fromMillis(epochMs, { zone });
  const day = local.hour >= rollHour ? local.plus({ days: 1 }) : local;
  return day.toISODate()!;
}
