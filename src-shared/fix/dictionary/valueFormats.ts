import { parseUtcTimestampBytes } from '../codec/utcTimestamp';

/**
 * Value format checks by FIX data type, as QuickFIX's field convertors check them (a type
 * QuickFIX reads as plain text is not checked here either), over the bytes of one value.
 */
export type FormatCheck = (bytes: Uint8Array, start: number, end: number) => boolean;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Optional '-', then one or more digits. */
export const isFixInt: FormatCheck = (b, start, end) => {
  let i = start;
  if (i < end && b[i] === 0x2d) i++;
  if (i >= end) return false;
  for (; i < end; i++) if (!isDigit(b[i]!)) return false;
  return true;
};

/** Optional '-', digits, optional '.' and digits, at least one digit; no exponent, no '+'. */
export const isFixDecimal: FormatCheck = (b, start, end) => {
  let i = start;
  if (i < end && b[i] === 0x2d) i++;
  let digits = 0;
  while (i < end && isDigit(b[i]!)) {
    i++;
    digits++;
  }
  if (i < end && b[i] === 0x2e) {
    i++;
    while (i < end && isDigit(b[i]!)) {
      i++;
      digits++;
    }
  }
  return i === end && digits > 0;
};

export const isFixChar: FormatCheck = (_b, start, end) => end - start === 1;

export const isFixBoolean: FormatCheck = (b, start, end) => end - start === 1 && (b[start] === 0x59 || b[start] === 0x4e);

export const isUtcTimestamp: FormatCheck = (b, start, end) => end - start <= 27 && parseUtcTimestampBytes(b, start, end) !== undefined;

/** Scratch for date-only and time-only values, completed into a whole timestamp. */
const scratch = new Uint8Array(32);
const EPOCH_DATE = [0x31, 0x39, 0x37, 0x30, 0x30, 0x31, 0x30, 0x31, 0x2d]; // "19700101-"
const MIDNIGHT = [0x2d, 0x30, 0x30, 0x3a, 0x30, 0x30, 0x3a, 0x30, 0x30]; // "-00:00:00"

/** YYYYMMDD, a real calendar date. */
export const isUtcDate: FormatCheck = (b, start, end) => {
  if (end - start !== 8) return false;
  scratch.set(b.subarray(start, end));
  scratch.set(MIDNIGHT, 8);
  return parseUtcTimestampBytes(scratch, 0, 17) !== undefined;
};

/** HH:MM:SS with an optional fraction. */
export const isUtcTimeOnly: FormatCheck = (b, start, end) => {
  const length = end - start;
  if (length < 8 || length > 18) return false;
  scratch.set(EPOCH_DATE);
  scratch.set(b.subarray(start, end), 9);
  return parseUtcTimestampBytes(scratch, 0, 9 + length) !== undefined;
};

/** The check for a QuickFIX XML type name, or undefined for types read as plain text. */
export function formatCheckFor(type: string): FormatCheck | undefined {
  switch (type) {
    case 'INT':
    case 'LENGTH':
    case 'NUMINGROUP':
    case 'SEQNUM':
      return isFixInt;
    case 'PRICE':
    case 'AMT':
    case 'QTY':
    case 'FLOAT':
    case 'PRICEOFFSET':
    case 'PERCENTAGE':
      return isFixDecimal;
    case 'CHAR':
      return isFixChar;
    case 'BOOLEAN':
      return isFixBoolean;
    case 'UTCTIMESTAMP':
      return isUtcTimestamp;
    case 'UTCDATE':
    case 'UTCDATEONLY':
      return isUtcDate;
    case 'UTCTIMEONLY':
      return isUtcTimeOnly;
    default:
      return undefined;
  }
}

/** Types whose value is a space-separated list, each item checked against the enums. */
export function isMultipleValueType(type: string): boolean {
  return type === 'MULTIPLEVALUESTRING' || type === 'MULTIPLESTRINGVALUE' || type === 'MULTIPLECHARVALUE';
}
