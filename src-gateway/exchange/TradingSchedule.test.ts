import { describe, expect, it } from 'vitest';
import { CME, EUREX, FXALL, ICE } from './demo/demoExchanges';
import { DailyTime, TradingSchedule } from './TradingSchedule';

const utc = (iso: string) => Date.parse(`${iso}Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 16);

function changes(schedule: TradingSchedule, fromIso: string, count: number): string[] {
  const out: string[] = [];
  let t = utc(fromIso);
  for (let i = 0; i < count; i++) {
    const c = schedule.nextChange(t)!;
    out.push(`${c.open ? 'open' : 'close'} ${iso(c.at)}`);
    t = c.at;
  }
  return out;
}

const schedule = (def: typeof CME) => new TradingSchedule(def.hours.zone, def.hours.sessions);

describe('TradingSchedule', () => {
  it('CME Globex: 17:00–16:00 Chicago with the daily halt, across the end of US daylight saving (1 Nov 2026)', () => {
    expect(changes(schedule(CME), '2026-10-30T12:00', 5)).toEqual([
      'close 2026-10-30T21:00', // Friday 16:00 CDT
      'open 2026-11-01T23:00', // Sunday 17:00 CST
      'close 2026-11-02T22:00', // Monday 16:00 CST
      'open 2026-11-02T23:00',
      'close 2026-11-03T22:00',
    ]);
  });

  it('CME Globex across the start of US daylight saving (8 Mar 2026)', () => {
    expect(changes(schedule(CME), '2026-03-06T12:00', 3)).toEqual([
      'close 2026-03-06T22:00', // Friday 16:00 CST
      'open 2026-03-08T22:00', // Sunday 17:00 CDT
      'close 2026-03-09T21:00',
    ]);
  });

  it('is open inside a session, closed in the halt and over the weekend', () => {
    const cme = schedule(CME);
    expect(cme.isOpen(utc('2026-11-18T15:00'))).toBe(true); // Wednesday 09:00 CST
    expect(cme.isOpen(utc('2026-11-18T22:30'))).toBe(false); // 16:30 CST halt
    expect(cme.isOpen(utc('2026-11-18T22:00'))).toBe(false); // the close instant itself is closed
    expect(cme.isOpen(utc('2026-11-18T23:00'))).toBe(true); // reopen instant is open
    expect(cme.isOpen(utc('2026-11-21T12:00'))).toBe(false); // Saturday
    expect(cme.isOpen(utc('2026-11-22T23:30'))).toBe(true); // Sunday evening session
  });

  it('Eurex 01:10–22:00 Frankfurt across the end of European summer time (25 Oct 2026)', () => {
    expect(changes(schedule(EUREX), '2026-10-23T12:00', 3)).toEqual([
      'close 2026-10-23T20:00', // Friday 22:00 CEST
      'open 2026-10-26T00:10', // Monday 01:10 CET
      'close 2026-10-26T21:00', // Monday 22:00 CET
    ]);
  });

  it('ICE 01:00–23:00 London, and US/European clocks out of step in March', () => {
    expect(changes(schedule(ICE), '2026-03-27T12:00', 3)).toEqual([
      'close 2026-03-27T23:00', // Friday 23:00 GMT
      'open 2026-03-30T00:00', // Monday 01:00 BST
      'close 2026-03-30T22:00',
    ]);
  });

  it('FXALL runs Sunday 17:00 to Friday 17:00 New York without a daily break', () => {
    expect(changes(schedule(FXALL), '2026-11-16T12:00', 3)).toEqual(['close 2026-11-20T22:00', 'open 2026-11-22T22:00', 'close 2026-11-27T22:00']);
  });

  it('a local open time that does not exist on a spring-forward day opens at the end of the gap', () => {
    const s = new TradingSchedule('Europe/Berlin', [{ openDay: 7, openTime: '02:30', closeDay: 7, closeTime: '12:00' }]);
    expect(changes(s, '2026-03-28T12:00', 2)).toEqual(['open 2026-03-29T01:30', 'close 2026-03-29T10:00']);
    expect(changes(s, '2026-03-21T12:00', 1)).toEqual(['open 2026-03-22T01:30']);
  });

  it('merges touching sessions and describes itself', () => {
    const s = new TradingSchedule('UTC', [
      { openDay: 1, openTime: '00:00', closeDay: 1, closeTime: '12:00' },
      { openDay: 1, openTime: '12:00', closeDay: 2, closeTime: '00:00' },
    ]);
    expect(changes(s, '2026-11-15T12:00', 2)).toEqual(['open 2026-11-16T00:00', 'close 2026-11-17T00:00']);
    expect(schedule(CME).describe()).toMatch(/^Sun 17:00–Mon 16:00, .* America\/Chicago$/);
  });

  it('refuses a bad zone, time or weekday', () => {
    expect(() => new TradingSchedule('Mars/Olympus', [])).toThrow(/unknown time zone/);
    expect(() => new TradingSchedule('UTC', [{ openDay: 1, openTime: '25:00', closeDay: 1, closeTime: '12:00' }])).toThrow(/HH:mm/);
    expect(() => new TradingSchedule('UTC', [{ openDay: 0 as 1, openTime: '01:00', closeDay: 1, closeTime: '12:00' }])).toThrow(/weekday/);
    expect(new TradingSchedule('UTC', []).nextChange(0)).toBeUndefined();
  });
});

describe('DailyTime', () => {
  it('ECB 14:15 Frankfurt and WMR 16:00 London on weekdays, in summer and winter time', () => {
    const ecb = new DailyTime('Europe/Berlin', '14:15');
    const wmr = new DailyTime('Europe/London', '16:00');
    expect(iso(ecb.nextAfter(utc('2026-07-01T00:00')))).toBe('2026-07-01T12:15');
    expect(iso(ecb.nextAfter(utc('2026-11-20T13:15')))).toBe('2026-11-23T13:15'); // Friday's has passed: Monday
    expect(iso(wmr.nextAfter(utc('2026-07-03T15:00')))).toBe('2026-07-06T15:00');
    expect(iso(wmr.nextAfter(utc('2026-11-18T00:00')))).toBe('2026-11-18T16:00');
  });
});
