const SOH = 0x01;
/** "<SOH>554=" (Password) and "<SOH>925=" (NewPassword). */
const SECRET_TAGS = [
  [SOH, 0x35, 0x35, 0x34, 0x3d],
  [SOH, 0x39, 0x32, 0x35, 0x3d],
];
const MASK = [0x2a, 0x2a, 0x2a]; // ***
const LOGON_TYPE = [0x33, 0x35, 0x3d, 0x41, SOH]; // "35=A<SOH>"
const TRADER_LOGON_TYPE = [0x33, 0x35, 0x3d, 0x55, 0x43, 0x47, SOH]; // "35=UCG<SOH>"

/**
 * The frame as a store may keep it: the values of 554 and 925 replaced by "***" (SPEC §10:
 * no password on disk). Only Logons and Trader Logons carry them, and neither is ever resent
 * (a Logon is gap-filled; a trader logs on again), so the stored copy needs its sequence number,
 * not its secret. Any other frame is returned as it is, after a look at its MsgType only.
 */
export function withoutSecrets(frame: Uint8Array): Uint8Array {
  if (!carriesCredentials(frame)) return frame;
  const out: number[] = [];
  let copied = 0;
  for (let i = 0; i < frame.length; i++) {
    if (frame[i] !== SOH || !SECRET_TAGS.some((tag) => startsWith(frame, i, tag))) continue;
    const valueStart = i + 5;
    let valueEnd = valueStart;
    while (valueEnd < frame.length && frame[valueEnd] !== SOH) valueEnd++;
    for (let k = copied; k < valueStart; k++) out.push(frame[k]!);
    out.push(...MASK);
    copied = valueEnd;
    i = valueEnd - 1;
  }
  for (let k = copied; k < frame.length; k++) out.push(frame[k]!);
  return Uint8Array.from(out);
}

/** 35=A (Logon) or 35=UCG (Trader Logon): the third field of the frame. */
function carriesCredentials(frame: Uint8Array): boolean {
  let fields = 0;
  let i = 0;
  while (i < frame.length && fields < 2) if (frame[i++] === SOH) fields++;
  // Every stored frame passes here: constants, not array literals built per call.
  return startsWith(frame, i, LOGON_TYPE) || startsWith(frame, i, TRADER_LOGON_TYPE);
}

function startsWith(frame: Uint8Array, at: number, bytes: readonly number[]): boolean {
  for (let k = 0; k < bytes.length; k++) if (frame[at + k] !== bytes[k]) return false;
  return true;
}
