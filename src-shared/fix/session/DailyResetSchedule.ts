/**
 * A daily session reset at a wall-clock time in an IANA time zone (e.g. 17:00 America/Chicago,
 * the CME day boundary). Pure: every answer is computed from the epoch ms it is given, using the
 * runtime's time-zone database (Intl), so daylight-saving changes fall where the zone says.
 */
export class DailyResetSchedule {
  private readonly hour: number;
  private readonly minute: number;
  private readonly second: number;
  private readonly parts: Intl.DateTimeFormat;

  /** `time` is HH:MM or HH:MM:SS (24 h); throws on a bad time or an unknown zone. */
  constructor(
    readonly time: string,
    readonly timeZone: string,
  ) {
    const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time);
    const hour = m ? Number(m[1]) : NaN;
    const minute = m ? Number(m[2]) : NaN;
    const second = m?.[3] !== undefined ? Number(m[3]) : 0;
    if (!(hour <= 23 && minute <= 59 && second <= 59)) {
      throw new RangeError(`reset time must be HH:MM or HH:MM:SS, got "${time}"`);
    }
    this.hour = hour;
    this.minute = minute;
    this.second = second;
    try {
      this.parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone "${timeZone}"`);
    }
  }

  /** The last reset instant at or before `now`. */
  latestResetAtOrBefore(now: number): number {
    const w = this.wallClock(now);
    let at = this.resetOnDay(w.year, w.month, w.day);
    if (at > now) at = this.resetOnDay(w.year, w.month, w.day - 1);
    return at;
  }

  /** The first reset instant after `now`. */
  nextResetAfter(now: number): number {
    const w = this.wallClock(now);
    let at = this.resetOnDay(w.year, w.month, w.day);
    if (at <= now) at = this.resetOnDay(w.year, w.month, w.day + 1);
    return at;
  }

  /** Whether a sequence that began at `creationTime` has crossed a reset by `now`. */
  isDue(creationTime: number, now: number): boolean {
    return creationTime < this.latestResetAtOrBefore(now);
  }

  /** The reset instant on a calendar day of the zone (day may over/underflow the month). */
  private resetOnDay(year: number, month: number, day: number): number {
    const wall = Date.UTC(year, month - 1, day, this.hour, this.minute, this.second);
    // The zone's offset at the wall time read as UTC is right except near a DST change; a
    // second look at the candidate settles it. A wall time skipped by DST lands just after.
    const firstOffset = this.offsetAt(wall);
    const first = wall - firstOffset;
    const secondOffset = this.offsetAt(first);
    if (secondOffset === firstOffset) return first;
    const second = wall - secondOffset;
    return this.offsetAt(second) === secondOffset ? second : Math.max(first, second);
  }

  /** Zone offset (wall − UTC) in ms at an instant. */
  private offsetAt(instant: number): number {
    const w = this.wallClock(instant);
    const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    return wallAsUtc - Math.floor(instant / 1000) * 1000;
  }

  private wallClock(instant: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
    const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const p of this.parts.formatToParts(instant)) {
      if (p.type === 'year') out.year = Number(p.value);
      else if (p.type === 'month') out.month = Number(p.value);
      else if (p.type === 'day') out.day = Number(p.value);
      else if (p.type === 'hour') out.hour = Number(p.value);
      else if (p.type === 'minute') out.minute = Number(p.value);
      else if (p.type === 'second') out.second = Number(p.value);
    }
    return out;
  }
}
