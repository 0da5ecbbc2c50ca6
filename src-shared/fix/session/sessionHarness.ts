import { checksum, utcTimestamp } from '../codec';
import type { FixApplication } from './FixApplication';
import { FixSession } from './FixSession';
import type { FixSessionOptions, SessionTransport } from './FixSession';
import type { MessageStore } from './MessageStore';
import type { SessionSettings } from './SessionSettings';

/** 2025-01-06 12:00:00 UTC, a Monday. */
export const T0 = Date.UTC(2025, 0, 6, 12, 0, 0);

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Builds a frame the way QuickFIX's acceptance-test runner does: '|' for SOH, BeginString first,
 * BodyLength and CheckSum computed unless given. <TIME>, <TIME-n>, <TIME+n> become SendingTimes
 * n seconds off `now`.
 */
export function frameOf(text: string, now: number): Uint8Array {
  let t = text.replace(/<TIME([+-]\d+)?>/g, (_m, off: string | undefined) => utcTimestamp(now + Number(off ?? 0) * 1000).slice(0, 17));
  if (!t.endsWith('|')) t += '|';
  if (!t.startsWith('8=')) t = `8=FIX.4.4|${t}`;
  const head = /^8=[^|]*\|/.exec(t)![0];
  let rest = t.slice(head.length);
  if (!rest.startsWith('9=')) rest = `9=${byteLength(rest)}|${rest}`;
  let body = head + rest;
  if (!/\|10=\d+\|$/.test(`|${body}`)) {
    const bytes = encoder.encode(body.replaceAll('|', '\u0001'));
    body += `10=${String(checksum(bytes, 0, bytes.length)).padStart(3, '0')}|`;
  }
  return encoder.encode(body.replaceAll('|', '\u0001'));
}

function byteLength(s: string): number {
  return encoder.encode(s).length;
}

/**
 * How a sent frame is compared: SOH as '|', without 8, 9 and 10 (the codec's tests cover
 * them), with SendingTime and OrigSendingTime shown as <T> (the clock is checked separately).
 */
export function shown(frame: Uint8Array): string {
  return decoder
    .decode(frame)
    .replaceAll('\u0001', '|')
    .replace(/^8=FIX\.4\.4\|9=\d+\|/, '')
    .replace(/10=\d{3}\|$/, '')
    .replace(/(^|\|)(52|122)=[^|]*/g, '$1$2=<T>');
}

/** A session under test with a manual clock, driven like the node layer drives it. */
export class Harness implements SessionTransport {
  now = T0;
  readonly session: FixSession;
  readonly sent: Uint8Array[] = [];
  readonly events: string[] = [];
  disconnects = 0;

  constructor(
    settings: Partial<SessionSettings> = {},
    application?: FixApplication,
    store?: MessageStore,
    extra: Partial<FixSessionOptions> = {},
  ) {
    this.session = new FixSession({
      settings: { senderCompID: 'ISLD', targetCompID: 'TW', role: 'acceptor', ...settings },
      application,
      store,
      clock: () => this.now,
      log: {
        incoming: () => undefined,
        outgoing: () => undefined,
        event: (text) => this.events.push(text),
      },
      ...extra,
    });
  }

  send(frame: Uint8Array): void {
    this.sent.push(frame.slice());
  }

  disconnect(): void {
    this.disconnects++;
  }

  connect(): this {
    this.session.connect(this);
    return this;
  }

  /** The peer sends a message (text as in frameOf). */
  receive(text: string): this {
    this.session.onFrame(frameOf(text, this.now));
    return this;
  }

  /** Moves the clock, firing the session's timer each time it comes due on the way. */
  advance(ms: number): this {
    const until = this.now + ms;
    for (let guard = 0; ; guard++) {
      const at = this.session.nextTimerAt();
      if (at > until) break;
      if (guard > 10_000) throw new Error(`timer due at ${at} does nothing`);
      this.now = Math.max(this.now, Math.ceil(at));
      this.session.onTimer();
    }
    this.now = until;
    return this;
  }

  /** What was sent since the last call, as shown(). */
  take(): string[] {
    return this.sent.splice(0).map(shown);
  }

  /** A standard logon from TW, answered; the output is consumed. */
  logon(heartBtInt = 30): this {
    this.connect().receive(`35=A|34=1|49=TW|52=<TIME>|56=ISLD|98=0|108=${heartBtInt}`);
    this.take();
    return this;
  }
}
