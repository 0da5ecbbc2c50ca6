import type { BookView } from '../../../src-shared/ipc/contract/trading';

/**
 * The reproducible full-depth feed of NOTES.md, for the ladder benchmark: tick 0.25, 500
 * levels a side, a one-tick spread, best bid starting at 5000.00 (tick 20000), mulberry32
 * seeded 1. Each event is a mid move with probability 0.002 (one tick up or down, the book
 * kept full) or else a new size at depth floor(500·u³) on a random side.
 *
 * Draw order, so anyone can regenerate the same stream: the initial book draws (qty, orders)
 * for bid levels best first, then ask levels best first. An event draws u (move if < 0.002);
 * a move draws its direction (up if < 0.5), then (qty, orders) of the level that joins the
 * inside and of the level that joins the far end; a size change draws its side (bid if
 * < 0.5), its depth, then (qty, orders).
 */
export class SyntheticBook {
  static readonly tickSize = '0.25';
  static readonly levels = 500;
  static readonly firstBestBid = 20_000;

  private readonly random: Mulberry32;
  /** Flat [tick, quantity, orders, …], best first: the same shape as BookView. */
  private readonly bids: number[] = [];
  private readonly asks: number[] = [];
  private seq = 0;
  private events = 0;

  constructor(seed = 1) {
    this.random = new Mulberry32(seed);
    const best = SyntheticBook.firstBestBid;
    for (let i = 0; i < SyntheticBook.levels; i++) this.bids.push(best - i, this.quantity(), this.orderCount());
    for (let i = 0; i < SyntheticBook.levels; i++) this.asks.push(best + 1 + i, this.quantity(), this.orderCount());
  }

  /** Events applied so far. */
  get applied(): number {
    return this.events;
  }

  /** Applies the next event of the stream. */
  step(): void {
    this.events++;
    this.seq++;
    if (this.random.next() < 0.002) this.moveMid(this.random.next() < 0.5 ? 1 : -1);
    else this.changeSize();
  }

  /** The book now, as main would send it over IPC (copies: the caller may keep it). */
  view(): BookView {
    return {
      exchange: 'SIM',
      symbol: 'SYNTH',
      tickSize: SyntheticBook.tickSize,
      seq: this.seq,
      bids: this.bids.slice(),
      asks: this.asks.slice(),
      lastTick: null,
      lastQuantity: 0,
      volumeAtPrice: [],
      stale: false,
    };
  }

  private moveMid(direction: 1 | -1): void {
    const [gaining, losing] = direction === 1 ? [this.bids, this.asks] : [this.asks, this.bids];
    // The losing side's best level is traded away and becomes the gaining side's new best;
    // the gaining side drops its deepest level and the losing side gains one at its far end.
    const newBest = losing[0]!;
    losing.splice(0, 3);
    gaining.unshift(newBest, this.quantity(), this.orderCount());
    gaining.length -= 3;
    const farTick = losing[losing.length - 3]! + direction;
    losing.push(farTick, this.quantity(), this.orderCount());
  }

  private changeSize(): void {
    const side = this.random.next() < 0.5 ? this.bids : this.asks;
    const depth = Math.floor(SyntheticBook.levels * this.random.next() ** 3);
    side[depth * 3 + 1] = this.quantity();
    side[depth * 3 + 2] = this.orderCount();
  }

  private quantity(): number {
    return 1 + Math.floor(-Math.log(1 - this.random.next()) * 100);
  }

  private orderCount(): number {
    return 1 + Math.floor(this.random.next() * 20);
  }
}

/** mulberry32 (Tommy Ettinger's), as the gateway's simulator uses it: the same seed, the same stream everywhere. */
class Mulberry32 {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}
