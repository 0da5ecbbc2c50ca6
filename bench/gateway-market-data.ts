import { FixMessage, Tag, type FixView } from '../src-shared/fix/codec';
import type { BenchSession } from './gateway-session';

// A market-data subscriber of the gateway: full depth (264=0) of bids, offers and trades on
// one instrument. It checks that every incremental entry's RptSeq (83) follows the one before
// (from the snapshot's RptSeq on), counts what arrives, and measures how late each 35=X is.

const RptSeq = 83;

/**
 * When the first subscriber in this process received each update (keyed by its first RptSeq),
 * so every other subscriber's copy can say how far behind it came.
 */
export class FirstArrivals {
  private readonly at = new Map<number, number>();

  /** Microseconds behind the first copy of this update, or undefined for the first copy. */
  behind(seq: number, now: number): number | undefined {
    const first = this.at.get(seq);
    if (first === undefined) {
      this.at.set(seq, now);
      return undefined;
    }
    return (now - first) * 1000;
  }

  clear(): void {
    this.at.clear();
  }
}

export interface SubscriberCounts {
  messages: number;
  entries: number;
  /** Entries whose RptSeq did not follow the one before (lost, repeated or out of order). */
  gaps: number;
}

export class MarketDataSubscriber {
  /** RptSeq of the last entry (or snapshot) seen; -1 before the snapshot. */
  lastSeq = -1;
  readonly counts: SubscriberCounts = { messages: 0, entries: 0, gaps: 0 };
  /** SendingTime (52) → arrival of each 35=X, ms (both on this machine's clock, ms resolution). */
  lagsMs: number[] = [];
  /** Behind the first subscriber's copy of the same update, µs. */
  behindUs: number[] = [];
  private readonly snapshotWaiters = new Map<string, { resolve: (seq: number) => void; reject: (error: Error) => void }>();
  private seqWaiter: { seq: number; resolve: () => void } | undefined;

  constructor(
    private readonly session: BenchSession,
    private readonly arrivals: FirstArrivals,
    readonly symbol = 'ESZ6',
    readonly exchange = 'CME',
  ) {
    session.onApp = (view) => this.onMessage(view);
  }

  /** Subscribes (263=1); resolves once the snapshot arrived. */
  async subscribe(): Promise<void> {
    this.lastSeq = await this.request('sub', '1');
  }

  /** A snapshot only (263=0): the RptSeq the book is at now. */
  snapshot(id: string): Promise<number> {
    return this.request(id, '0');
  }

  /** Resolves once an entry with RptSeq ≥ seq has arrived. */
  reached(seq: number, timeoutMs: number): Promise<void> {
    if (this.lastSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.session.logon.username}: at RptSeq ${this.lastSeq}, ${seq} not reached within ${timeoutMs} ms`)), timeoutMs);
      this.seqWaiter = {
        seq,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
    });
  }

  /** Starts a new measuring window: counts and lags from zero. */
  resetCounts(): void {
    this.counts.messages = 0;
    this.counts.entries = 0;
    this.lagsMs = [];
    this.behindUs = [];
  }

  private request(id: string, type: '0' | '1'): Promise<number> {
    const trader = this.session.logon.username;
    const msg = new FixMessage('V').set(Tag.SenderSubID, trader).set(Tag.MDReqID, id).set(Tag.SubscriptionRequestType, type).set(Tag.MarketDepth, 0);
    msg.set(Tag.NoMDEntryTypes, 3).add(Tag.MDEntryType, '0').add(Tag.MDEntryType, '1').add(Tag.MDEntryType, '2');
    msg.set(Tag.NoRelatedSym, 1).add(Tag.Symbol, this.symbol).add(Tag.SecurityExchange, this.exchange);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${trader}: no snapshot for ${id} within 10 s`)), 10_000);
      this.snapshotWaiters.set(id, {
        resolve: (seq) => {
          clearTimeout(timer);
          resolve(seq);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      this.session.send(msg);
    });
  }

  private onMessage(view: FixView): void {
    if (view.msgType === 'X') return this.increment(view);
    if (view.msgType !== 'W' && view.msgType !== 'Y') return;
    const id = view.get(Tag.MDReqID) ?? '';
    const waiter = this.snapshotWaiters.get(id);
    this.snapshotWaiters.delete(id);
    if (view.msgType === 'W') waiter?.resolve(view.getInt(RptSeq) ?? -1);
    else waiter?.reject(new Error(`market data request ${id} rejected: ${view.get(Tag.Text) ?? ''}`));
  }

  private increment(view: FixView): void {
    const now = performance.now();
    const wall = Date.now();
    let first: number | undefined;
    for (let i = 0; i < view.fieldCount; i++) {
      if (view.tagAt(i) !== RptSeq) continue;
      const seq = view.intAt(i) ?? -1;
      first ??= seq;
      if (seq !== this.lastSeq + 1) this.counts.gaps++;
      this.lastSeq = seq;
      this.counts.entries++;
    }
    this.counts.messages++;
    const sent = sendingTimeMs(view.get(Tag.SendingTime) ?? '');
    if (sent !== undefined) this.lagsMs.push(wall - sent);
    if (first !== undefined) {
      const behind = this.arrivals.behind(first, now);
      if (behind !== undefined) this.behindUs.push(behind);
    }
    if (this.seqWaiter && this.lastSeq >= this.seqWaiter.seq) {
      const waiter = this.seqWaiter;
      this.seqWaiter = undefined;
      waiter.resolve();
    }
  }
}

/** Epoch ms of a UTCTimestamp `YYYYMMDD-HH:MM:SS[.sss]`. */
function sendingTimeMs(text: string): number | undefined {
  if (text.length < 17) return undefined;
  const n = (from: number, to: number): number => Number(text.slice(from, to));
  const ms = text.length >= 21 ? n(18, 21) : 0;
  return Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(9, 11), n(12, 14), n(15, 17), ms);
}
