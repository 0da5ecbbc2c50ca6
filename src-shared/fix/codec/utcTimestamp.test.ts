import { describe, expect, it } from 'vitest';
import { parseUtcTimestamp, utcTimestamp } from './utcTimestamp';

describe('utcTimestamp', () => {
  it('formats epoch milliseconds as YYYYMMDD-HH:MM:SS.sss in UTC', () => {
    expect(utcTimestamp(Date.UTC(2015, 5, 11, 17, 41, 56, 934))).toBe('20150611-17:41:56.934');
    expect(utcTimestamp(0)).toBe('19700101-00:00:00.000');
    expect(utcTimestamp(Date.UTC(2024, 1, 29, 23, 59, 59, 999))).toBe('20240229-23:59:59.999');
    expect(utcTimestamp(Date.UTC(2026, 10, 22, 9, 5, 3, 7) + 0.9)).toBe('20261122-09:05:03.007');
  });

  it('agrees with Date across days, years and leap years', () => {
    for (let t = Date.UTC(1999, 11, 31); t < Date.UTC(2101, 0, 2); t += 86_400_000 * 13 + 3_601_001) {
      const iso = new Date(t).toISOString();
      const expected = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 23)}`;
      expect(utcTimestamp(t)).toBe(expected);
      expect(parseUtcTimestamp(expected)).toBe(t);
    }
  });

  it('parses seconds, milliseconds and finer fractions', () => {
    expect(parseUtcTimestamp('20150611-17:41:56')).toBe(Date.UTC(2015, 5, 11, 17, 41, 56));
    expect(parseUtcTimestamp('20150611-17:41:56.9')).toBe(Date.UTC(2015, 5, 11, 17, 41, 56, 900));
    expect(parseUtcTimestamp('20150611-17:41:56.934')).toBe(Date.UTC(2015, 5, 11, 17, 41, 56, 934));
    expect(parseUtcTimestamp('20150611-17:41:56.934567891')).toBe(Date.UTC(2015, 5, 11, 17, 41, 56, 934));
    expect(parseUtcTimestamp('20161231-23:59:60')).toBe(Date.UTC(2017, 0, 1));
  });

  it('rejects what is not a UTCTimestamp', () => {
    for (const bad of [
      '',
      '20150611',
      '20150611 17:41:56',
      '20151311-17:41:56',
      '20150631-17:41:56',
      '20150229-17:41:56',
      '20150611-24:00:00',
      '20150611-17:60:00',
      '20150611-17:41:61',
      '20150611-17:41:56.',
      '20150611-17:41:56.1234567890',
      '20150611-17:41:56,123',
      '2015061a-17:41:56',
      '20150611-17:41:56.12a',
    ]) {
      expect(parseUtcTimestamp(bad), bad).toBeUndefined();
    }
  });
});
