import type { Order } from './Order';
import type { Side } from './types';

/**
 * Stop orders of one side waiting for their trigger, the next to trigger last. A buy stop
 * triggers when a trade prints at or above its stop price, lowest stop first; a sell stop
 * when a trade prints at or below, highest first; at the same stop price, first come first.
 */
export class StopOrders {
  /** Ascending by key (-stop for buys, +stop for sells); equal keys newest first. */
  private readonly orders: Order[] = [];
  private readonly sign: 1 | -1;

  constructor(side: Side) {
    this.sign = side === 'buy' ? -1 : 1;
  }

  add(order: Order): void {
    const key = this.sign * order.stopPrice!;
    const orders = this.orders;
    let lo = 0;
    let hi = orders.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sign * orders[mid]!.stopPrice! < key) lo = mid + 1;
      else hi = mid;
    }
    orders.splice(lo, 0, order);
  }

  remove(order: Order): void {
    const i = this.orders.lastIndexOf(order);
    if (i >= 0) this.orders.splice(i, 1);
  }

  /** Would a trade at `price` trigger this stop price? */
  triggers(stopPrice: number, tradePrice: number): boolean {
    return this.sign * stopPrice >= this.sign * tradePrice;
  }

  /** Removes and returns the next stop that a trade at `tradePrice` triggers, if any. */
  popTriggered(tradePrice: number): Order | undefined {
    const last = this.orders[this.orders.length - 1];
    if (!last || !this.triggers(last.stopPrice!, tradePrice)) return undefined;
    return this.orders.pop();
  }

  get size(): number {
    return this.orders.length;
  }

  all(): readonly Order[] {
    return this.orders;
  }
}
