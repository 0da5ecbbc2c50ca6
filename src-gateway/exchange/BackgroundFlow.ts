import { Mulberry32 } from './Mulberry32';
import type { OrderBook } from './OrderBook';
import type { NewOrder, OrderState, ReplaceOrder, Side } from './types';

/** How busy and how deep an instrument's simulated market is. */
export interface FlowProfile {
  /** Random actions (quote, cancel, replace, take, fair-price move) per second. */
  actionsPerSecond: number;
  /** Price levels kept on each side. */
  depth: number;
  /** Order size unit (1 contract; 1,000,000 base currency for FX). */
  lot: number;
  /** Largest resting order, in lots. */
  maxLots: number;
  /** Share of actions that move the fair price by one tick. */
  moveChance: number;
  /** Share of actions that take liquidity (IOC or market orders that trade). */
  takeChance: number;
  cancelChance: number;
  replaceChance: number;
  /** Distance from the reference price, in ticks, at which the pull back is strongest. */
  reversionTicks: number;
}

export const DEFAULT_FLOW: FlowProfile = {
  actionsPerSecond: 20,
  depth: 12,
  lot: 1,
  maxLots: 10,
  moveChance: 0.06,
  takeChance: 0.15,
  cancelChance: 0.15,
  replaceChance: 0.1,
  reversionTicks: 200,
};

/** Owners of background orders: makers and takers differ so self-trade prevention never blocks the flow. */
export const FLOW_MAKER = 'FLOW-MAKER';
export const FLOW_TAKER = 'FLOW-TAKER';

/** A step acts for at most this much elapsed time, so a pause (or a closed market) does not come back as a burst. */
const MAX_STEP_MS = 1000;

/** What the flow may do on its exchange (the exchange's commands without a clock read). */
export interface FlowVenue {
  submit(cmd: NewOrder): number | undefined;
  cancel(orderId: number): void;
  replace(cmd: ReplaceOrder): void;
  order(orderId: number): OrderState | undefined;
}

/**
 * Background liquidity for one instrument, from a seeded PRNG: a fair price that does a
 * mean-reverting random walk in whole ticks, makers who keep `depth` levels a side quoted
 * around it (bids from fair−1 down, asks from fair up, several orders a level so queue
 * priority matters, never crossing the book: post-only), and takers whose IOC and market
 * orders lean toward the fair price, so the market trades and moves. Given the same seed and
 * the same step times and outside orders, it does exactly the same thing.
 */
export class BackgroundFlow {
  readonly profile: FlowProfile;
  /** Fair price in ticks. */
  fair: number;
  private readonly rng: Mulberry32;
  /** Order ids of resting maker orders (pruned lazily when they are gone). */
  private readonly mine: number[] = [];
  private lastStep: number | undefined;
  private pending = 0;

  constructor(
    private readonly venue: FlowVenue,
    private readonly book: OrderBook,
    readonly referenceTicks: number,
    seed: number,
    profile: Partial<FlowProfile> = {},
  ) {
    this.profile = { ...DEFAULT_FLOW, ...profile };
    this.fair = referenceTicks;
    this.rng = new Mulberry32(seed);
  }

  /** Acts for the time since the last step, then tops the book back up to full depth. */
  step(nowMs: number): void {
    if (this.lastStep !== undefined && nowMs > this.lastStep) {
      const elapsed = Math.min(nowMs - this.lastStep, MAX_STEP_MS);
      this.pending += (elapsed * this.profile.actionsPerSecond) / 1000;
    }
    this.lastStep = Math.max(nowMs, this.lastStep ?? nowMs);
    const actions = Math.floor(this.pending);
    this.pending -= actions;
    for (let i = 0; i < actions; i++) this.act();
    this.tidy();
    this.fill();
  }

  private act(): void {
    const p = this.profile;
    const r = this.rng.next();
    if (r < p.moveChance) this.move();
    else if (r < p.moveChance + p.takeChance) this.take();
    else if (r < p.moveChance + p.takeChance + p.cancelChance) this.cancelOne();
    else if (r < p.moveChance + p.takeChance + p.cancelChance + p.replaceChance) this.replaceOne();
    else this.quote(this.rng.chance(0.5) ? 'buy' : 'sell', Math.floor(p.depth * this.rng.next() ** 2));
  }

  /** One tick up or down, more likely back toward the reference the further it has gone. */
  private move(): void {
    const away = (this.fair - this.referenceTicks) / this.profile.reversionTicks;
    const up = 0.5 - 0.4 * Math.max(-1, Math.min(1, away));
    this.fair += this.rng.chance(up) ? 1 : -1;
  }

  /** Takes the top of the book, buying when the offer is below fair and selling when the bid is above. */
  private take(): void {
    const bid = this.book.bestBid();
    const ask = this.book.bestAsk();
    let side: Side;
    if (ask !== undefined && ask < this.fair) side = this.rng.chance(0.85) ? 'buy' : 'sell';
    else if (bid !== undefined && bid > this.fair - 1) side = this.rng.chance(0.85) ? 'sell' : 'buy';
    else side = this.rng.chance(0.5) ? 'buy' : 'sell';
    const top = side === 'buy' ? ask : bid;
    if (top === undefined) return;
    const quantity = this.profile.lot * (1 + this.rng.int(Math.max(1, this.profile.maxLots >> 1)));
    if (this.rng.chance(0.05)) {
      this.venue.submit({ instrument: this.book.instrument, owner: FLOW_TAKER, side, type: 'market', tif: 'ioc', quantity });
      return;
    }
    // Now and then sweep a tick through the top.
    const through = this.rng.chance(0.1) ? 1 : 0;
    const price = side === 'buy' ? top + through : top - through;
    this.venue.submit({ instrument: this.book.instrument, owner: FLOW_TAKER, side, type: 'limit', tif: 'ioc', quantity, price });
  }

  private cancelOne(): void {
    const id = this.pickMine();
    if (id !== undefined) this.venue.cancel(id);
  }

  /** Half the time a smaller size (keeps its place), else a tick further from fair (loses it). */
  private replaceOne(): void {
    const id = this.pickMine();
    if (id === undefined) return;
    const order = this.venue.order(id)!;
    const lot = this.profile.lot;
    if (this.rng.chance(0.5)) {
      if (order.leaves > lot) this.venue.replace({ orderId: id, quantity: order.quantity - lot });
      return;
    }
    const price = order.price! + (order.side === 'buy' ? -1 : 1);
    this.venue.replace({ orderId: id, quantity: order.quantity, price });
  }

  /** Adds a maker order `k` levels from the top of its side, never crossing the book. */
  private quote(side: Side, k: number): void {
    let price = side === 'buy' ? this.fair - 1 - k : this.fair + k;
    const opposite = side === 'buy' ? this.book.bestAsk() : this.book.bestBid();
    if (opposite !== undefined) price = side === 'buy' ? Math.min(price, opposite - 1) : Math.max(price, opposite + 1);
    const quantity = this.profile.lot * (1 + this.rng.int(this.profile.maxLots));
    const id = this.venue.submit({ instrument: this.book.instrument, owner: FLOW_MAKER, side, type: 'limit', tif: 'day', quantity, price });
    if (id !== undefined && this.venue.order(id)) this.mine.push(id);
  }

  /** Forgets gone orders; pulls quotes left far out of the window or on the wrong side of fair. */
  private tidy(): void {
    const depth = this.profile.depth;
    let kept = 0;
    for (const id of this.mine) {
      const order = this.venue.order(id);
      if (!order) continue;
      const price = order.price!;
      const far = order.side === 'buy' ? price < this.fair - depth - 3 : price > this.fair + depth + 2;
      const stale = order.side === 'buy' ? price > this.fair - 1 : price < this.fair;
      if (far || (stale && this.rng.chance(0.3))) {
        this.venue.cancel(id);
        continue;
      }
      this.mine[kept++] = id;
    }
    this.mine.length = kept;
  }

  /** Quotes every empty level in the window, one to three orders each. */
  private fill(): void {
    for (const side of ['buy', 'sell'] as const) {
      const levels = side === 'buy' ? this.book.bids : this.book.asks;
      for (let k = 0; k < this.profile.depth; k++) {
        const price = side === 'buy' ? this.fair - 1 - k : this.fair + k;
        if (levels.level(price)) continue;
        const opposite = side === 'buy' ? this.book.bestAsk() : this.book.bestBid();
        if (opposite !== undefined && (side === 'buy' ? price >= opposite : price <= opposite)) continue;
        const orders = 1 + this.rng.int(3);
        for (let i = 0; i < orders; i++) this.quote(side, k);
      }
    }
  }

  private pickMine(): number | undefined {
    while (this.mine.length > 0) {
      const i = this.rng.int(this.mine.length);
      const id = this.mine[i]!;
      if (this.venue.order(id)) return id;
      this.mine[i] = this.mine[this.mine.length - 1]!;
      this.mine.pop();
    }
    return undefined;
  }
}
