import type { ChildTif, Side } from './types';

/**
 * One child order as the engine knows it. Until the exchange confirms it gone, everything not
 * filled counts as open — in flight, resting, or with a cancel or reduce pending — because the
 * exchange may still fill it.
 */
export class ChildOrder {
  acked = false;
  /** A cancel or a reduce (cancel/replace down) sent and not yet answered. */
  pending: 'none' | 'cancel' | 'reduce' = 'none';
  /** The exchange has confirmed it is over: filled, cancelled, expired or rejected. */
  done = false;
  filled = 0;
  /**
   * Once done: the most it can ever be filled. The exchange's CumQty on a cancel can be ahead of
   * the fills seen so far (a fill still on its way); that part stays open until it arrives.
   */
  private ceiling = 0;

  constructor(
    readonly id: string,
    readonly leg: number,
    readonly side: Side,
    /** Leg price in ticks. */
    readonly ticks: number,
    /** Order quantity in leg contracts (the total, including filled). */
    public quantity: number,
    readonly tif: ChildTif,
  ) {}

  /** Contracts that may still fill. */
  get open(): number {
    return Math.max(0, (this.done ? this.ceiling : this.quantity) - this.filled);
  }

  /** Acknowledged, not filled, nothing pending: on the book where it was sent. */
  get resting(): boolean {
    return !this.done && this.acked && this.pending === 'none' && this.quantity > this.filled;
  }

  /** Over, possibly with fills the exchange has counted that are still to arrive. */
  finish(exchangeFilled = 0): void {
    this.done = true;
    this.pending = 'none';
    this.ceiling = Math.max(this.filled, exchangeFilled);
  }
}
