import { FixMessage } from '../FixMessage';
import type { FixView } from '../FixView';
import { Tag } from '../tags';
import { builder, type FieldSpec, groupEntries, reader, readFields, textIn, writeFields } from './fieldAccess';

/** Session-level (administrative) messages: typed builders and readers over FixMessage/FixView. */

export interface MsgTypeEntry {
  refMsgType: string;
  /** 'S' send or 'R' receive. */
  msgDirection?: string;
}

export interface Logon {
  /** 98; 0 = none. */
  encryptMethod: number;
  heartBtInt: number;
  resetSeqNumFlag?: boolean;
  nextExpectedMsgSeqNum?: number;
  /** NoMsgTypes (384): T4 reads RefMsgType UCG (trader logons) and V (chart data). */
  msgTypes?: MsgTypeEntry[];
  username?: string;
  password?: string;
  defaultApplExtID?: string;
  defaultCstmApplVerID?: string;
}

const LOGON_HEAD: readonly FieldSpec<Logon>[] = [
  { key: 'encryptMethod', tag: Tag.EncryptMethod, kind: 'int', required: true },
  { key: 'heartBtInt', tag: Tag.HeartBtInt, kind: 'int', required: true },
  { key: 'resetSeqNumFlag', tag: Tag.ResetSeqNumFlag, kind: 'flag' },
  { key: 'nextExpectedMsgSeqNum', tag: Tag.NextExpectedMsgSeqNum, kind: 'int' },
];
const LOGON_TAIL: readonly FieldSpec<Logon>[] = [
  { key: 'username', tag: Tag.Username },
  { key: 'password', tag: Tag.Password },
  { key: 'defaultApplExtID', tag: Tag.DefaultApplExtID },
  { key: 'defaultCstmApplVerID', tag: Tag.DefaultCstmApplVerID },
];

export function buildLogon(m: Logon, msg = new FixMessage('A')): FixMessage {
  msg.clear('A');
  writeFields(msg, m, LOGON_HEAD, true);
  if (m.msgTypes !== undefined && m.msgTypes.length > 0) {
    msg.set(Tag.NoMsgTypes, m.msgTypes.length);
    for (const e of m.msgTypes) {
      msg.add(Tag.RefMsgType, e.refMsgType);
      if (e.msgDirection !== undefined) msg.add(Tag.MsgDirection, e.msgDirection);
    }
  }
  writeFields(msg, m, LOGON_TAIL, true);
  return msg;
}

export function readLogon(view: FixView): Logon {
  const logon = { ...readFields(view, LOGON_HEAD), ...readFields(view, LOGON_TAIL) };
  const bounds = groupEntries(view, Tag.NoMsgTypes, Tag.RefMsgType);
  if (bounds.length > 0) {
    logon.msgTypes = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const entry: MsgTypeEntry = { refMsgType: view.valueAt(bounds[k]!) };
      const direction = textIn(view, Tag.MsgDirection, bounds[k]!, bounds[k + 1]!);
      if (direction !== undefined) entry.msgDirection = direction;
      logon.msgTypes.push(entry);
    }
  }
  return logon;
}

/** Whether a Logon asks for T4 multi-trader mode (372=UCG in NoMsgTypes). */
export function logonEnablesTraderLogons(view: FixView): boolean {
  const bounds = groupEntries(view, Tag.NoMsgTypes, Tag.RefMsgType);
  for (let k = 0; k + 1 < bounds.length; k++) if (view.valueAt(bounds[k]!) === 'UCG') return true;
  return false;
}

export interface Logout {
  text?: string;
}
const LOGOUT: readonly FieldSpec<Logout>[] = [{ key: 'text', tag: Tag.Text }];

export interface Heartbeat {
  testReqID?: string;
}
const HEARTBEAT: readonly FieldSpec<Heartbeat>[] = [{ key: 'testReqID', tag: Tag.TestReqID }];

export interface TestRequest {
  testReqID: string;
}
const TEST_REQUEST: readonly FieldSpec<TestRequest>[] = [{ key: 'testReqID', tag: Tag.TestReqID, required: true }];

export interface ResendRequest {
  beginSeqNo: number;
  /** 0 = everything after beginSeqNo. */
  endSeqNo: number;
}
const RESEND_REQUEST: readonly FieldSpec<ResendRequest>[] = [
  { key: 'beginSeqNo', tag: Tag.BeginSeqNo, kind: 'int', required: true },
  { key: 'endSeqNo', tag: Tag.EndSeqNo, kind: 'int', required: true },
];

export interface SequenceReset {
  gapFillFlag?: boolean;
  newSeqNo: number;
}
const SEQUENCE_RESET: readonly FieldSpec<SequenceReset>[] = [
  { key: 'gapFillFlag', tag: Tag.GapFillFlag, kind: 'flag' },
  { key: 'newSeqNo', tag: Tag.NewSeqNo, kind: 'int', required: true },
];

export interface Reject {
  refSeqNum: number;
  refTagID?: number;
  refMsgType?: string;
  sessionRejectReason?: number;
  text?: string;
}
const REJECT: readonly FieldSpec<Reject>[] = [
  { key: 'refSeqNum', tag: Tag.RefSeqNum, kind: 'int', required: true },
  { key: 'refTagID', tag: Tag.RefTagID, kind: 'int' },
  { key: 'refMsgType', tag: Tag.RefMsgType },
  { key: 'sessionRejectReason', tag: Tag.SessionRejectReason, kind: 'int' },
  { key: 'text', tag: Tag.Text },
];

export interface BusinessMessageReject {
  refSeqNum?: number;
  refMsgType: string;
  businessRejectRefID?: string;
  businessRejectReason: number;
  text?: string;
}
const BUSINESS_MESSAGE_REJECT: readonly FieldSpec<BusinessMessageReject>[] = [
  { key: 'refSeqNum', tag: Tag.RefSeqNum, kind: 'int' },
  { key: 'refMsgType', tag: Tag.RefMsgType, required: true },
  { key: 'businessRejectRefID', tag: Tag.BusinessRejectRefID },
  { key: 'businessRejectReason', tag: Tag.BusinessRejectReason, kind: 'int', required: true },
  { key: 'text', tag: Tag.Text },
];

export const buildLogout = builder('5', LOGOUT);
export const readLogout = reader(LOGOUT);
export const buildHeartbeat = builder('0', HEARTBEAT);
export const readHeartbeat = reader(HEARTBEAT);
export const buildTestRequest = builder('1', TEST_REQUEST);
export const readTestRequest = reader(TEST_REQUEST);
export const buildResendRequest = builder('2', RESEND_REQUEST);
export const readResendRequest = reader(RESEND_REQUEST);
export const buildSequenceReset = builder('4', SEQUENCE_RESET);
export const readSequenceReset = reader(SEQUENCE_RESET);
export const buildReject = builder('3', REJECT);
export const readReject = reader(REJECT);
export const buildBusinessMessageReject = builder('j', BUSINESS_MESSAGE_REJECT);
export const readBusinessMessageReject = reader(BUSINESS_MESSAGE_REJECT);
