import { expect, it } from 'vitest';
import { tradingDayOf } from './tradingDay';

it('rolls the trading day at 17:00 New York time, across daylight saving', () => {
  expect(tradingDayOf(Date.parse('2026-11-23T21:59:59Z'))).toBe('2026-11-23'); // 16:59:59 EST
  expect(tradingDayOf(Date.parse('2026-11-23T22:00:00Z'))).toBe('2026-11-24'); // 17:00 EST
  expect(tradingDayOf(Date.parse('2026-07-01T20:59:59Z'))).toBe('2026-07-01'); // 16:59:59 EDT
  expect(tradingDayOf(Date.parse('2026-07-01T21:00:00Z'))).toBe('2026-07-02'); // 17:00 EDT
});
