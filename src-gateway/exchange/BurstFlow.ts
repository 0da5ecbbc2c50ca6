import { FLOW_MAKER, FLOW_TAKER, type FlowVenue } from './BackgroundFlow';
import { Mulberry32 } from './Mulberry32';
import type { OrderBook } from './OrderBook';
import type { Side } from './types';

/** What an admin asks of a burst (validated by the admin API's schema). */
export interface BurstSettings {
  /** Book changes per second; 0 holds the book still (the background flow stays off). */
  rate: number;
  /** Price levels kept on each side, one tick apart, best bid one tick under the best offer. */
  levels: number;
  seed: number;
}

export const BURST_LIMITS = { maxRate: 100_000, minLevels: 2, maxLevels: 1_000 } as const;

/** Owner of a burst's resting orders (its sweeps trade as the flow's taker). */
export const FLOW_BURST = 'FLOW-BURST';

/** Share of actions that move the market a tick (the NOTES.md feed's 0.002). */
const moveChance = 0.002;
/** Orders of the burst kept at one price, at most. */
const maxOrdersAtLevel = 20;
/** A step acts for at most this much elapsed time, so a stall does not come back as a burst of its own. */
const maxStepMs = 1000;

/**
 * A synthetic fast market on one instrument, through the real book (SPEC §3 simulated
 * exchanges; `npm run bench -- ladder`): the NOTES.md ladder feed done with orders. It keeps
 * `levels` price levels a side, one tick apart; each action either moves the market a tick
 * (probability 0.002: a sweep takes the whole inside level, a quote joins behind it, and the
 * far ends are trimmed and extended, so the book stays full) or changes the size of one level
 * at depth k = floor(levels·u³) (a third of them in the top 20 of 500) by adding an order of
 * 1 + floor(−ln(1−u)·100) lots or by cancelling or reducing one of its own. Each size change
 * is one market-data entry. Orders are GTC so a market close does not empty the book; clients'
 * orders are traded with by sweeps and never crossed otherwise (quotes are post-only).
 * Seeded: the same seed and step times give the same actions.
 */
export class BurstFlow {
  /** Best bid of the burst's book, in ticks; offers start one tick above. */
  bidTop: number;
  /** Actions done since the burst started. */
  actions = 0;
  private readonly startTop: number;
  private readonly rng: Mulberry32;
  private built = false;
  private lastStep: number | undefined;
  private pending = 0;

  constructor(
    private readonly venue: FlowVenue,
    private readonly book: OrderBook,
    bidTop: number,
    private settings: BurstSettings,
  ) {
    this.bidTop = bidTop;
    this.startTop = bidTop;
    this.rng = new Mulberry32(settings.seed);
  }

  get rate(): number {
    return this.settings.rate;
  }

  get levels(): number {
    return this.settings.levels;
  }

  get seed(): number {
    return this.settings.seed;
  }

  /** A new rate from the next step on (levels and seed are fixed for the burst's life). */
  setRate(rate: number): void {
    this.settings = { ...this.settings, rate };
  }

  /** Builds the full book on the first step; afterwards acts for the time since the last one. */
  step(nowMs: number): void {
    if (!this.built) {
      this.build();
      this.built = true;
      this.lastStep = nowMs;
      return;
    }
    if (this.lastStep !== undefined && nowMs > this.lastStep) {
      this.pending += (Math.min(nowMs - this.lastStep, maxStepMs) * this.settings.rate) / 1000;
    }
    this.lastStep = Math.max(nowMs, this.lastStep ?? nowMs);
    if (this.settings.rate === 0) this.pending = 0;
    const actions = Math.floor(this.pending);
    this.pending -= actions;
    for (let i = 0; i < actions; i++) this.act();
    this.actions += actions;
  }

  /** Cancels every order the burst has resting. */
  withdraw(): void {
    for (const id of this.restingOf(FLOW_BURST)) this.venue.cancel(id);
  }

  /** Replaces the background flow's quotes with a full book of the burst's own. */
  private build(): void {
    for (const id of this.restingOf(FLOW_MAKER)) this.venue.cancel(id);
    for (let k = 0; k < this.settings.levels; k++) {
      for (const side of ['buy', 'sell'] as const) {
        const orders = 1 + this.rng.int(3);
        for (let i = 0; i < orders; i++) this.quote(side, this.priceAt(side, k));
      }
    }
  }

  private act(): void {
    if (this.rng.chance(moveChance)) {
      // More likely back toward where the burst started the further it has gone.
      const away = Math.max(-1, Math.min(1, (this.bidTop - this.startTop) / 200));
      this.move(this.rng.chance(0.5 - 0.4 * away) ? 1 : -1);
      return;
    }
    const side: Side = this.rng.chance(0.5) ? 'buy' : 'sell';
    this.resize(side, this.priceAt(side, Math.floor(this.settings.levels * this.rng.next() ** 3)));
  }

  /** The price `k` levels from the top of a side. */
  private priceAt(side: Side, k: number): number {
    return side === 'buy' ? this.bidTop - k : this.bidTop + 1 + k;
  }

  /** One order more, or one of the burst's own cancelled or reduced; never empties the level. */
  private resize(side: Side, price: number): void {
    const mine = this.mineAt(side, price);
    const add = mine.length <= 1 || (mine.length < maxOrdersAtLevel && this.rng.chance(0.5));
    if (add) {
      this.quote(side, price);
      return;
    }
    const order = this.venue.order(mine[this.rng.int(mine.length)]!)!;
    if (order.leaves > 1 && this.rng.chance(0.5)) {
      this.venue.replace({ orderId: order.orderId, quantity: order.filled + 1 + this.rng.int(order.leaves - 1) });
    } else {
      this.venue.cancel(order.orderId);
    }
  }

  /**
   * A tick up (or down): a sweep takes the whole best offer (bid), the burst quotes the price
   * it vacated on the other side, drops its deepest level on the side that grew and adds one
   * at the far end of the side that shrank.
   */
  private move(direction: 1 | -1): void {
    const up = direction === 1;
    const taken = up ? this.bidTop + 1 : this.bidTop;
    const level = (up ? this.book.asks : this.book.bids).level(taken);
    if (level) {
      this.venue.submit({ instrument: this.book.instrument, owner: FLOW_TAKER, side: up ? 'buy' : 'sell', type: 'limit', tif: 'ioc', quantity: level.quantity, price: taken });
    }
    const levels = this.settings.levels;
    const trimmed = up ? this.bidTop - levels + 1 : this.bidTop + levels;
    this.bidTop += direction;
    this.quote(up ? 'buy' : 'sell', taken);
    for (const id of this.mineAt(up ? 'buy' : 'sell', trimmed)) this.venue.cancel(id);
    this.quote(up ? 'sell' : 'buy', up ? this.bidTop + levels : this.bidTop - levels + 1);
  }

  /** Adds a GTC order of the burst at `price` unless it would trade (post-only). */
  private quote(side: Side, price: number): void {
    const opposite = side === 'buy' ? this.book.bestAsk() : this.book.bestBid();
    if (opposite !== undefined && (side === 'buy' ? price >= opposite : price <= opposite)) return;
    const quantity = 1 + Math.floor(-Math.log(1 - this.rng.next()) * 100);
    this.venue.submit({ instrument: this.book.instrument, owner: FLOW_BURST, side, type: 'limit', tif: 'gtc', quantity, price });
  }

  /** Ids of the burst's orders resting at one price. */
  private mineAt(side: Side, price: number): number[] {
    const ids: number[] = [];
    const level = (side === 'buy' ? this.book.bids : this.book.asks).level(price);
    for (let order = level?.head ?? null; order; order = order.next) if (order.owner === FLOW_BURST) ids.push(order.orderId);
    return ids;
  }

  private restingOf(owner: string): number[] {
    const ids: number[] = [];
    for (const side of ['buy', 'sell'] as const) for (const order of this.book.queue(side)) if (order.owner === owner) ids.push(order.orderId);
    return ids;
  }
}
