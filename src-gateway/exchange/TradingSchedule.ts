import { DateTime } from 'luxon';

/** 1 = Monday … 7 = Sunday (ISO, as luxon counts). */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/**
 * One weekly session in the exchange's local time: it opens on `openDay` at `openTime`
 * ("HH:mm") and closes at the next `closeDay` `closeTime` after that (so Sun 17:00 → Mon
 * 16:00 is one session).
 */
export interface WeeklySession {
  openDay: Weekday;
  openTime: string;
  closeDay: Weekday;
  closeTime: string;
}

export interface ScheduleChange {
  at: number;
  open: boolean;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function parseTime(text: string): { hour: number; minute: number } {
  const m = TIME.exec(text);
  if (!m) throw new Error(`trading time "${text}" is not HH:mm`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/**
 * An exchange's weekly trading hours in its IANA zone, so daylight-saving changes move the
 * UTC instants as they do on the real exchange. A local time that does not exist on a
 * spring-forward day moves forward by the length of the gap (02:30 → 03:30), as luxon does.
 */
export class TradingSchedule {
  private readonly times: { open: { hour: number; minute: number }; close: { hour: number; minute: number }; s: WeeklySession }[];

  constructor(
    readonly zone: string,
    readonly sessions: readonly WeeklySession[],
  ) {
    if (!DateTime.now().setZone(zone).isValid) throw new Error(`unknown time zone "${zone}"`);
    this.times = sessions.map((s) => {
      for (const day of [s.openDay, s.closeDay]) {
        if (!Number.isInteger(day) || day < 1 || day > 7) throw new Error(`weekday ${day} is not 1 (Monday) … 7 (Sunday)`);
      }
      return { open: parseTime(s.openTime), close: parseTime(s.closeTime), s };
    });
  }

  isOpen(epochMs: number): boolean {
    return this.intervalsAround(epochMs).some(([from, to]) => from <= epochMs && epochMs < to);
  }

  /** The first open or close strictly after `epochMs`, or undefined for a schedule with no sessions. */
  nextChange(epochMs: number): ScheduleChange | undefined {
    let best: ScheduleChange | undefined;
    for (const [from, to] of this.intervalsAround(epochMs)) {
      if (from > epochMs && (!best || from < best.at)) best = { at: from, open: true };
      if (to > epochMs && (!best || to < best.at)) best = { at: to, open: false };
    }
    return best;
  }

  /** "Sun 17:00–Mon 16:00, … America/Chicago", for instrument discovery. */
  describe(): string {
    const parts = this.sessions.map((s) => `${DAY_NAMES[s.openDay]} ${s.openTime}–${DAY_NAMES[s.closeDay]} ${s.closeTime}`);
    return `${parts.join(', ')} ${this.zone}`;
  }

  /**
   * Sessions that open in the local weeks before, of and after `epochMs`, as merged
   * [open, close) intervals in epoch ms: every change within a week of `epochMs` is among
   * their ends.
   */
  private intervalsAround(epochMs: number): [number, number][] {
    const week = DateTime.fromMillis(epochMs, { zone: this.zone }).startOf('week');
    const raw: [number, number][] = [];
    for (const offset of [-1, 0, 1]) {
      const monday = week.plus({ weeks: offset });
      for (const { open, close, s } of this.times) {
        const opens = monday.plus({ days: s.openDay - 1 }).set({ ...open, second: 0, millisecond: 0 });
        let closes = monday.plus({ days: s.closeDay - 1 }).set({ ...close, second: 0, millisecond: 0 });
        if (closes.toMillis() <= opens.toMillis()) closes = closes.plus({ weeks: 1 });
        raw.push([opens.toMillis(), closes.toMillis()]);
      }
    }
    raw.sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const interval of raw) {
      const last = merged[merged.length - 1];
      if (last && interval[0] <= last[1]) last[1] = Math.max(last[1], interval[1]);
      else merged.push([interval[0], interval[1]]);
    }
    return merged;
  }
}

/** Every occurrence of a local time on chosen weekdays in a zone (a benchmark fixing time). */
export class DailyTime {
  private readonly time: { hour: number; minute: number };

  constructor(
    readonly zone: string,
    readonly localTime: string,
    readonly weekdays: readonly Weekday[] = [1, 2, 3, 4, 5],
  ) {
    if (!DateTime.now().setZone(zone).isValid) throw new Error(`unknown time zone "${zone}"`);
    if (weekdays.length === 0) throw new Error('a daily time needs at least one weekday');
    this.time = parseTime(localTime);
  }

  /** The first occurrence strictly after `epochMs`. */
  nextAfter(epochMs: number): number {
    let day = DateTime.fromMillis(epochMs, { zone: this.zone }).startOf('day');
    for (let i = 0; i < 15; i++, day = day.plus({ days: 1 })) {
      if (!this.weekdays.includes(day.weekday as Weekday)) continue;
      const at = day.set({ ...this.time, second: 0, millisecond: 0 }).toMillis();
      if (at > epochMs) return at;
    }
    throw new Error(`no occurrence of ${this.localTime} ${this.zone} on the chosen weekdays`);
  }
}
