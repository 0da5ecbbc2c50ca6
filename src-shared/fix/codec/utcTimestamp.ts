/**
 * FIX UTCTimestamp: YYYYMMDD-HH:MM:SS.sss. Formatting does calendar arithmetic on integers
 * (no Date object per call) and reuses the date part within a day.
 */

const MS_PER_DAY = 86_400_000;

let cachedDay = Number.NaN;
let cachedDatePart = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** Days since 1970-01-01 → "YYYYMMDD-" (Howard Hinnant's civil_from_days). */
function datePart(days: number): string {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}${pad2(m)}${pad2(d)}-`;
}

/** The date part's char codes when it is the usual 9 ("YYYYMMDD-"), so a timestamp is one string. */
const dateCodes = new Uint16Array(9);
let lastMs = Number.NaN;
let lastText = '';

/**
 * Formats epoch milliseconds (UTC) as YYYYMMDD-HH:MM:SS.sss. Built by one String.fromCharCode
 * call (a flat string, nothing in between), and repeated within the same millisecond for free.
 */
export function utcTimestamp(epochMs: number): string {
  const ms = Math.floor(epochMs);
  if (ms === lastMs) return lastText;
  const day = Math.floor(ms / MS_PER_DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDatePart = datePart(day);
    if (cachedDatePart.length === dateCodes.length) for (let i = 0; i < dateCodes.length; i++) dateCodes[i] = cachedDatePart.charCodeAt(i);
  }
  let rem = ms - day * MS_PER_DAY;
  const h = Math.floor(rem / 3_600_000);
  rem -= h * 3_600_000;
  const min = Math.floor(rem / 60_000);
  rem -= min * 60_000;
  const sec = Math.floor(rem / 1000);
  const milli = rem - sec * 1000;
  let text: string;
  if (cachedDatePart.length !== dateCodes.length) {
    text = `${cachedDatePart}${pad2(h)}:${pad2(min)}:${pad2(sec)}.${pad3(milli)}`;
  } else {
    const d = dateCodes;
    const zero = 0x30;
    const colon = 0x3a;
    text = String.fromCharCode(
      d[0]!, d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6]!, d[7]!, d[8]!,
      zero + Math.floor(h / 10), zero + (h % 10), colon,
      zero + Math.floor(min / 10), zero + (min % 10), colon,
      zero + Math.floor(sec / 10), zero + (sec % 10), 0x2e,
      zero + Math.floor(milli / 100), zero + (Math.floor(milli / 10) % 10), zero + (milli % 10),
    );
  }
  lastMs = ms;
  lastText = text;
  return text;
}

function digits(b: ArrayLike<number>, start: number, count: number): number {
  let n = 0;
  for (let i = start; i < start + count; i++) {
    const c = b[i]! - 0x30;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Scratch bytes for parsing a string timestamp with the byte parser (no allocation). */
const scratch = new Uint8Array(32);

/**
 * Parses YYYYMMDD-HH:MM:SS with an optional fraction of 1 to 9 digits (FIX 4.4 sends
 * milliseconds; later versions and QuickFIX accept more) to epoch milliseconds, the fraction
 * truncated to the millisecond. A leap second (60) is allowed, as FIX allows it. Undefined
 * when the text is not such a timestamp.
 */
export function parseUtcTimestamp(s: string): number | undefined {
  if (s.length > scratch.length) return undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) return undefined;
    scratch[i] = c;
  }
  return parseUtcTimestampBytes(scratch, 0, s.length);
}

/** parseUtcTimestamp over bytes[start, end), for validating a value in place. */
export function parseUtcTimestampBytes(b: Uint8Array, start: number, end: number): number | undefined {
  const length = end - start;
  if (length < 17 || b[start + 8] !== 0x2d || b[start + 11] !== 0x3a || b[start + 14] !== 0x3a) return undefined;
  // Every digit is read without a branch: a byte that is not 0-9 makes `bad` negative.
  const s = start;
  const y0 = b[s]! - 0x30;
  const y1 = b[s + 1]! - 0x30;
  const y2 = b[s + 2]! - 0x30;
  const y3 = b[s + 3]! - 0x30;
  const mo0 = b[s + 4]! - 0x30;
  const mo1 = b[s + 5]! - 0x30;
  const d0 = b[s + 6]! - 0x30;
  const d1 = b[s + 7]! - 0x30;
  const h0 = b[s + 9]! - 0x30;
  const h1 = b[s + 10]! - 0x30;
  const mi0 = b[s + 12]! - 0x30;
  const mi1 = b[s + 13]! - 0x30;
  const s0 = b[s + 15]! - 0x30;
  const s1 = b[s + 16]! - 0x30;
  const bad =
    y0 | (9 - y0) | y1 | (9 - y1) | y2 | (9 - y2) | y3 | (9 - y3) | mo0 | (9 - mo0) | mo1 | (9 - mo1) | d0 | (9 - d0) | d1 | (9 - d1) |
    h0 | (9 - h0) | h1 | (9 - h1) | mi0 | (9 - mi0) | mi1 | (9 - mi1) | s0 | (9 - s0) | s1 | (9 - s1);
  if (bad < 0) return undefined;
  const y = ((y0 * 10 + y1) * 10 + y2) * 10 + y3;
  const mo = mo0 * 10 + mo1;
  const d = d0 * 10 + d1;
  const h = h0 * 10 + h1;
  const mi = mi0 * 10 + mi1;
  const sec = s0 * 10 + s1;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || sec > 60) return undefined;
  let ms = 0;
  if (length > 17) {
    const fraction = length - 18;
    if (b[s + 17] !== 0x2e || fraction < 1 || fraction > 9) return undefined;
    const f = digits(b, s + 18, fraction);
    if (f < 0) return undefined;
    ms = fraction === 3 ? f : fraction > 3 ? Math.floor(f / 10 ** (fraction - 3)) : f * 10 ** (3 - fraction);
  }
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}
