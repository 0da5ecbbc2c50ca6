import type { BookView } from '../../src-shared/ipc/contract/trading';
import type { PriceColumn } from './PriceColumn';
import type { OrdersAtPrice, WorkingOrders } from './WorkingOrders';

/** Bits of `LadderFrame.flags`. */
export const RowFlag = {
  bestBid: 1,
  bestAsk: 2,
  lastTrade: 4,
  buyPending: 8,
  sellPending: 16,
  /** The keyboard cursor's row. */
  cursor: 32,
  /** Where a dragged order would move to. */
  dropTarget: 64,
} as const;

/** The flags that change with the market (drawn on the canvas); the others change with the trader's actions. */
export const marketFlags = RowFlag.bestBid | RowFlag.bestAsk | RowFlag.lastTrade;

/**
 * What every visible row shows in one frame, in flat typed arrays (no allocation per frame):
 * the surface compares them with what it drew last and touches only the cells that differ.
 */
export class LadderFrame {
  ticks: Float64Array = new Float64Array(0);
  bids: Float64Array = new Float64Array(0);
  asks: Float64Array = new Float64Array(0);
  buys: Float64Array = new Float64Array(0);
  sells: Float64Array = new Float64Array(0);
  volumes: Float64Array = new Float64Array(0);
  /** Last traded quantity, on the last traded price's row. */
  lasts: Float64Array = new Float64Array(0);
  flags: Uint8Array = new Uint8Array(0);
  /** Orders with more to show than a quantity (an Aggregator parent's band, its children's legs), by row. */
  buyMarks: (OrdersAtPrice | undefined)[] = [];
  sellMarks: (OrdersAtPrice | undefined)[] = [];

  get rows(): number {
    return this.ticks.length;
  }

  /** Fills every row from the book (null before the first one), the trader's orders and the column's prices. */
  fill(column: PriceColumn, book: BookView | null, orders: WorkingOrders | null, cursorRow = -1): void {
    this.resize(column.rows);
    const top = column.topTick;
    const bottom = column.bottomTick;
    for (let row = 0; row < this.rows; row++) this.ticks[row] = top - row;
    this.bids.fill(0);
    this.asks.fill(0);
    this.buys.fill(0);
    this.sells.fill(0);
    this.volumes.fill(0);
    this.lasts.fill(0);
    this.flags.fill(0);
    this.buyMarks.fill(undefined);
    this.sellMarks.fill(undefined);

    if (book) {
      // Levels are best first: skip what is above (bids) or below (asks) the window, stop past it.
      const bids = book.bids;
      for (let i = 0; i < bids.length; i += 3) {
        const tick = bids[i]!;
        if (tick > top) continue;
        if (tick < bottom) break;
        this.bids[top - tick] = bids[i + 1]!;
      }
      const asks = book.asks;
      for (let i = 0; i < asks.length; i += 3) {
        const tick = asks[i]!;
        if (tick < bottom) continue;
        if (tick > top) break;
        this.asks[top - tick] = asks[i + 1]!;
      }
      if (bids.length > 0) this.flag(column.rowOf(bids[0]!), RowFlag.bestBid);
      if (asks.length > 0) this.flag(column.rowOf(asks[0]!), RowFlag.bestAsk);
      const volume = book.volumeAtPrice;
      for (let i = 0; i < volume.length; i += 2) {
        const row = column.rowOf(volume[i]!);
        if (row >= 0) this.volumes[row] = volume[i + 1]!;
      }
      if (book.lastTick !== null) {
        const row = column.rowOf(book.lastTick);
        if (row >= 0) {
          this.lasts[row] = book.lastQuantity;
          this.flags[row]! |= RowFlag.lastTrade;
        }
      }
    }

    if (orders) {
      for (const [tick, at] of orders.buys) {
        const row = column.rowOf(tick);
        if (row < 0) continue;
        this.buys[row] = at.quantity;
        if (at.pending) this.flags[row]! |= RowFlag.buyPending;
        if (marked(at)) this.buyMarks[row] = at;
      }
      for (const [tick, at] of orders.sells) {
        const row = column.rowOf(tick);
        if (row < 0) continue;
        this.sells[row] = at.quantity;
        if (at.pending) this.flags[row]! |= RowFlag.sellPending;
        if (marked(at)) this.sellMarks[row] = at;
      }
    }
    this.flag(cursorRow, RowFlag.cursor);
  }

  private flag(row: number, bit: number): void {
    if (row >= 0 && row < this.rows) this.flags[row]! |= bit;
  }

  /** Marks every cell as unlike any real frame (what a surface holds before its first draw). */
  invalidate(): void {
    for (const values of [this.ticks, this.bids, this.asks, this.buys, this.sells, this.volumes, this.lasts]) values.fill(Number.NaN);
    this.flags.fill(0xff);
  }

  resize(rows: number): void {
    if (rows === this.rows) return;
    this.ticks = new Float64Array(rows);
    this.bids = new Float64Array(rows);
    this.asks = new Float64Array(rows);
    this.buys = new Float64Array(rows);
    this.sells = new Float64Array(rows);
    this.volumes = new Float64Array(rows);
    this.lasts = new Float64Array(rows);
    this.flags = new Uint8Array(rows);
    this.buyMarks = new Array<OrdersAtPrice | undefined>(rows).fill(undefined);
    this.sellMarks = new Array<OrdersAtPrice | undefined>(rows).fill(undefined);
  }
}

function marked(at: OrdersAtPrice): boolean {
  return at.band !== undefined || (at.legs !== undefined && at.legs.length > 0) || at.title !== undefined;
}
