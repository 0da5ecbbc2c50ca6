import type { BookView } from '../../src-shared/ipc/contract/trading';
import { Rational, type TickSize } from '../../src-shared/pricing';

/** One snapshot (35=W) entry: '0' bid, '1' offer, '2' trade; prices as FIX decimals. */
export interface SnapshotEntry {
  type: string;
  price: string;
  size: number;
  orders: number;
}

/** One incremental (35=X) entry for this instrument. */
export interface IncrementEntry extends SnapshotEntry {
  /** '0' new, '1' change, '2' delete. */
  action: string;
  rptSeq: number;
}

/** What an increment did: applied; older than the book (already in it); a gap; or no snapshot yet. */
export type IncrementResult = 'applied' | 'old' | 'gap' | 'unsynced';

interface Level {
  quantity: number;
  orders: number;
}

/**
 * One instrument's full book as the gateway publishes it (SPEC §11): a snapshot, then every
 * change with the instrument's RptSeq (83), which must follow on without a hole. Prices are
 * integer ticks inside; the last trade and the volume traded at each price since the first
 * snapshot are kept beside the levels.
 */
export class MarketBook {
  private readonly bids = new Map<number, Level>();
  private readonly asks = new Map<number, Level>();
  private readonly volume = new Map<number, number>();
  private rptSeq: number | null = null;
  private lastTick: number | null = null;
  private lastQuantity = 0;
  /** Trades seen: moves on every trade print (a snapshot counts one only when its last trade is new). */
  private trades = 0;

  constructor(
    readonly exchange: string,
    readonly symbol: string,
    readonly tick: TickSize,
  ) {}

  /** RptSeq of the last change applied; null before the first snapshot. */
  get seq(): number | null {
    return this.rptSeq;
  }

  /** The book becomes the snapshot: every level replaced, the sequence reset to the snapshot's. */
  snapshot(rptSeq: number, entries: readonly SnapshotEntry[]): void {
    this.bids.clear();
    this.asks.clear();
    for (const entry of entries) {
      const ticks = this.tick.ticksOf(entry.price);
      if (entry.type === '0') this.bids.set(ticks, { quantity: entry.size, orders: entry.orders });
      else if (entry.type === '1') this.asks.set(ticks, { quantity: entry.size, orders: entry.orders });
      else if (entry.type === '2') {
        if (ticks !== this.lastTick || entry.size !== this.lastQuantity) this.trades++;
        this.lastTick = ticks;
        this.lastQuantity = entry.size;
      }
    }
    this.rptSeq = rptSeq;
  }

  increment(entry: IncrementEntry): IncrementResult {
    if (this.rptSeq === null) return 'unsynced';
    if (entry.rptSeq <= this.rptSeq) return 'old';
    if (entry.rptSeq !== this.rptSeq + 1) return 'gap';
    const ticks = this.tick.ticksOf(entry.price);
    if (entry.type === '2') {
      this.trades++;
      this.lastTick = ticks;
      this.lastQuantity = entry.size;
      this.volume.set(ticks, (this.volume.get(ticks) ?? 0) + entry.size);
    } else if (entry.type === '0' || entry.type === '1') {
      const side = entry.type === '0' ? this.bids : this.asks;
      if (entry.action === '2' || entry.size <= 0) side.delete(ticks);
      else side.set(ticks, { quantity: entry.size, orders: entry.orders });
    }
    this.rptSeq = entry.rptSeq;
    return 'applied';
  }

  /** Forget the levels (they are no longer known to be right) until the next snapshot. */
  invalidate(): void {
    this.rptSeq = null;
  }

  bestBid(): number | undefined {
    return best(this.bids, -1);
  }

  bestAsk(): number | undefined {
    return best(this.asks, 1);
  }

  /** The mark for open P&L: the last trade, else the mid; undefined with neither. */
  mark(): Rational | undefined {
    if (this.lastTick !== null) return this.tick.rationalOf(this.lastTick);
    const bid = this.bestBid();
    const ask = this.bestAsk();
    if (bid === undefined || ask === undefined) return undefined;
    return this.tick.rationalOf(bid + ask).div(Rational.of(2));
  }

  /**
   * The price (ticks) at which the visible depth on the side one would trade against covers
   * `quantity`: the limit of an aggressive order that takes it all. The deepest level when the
   * book is thinner than that; undefined when that side is empty.
   */
  sweepTicks(aggressor: 'buy' | 'sell', quantity: number): number | undefined {
    const levels = sorted(aggressor === 'buy' ? this.asks : this.bids, aggressor === 'buy' ? 1 : -1);
    let covered = 0;
    let price: number | undefined;
    for (const [ticks, level] of levels) {
      price = ticks;
      covered += level.quantity;
      if (covered >= quantity) break;
    }
    return price;
  }

  /** The last trade and how many trades came before it; null before the first. */
  lastTrade(): { ticks: number; quantity: number; count: number } | null {
    return this.lastTick === null ? null : { ticks: this.lastTick, quantity: this.lastQuantity, count: this.trades };
  }

  /** Both sides, flat `[ticks, quantity, orders, …]` from the best price outwards (the view's levels, nothing else). */
  depth(): { bids: number[]; asks: number[] } {
    return { bids: flat(sorted(this.bids, -1)), asks: flat(sorted(this.asks, 1)) };
  }

  view(stale: boolean): BookView {
    return {
      exchange: this.exchange,
      symbol: this.symbol,
      tickSize: this.tick.value.toDecimalString(),
      seq: this.rptSeq ?? 0,
      ...this.depth(),
      lastTick: this.lastTick,
      lastQuantity: this.lastQuantity,
      volumeAtPrice: [...this.volume].sort((a, b) => a[0] - b[0]).flat(),
      stale,
    };
  }
}

function best(side: Map<number, Level>, direction: 1 | -1): number | undefined {
  let found: number | undefined;
  for (const ticks of side.keys()) if (found === undefined || (ticks - found) * direction < 0) found = ticks;
  return found;
}

/** Levels from the best price outwards: bids descending (-1), asks ascending (1). */
function sorted(side: Map<number, Level>, direction: 1 | -1): Array<[number, Level]> {
  return [...side].sort((a, b) => (a[0] - b[0]) * direction);
}

function flat(levels: Array<[number, Level]>): number[] {
  const out = new Array<number>(levels.length * 3);
  levels.forEach(([ticks, level], i) => {
    out[i * 3] = ticks;
    out[i * 3 + 1] = level.quantity;
    out[i * 3 + 2] = level.orders;
  });
  return out;
}
