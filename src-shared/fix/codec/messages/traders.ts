import type { FixView } from '../FixView';
import { Tag } from '../tags';
import { builder, type FieldSpec, reader } from './fieldAccess';

/**
 * T4 multi-trader messages (seed 004, SPEC §2). The licence a Trader Logon carries is
 * SecureData (91), a header field: pass it as `secureData` in the encoder's HeaderFields or
 * set 91 on the message; the encoder writes 90 and 91 in the header.
 */

export interface TraderLogon {
  clientID?: string;
  username: string;
  password: string;
}

export interface TraderLogonResponse {
  username: string;
  /** 'Success' or the reason the logon failed. */
  text: string;
}

export interface TraderLogout {
  username: string;
  text?: string;
}

const TRADER_LOGON: readonly FieldSpec<TraderLogon>[] = [
  { key: 'clientID', tag: Tag.ClientID },
  { key: 'username', tag: Tag.Username, required: true },
  { key: 'password', tag: Tag.Password, required: true },
];

const TRADER_LOGON_RESPONSE: readonly FieldSpec<TraderLogonResponse>[] = [
  { key: 'username', tag: Tag.Username, required: true },
  { key: 'text', tag: Tag.Text, required: true },
];

const TRADER_LOGOUT: readonly FieldSpec<TraderLogout>[] = [
  { key: 'username', tag: Tag.Username, required: true },
  { key: 'text', tag: Tag.Text },
];

export const buildTraderLogon = builder('UCG', TRADER_LOGON);
export const readTraderLogon: (view: FixView) => TraderLogon = reader(TRADER_LOGON);
export const buildTraderLogonResponse = builder('UCH', TRADER_LOGON_RESPONSE);
export const readTraderLogonResponse: (view: FixView) => TraderLogonResponse = reader(TRADER_LOGON_RESPONSE);
export const buildTraderLogout = builder('UCI', TRADER_LOGOUT);
export const readTraderLogout: (view: FixView) => TraderLogout = reader(TRADER_LOGOUT);
