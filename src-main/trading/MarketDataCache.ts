import type { TickSize } from '../../src-shared/pricing';
import { MarketBook, type IncrementEntry, type SnapshotEntry } from './MarketBook';

/** A MarketDataRequest (35=V) to send: a subscription, or a one-off snapshot. */
export interface MarketDataRequestOut {
  mdReqId: string;
  kind: 'subscribe' | 'snapshot';
  exchange: string;
  symbol: string;
}

export interface MarketDataCacheOptions {
  /** Sends a request; false when it could not go out (not logged on). */
  send(request: MarketDataRequestOut): boolean;
  tickOf(exchange: string, symbol: string): TickSize | undefined;
  /** An instrument's book or its health changed. */
  onChange(exchange: string, symbol: string): void;
  /** An instrument went live or stale (a subset of onChange). */
  onHealthChange?: () => void;
  /** How long a live instrument may be silent before the watchdog asks for a snapshot. */
  silentAfterMs: number;
  /** How long that snapshot may take before the instrument is stale. */
  probeTimeoutMs: number;
}

export type MarketDataHealth = { state: 'live' } | { state: 'stale'; reason: string };

type Status = 'offline' | 'waiting' | 'live' | 'gap' | 'silent' | 'rejected' | 'unknown';

interface Watched {
  readonly exchange: string;
  readonly symbol: string;
  book: MarketBook | null;
  status: Status;
  reason: string;
  lastHeard: number;
  /** A snapshot asked for (gap repair, first snapshot, or liveness probe) and when. */
  snapshotAskedAt: number | null;
  /** The MDReqID of the one-off snapshot request outstanding. */
  probeId: string | null;
}

const INCREMENT_TYPES = new Set(['0', '1', '2']);

/**
 * Main's market-data cache for one connection (SPEC §11): one full book per instrument that
 * someone watches, from the gateway's snapshot (35=W) and increments (35=X) with RptSeq
 * checked; a gap asks for a fresh snapshot and the instrument is stale until it comes. The
 * watchdog tells a quiet market from a dead feed: an instrument silent for `silentAfterMs`
 * is asked for a snapshot; an answer (even an unchanged book) proves the feed is alive, no
 * answer within `probeTimeoutMs` makes it stale. Pure: time comes with each call.
 */
export class MarketDataCache {
  private readonly watched = new Map<string, Watched>();
  private readonly requests = new Map<string, Watched>();
  private loggedOn = false;
  private nextId = 1;

  constructor(private readonly options: MarketDataCacheOptions) {}

  /** Keep this instrument's book from now on (subscribed now if logged on, else at logon). */
  watch(exchange: string, symbol: string, now: number): void {
    const key = keyOf(exchange, symbol);
    if (this.watched.has(key)) return;
    const entry: Watched = { exchange, symbol, book: null, status: 'offline', reason: 'Not logged on', lastHeard: now, snapshotAskedAt: null, probeId: null };
    this.watched.set(key, entry);
    if (this.loggedOn) this.subscribe(entry, now);
  }

  isWatched(exchange: string, symbol: string): boolean {
    return this.watched.has(keyOf(exchange, symbol));
  }

  /** The session logged on: every watched instrument is subscribed afresh and stale until its snapshot. */
  logon(now: number): void {
    this.loggedOn = true;
    this.requests.clear();
    for (const entry of this.watched.values()) this.subscribe(entry, now);
  }

  /** The session ended: the gateway dropped our subscriptions with it. */
  logout(): void {
    this.loggedOn = false;
    this.requests.clear();
    for (const entry of this.watched.values()) {
      entry.book?.invalidate();
      this.set(entry, 'offline', 'Not logged on');
    }
  }

  /** The instrument list arrived or changed: instruments waiting for their tick size can start. */
  instrumentsChanged(now: number): void {
    if (!this.loggedOn) return;
    for (const entry of this.watched.values()) if (entry.status === 'unknown') this.subscribe(entry, now);
  }

  snapshot(mdReqId: string | undefined, exchange: string, symbol: string, rptSeq: number, entries: readonly SnapshotEntry[], now: number): void {
    const entry = this.watched.get(keyOf(exchange, symbol)) ?? (mdReqId !== undefined ? this.requests.get(mdReqId) : undefined);
    if (!entry?.book) return;
    entry.lastHeard = now;
    entry.snapshotAskedAt = null;
    this.forgetProbe(entry);
    const seq = entry.book.seq;
    // A snapshot no newer than the book proves the feed alive; a newer one replaces it.
    if (seq === null || rptSeq > seq) {
      try {
        entry.book.snapshot(rptSeq, entries);
      } catch (error) {
        entry.book.invalidate();
        this.set(entry, 'gap', `Unreadable snapshot for ${symbol}: ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
    }
    this.set(entry, 'live', '');
    this.options.onChange(entry.exchange, entry.symbol);
  }

  /** The entries of one 35=X, each naming its instrument. */
  increment(entries: ReadonlyArray<IncrementEntry & { exchange: string; symbol: string }>, now: number): void {
    let last: Watched | undefined;
    for (const change of entries) {
      if (!INCREMENT_TYPES.has(change.type)) continue;
      const entry = this.watched.get(keyOf(change.exchange, change.symbol));
      if (!entry?.book) continue;
      entry.lastHeard = now;
      let result;
      try {
        result = entry.book.increment(change);
      } catch {
        // A price off the tick lattice cannot be placed: the book is no longer known right.
        result = 'gap' as const;
      }
      if (result === 'gap') {
        entry.book.invalidate();
        this.set(entry, 'gap', `RptSeq gap on ${entry.symbol}: repairing with a fresh snapshot`);
        this.askSnapshot(entry, now);
      } else if (result === 'applied') {
        if (entry.status === 'silent') this.set(entry, 'live', '');
        if (last !== undefined && last !== entry) this.options.onChange(last.exchange, last.symbol);
        last = entry;
      }
    }
    if (last) this.options.onChange(last.exchange, last.symbol);
  }

  /** The gateway refused a request (35=Y), e.g. an unknown symbol. */
  rejected(mdReqId: string, text: string): void {
    const entry = this.requests.get(mdReqId);
    if (!entry) return;
    this.requests.delete(mdReqId);
    entry.snapshotAskedAt = null;
    if (entry.probeId === mdReqId) entry.probeId = null;
    this.set(entry, 'rejected', `Market data refused: ${text}`);
  }

  /** The watchdog; call it every few hundred ms. */
  tick(now: number): void {
    if (!this.loggedOn) return;
    for (const entry of this.watched.values()) {
      if (entry.status === 'rejected' || entry.status === 'unknown' || !entry.book) continue;
      const asked = entry.snapshotAskedAt;
      if (asked === null) {
        if (entry.status === 'live' && now - entry.lastHeard >= this.options.silentAfterMs) this.askSnapshot(entry, now);
        continue;
      }
      if (now - asked < this.options.probeTimeoutMs) continue;
      if (entry.status === 'live' || entry.status === 'silent') {
        this.set(entry, 'silent', `No market data for ${entry.symbol} on ${entry.exchange} for ${Math.round((now - entry.lastHeard) / 1000)} s`);
      }
      this.askSnapshot(entry, now);
    }
  }

  book(exchange: string, symbol: string): MarketBook | undefined {
    return this.watched.get(keyOf(exchange, symbol))?.book ?? undefined;
  }

  health(exchange: string, symbol: string): MarketDataHealth | undefined {
    const entry = this.watched.get(keyOf(exchange, symbol));
    if (!entry) return undefined;
    return entry.status === 'live' ? { state: 'live' } : { state: 'stale', reason: entry.reason };
  }

  /**
   * The connection's market data at a glance: none watched, all live, or the first stale one's
   * reason. An instrument the gateway does not list or refused is stale for itself (no trading
   * on it) but says nothing about the feed.
   */
  summary(): { state: 'none' | 'live' } | { state: 'stale'; reason: string } {
    let feeds = 0;
    for (const entry of this.watched.values()) {
      if (entry.status === 'unknown' || entry.status === 'rejected') continue;
      feeds++;
      if (entry.status !== 'live') return { state: 'stale', reason: entry.reason };
    }
    return feeds === 0 ? { state: 'none' } : { state: 'live' };
  }

  private subscribe(entry: Watched, now: number): void {
    if (!entry.book) {
      const tick = this.options.tickOf(entry.exchange, entry.symbol);
      if (!tick) {
        this.set(entry, 'unknown', `${entry.symbol} on ${entry.exchange} is not in the instrument list (yet)`);
        return;
      }
      entry.book = new MarketBook(entry.exchange, entry.symbol, tick);
    }
    entry.book.invalidate();
    entry.lastHeard = now;
    this.set(entry, 'waiting', `Waiting for the first snapshot of ${entry.symbol}`);
    const mdReqId = `MD${this.nextId++}`;
    this.requests.set(mdReqId, entry);
    entry.snapshotAskedAt = this.options.send({ mdReqId, kind: 'subscribe', exchange: entry.exchange, symbol: entry.symbol }) ? now : null;
  }

  private askSnapshot(entry: Watched, now: number): void {
    if (entry.snapshotAskedAt !== null && now - entry.snapshotAskedAt < this.options.probeTimeoutMs) return;
    this.forgetProbe(entry);
    const mdReqId = `MS${this.nextId++}`;
    this.requests.set(mdReqId, entry);
    entry.probeId = mdReqId;
    if (this.options.send({ mdReqId, kind: 'snapshot', exchange: entry.exchange, symbol: entry.symbol })) entry.snapshotAskedAt = now;
  }

  private forgetProbe(entry: Watched): void {
    if (entry.probeId !== null) this.requests.delete(entry.probeId);
    entry.probeId = null;
  }

  private set(entry: Watched, status: Status, reason: string): void {
    if (entry.status === status && entry.reason === reason) return;
    const wasLive = entry.status === 'live';
    entry.status = status;
    entry.reason = reason;
    this.options.onChange(entry.exchange, entry.symbol);
    if (wasLive !== (status === 'live') || status !== 'live') this.options.onHealthChange?.();
  }
}

function keyOf(exchange: string, symbol: string): string {
  return `${exchange}|${symbol}`;
}
