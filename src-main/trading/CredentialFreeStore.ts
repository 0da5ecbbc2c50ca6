import type { MessageStore } from '../../src-shared/fix/session';

const SOH = 0x01;
/** Password (554) and NewPassword (925): "<SOH>554=" and "<SOH>925=". */
const SECRET_TAGS = [
  [SOH, 0x35, 0x35, 0x34, 0x3d],
  [SOH, 0x39, 0x32, 0x35, 0x3d],
];
const MASK = [0x2a, 0x2a, 0x2a]; // ***

/**
 * A message store that never writes a password to disk (SPEC §10). The session stores every
 * message it sends, the Logon and trader logons (35=UCG) included; those are never resent
 * (a Logon is gap-filled, and the connection refuses to resend a trader logon), so their
 * stored copy only needs to keep its sequence number, not the secret.
 */
export class CredentialFreeStore implements MessageStore {
  constructor(private readonly inner: MessageStore) {}

  get nextSenderMsgSeqNum(): number {
    return this.inner.nextSenderMsgSeqNum;
  }

  get nextTargetMsgSeqNum(): number {
    return this.inner.nextTargetMsgSeqNum;
  }

  get creationTime(): number {
    return this.inner.creationTime;
  }

  saveSent(seqNum: number, frame: Uint8Array): void {
    this.inner.saveSent(seqNum, withoutPasswords(frame));
  }

  setNextSenderMsgSeqNum(value: number): void {
    this.inner.setNextSenderMsgSeqNum(value);
  }

  setNextTargetMsgSeqNum(value: number): void {
    this.inner.setNextTargetMsgSeqNum(value);
  }

  incrNextTargetMsgSeqNum(): void {
    this.inner.incrNextTargetMsgSeqNum();
  }

  forEachSent(begin: number, end: number, fn: (seqNum: number, frame: Uint8Array) => void): void {
    this.inner.forEachSent(begin, end, fn);
  }

  reset(now: number): void {
    this.inner.reset(now);
  }

  flush(): void {
    this.inner.flush();
  }

  close(): void {
    this.inner.close();
  }
}

/** The frame with the value of every 554 and 925 replaced by "***" (the same frame when it has none). */
export function withoutPasswords(frame: Uint8Array): Uint8Array {
  let out: number[] | null = null;
  let copied = 0;
  for (let i = 0; i < frame.length; i++) {
    if (frame[i] !== SOH || !SECRET_TAGS.some((tag) => startsWith(frame, i, tag))) continue;
    const valueStart = i + 5;
    let valueEnd = valueStart;
    while (valueEnd < frame.length && frame[valueEnd] !== SOH) valueEnd++;
    out ??= [];
    for (let k = copied; k < valueStart; k++) out.push(frame[k]!);
    out.push(...MASK);
    copied = valueEnd;
    i = valueEnd - 1;
  }
  if (out === null) return frame;
  for (let k = copied; k < frame.length; k++) out.push(frame[k]!);
  return Uint8Array.from(out);
}

function startsWith(frame: Uint8Array, at: number, bytes: readonly number[]): boolean {
  for (let k = 0; k < bytes.length; k++) if (frame[at + k] !== bytes[k]) return false;
  return true;
}
