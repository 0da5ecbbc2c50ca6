export { FixFramer, checksum } from './FixFramer';
export type { FixFramerOptions, FrameResult, GarbledReason } from './FixFramer';
export { FixView, parseFixInt } from './FixView';
export { FixMessage } from './FixMessage';
export type { FixFieldValue } from './FixMessage';
export { FixEncoder } from './FixEncoder';
export type { FixEncoderOptions, HeaderFields, HeaderOrder } from './FixEncoder';
export { FixEncodeError, FixParseError } from './FixParseError';
export { formatForLog } from './formatForLog';
export { parseUtcTimestamp, parseUtcTimestampBytes, utcTimestamp } from './utcTimestamp';
export {
  dataTagOf,
  LENGTH_DATA_PAIRS,
  lengthTagOf,
  SESSION_OWNED_TAGS,
  SOH,
  STANDARD_HEADER_TAGS,
  STANDARD_TRAILER_TAGS,
} from './layout';
export { MsgType, SessionRejectReason, Tag } from './tags';
export { BusinessRejectReason, businessRejectText, SESSION_REJECT_TEXT, sessionRejectText } from './rejectReasons';
export * from './messages';
