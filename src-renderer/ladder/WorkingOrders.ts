import type { OrderStatus, OrderView } from '../../src-shared/ipc/contract/trading';
import type { PriceScale } from './PriceScale';

/** States in which an order rests (or may still rest) at its price. */
const resting: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['PendingNew', 'Working', 'PartiallyFilled', 'PendingReplace', 'PendingCancel']);
/** Waiting for the exchange: drawn dimmed, and not cancelled or moved again until answered. */
const pending: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['PendingNew', 'PendingReplace', 'PendingCancel']);

export function isResting(order: OrderView): boolean {
  return resting.has(order.status) && order.leaves > 0;
}

/** An Aggregator child order drawn on its aggregated row, in its leg's colour. */
export interface LegMark {
  readonly alias: string;
  readonly colour: string;
  /** Open leg contracts. */
  readonly quantity: number;
  /** The child's own price, on its leg's tick. */
  readonly price: string;
}

/** One side's working orders at one price. */
export interface OrdersAtPrice {
  quantity: number;
  keys: string[];
  /** Some of them wait for the exchange's answer. */
  pending: boolean;
  /** An Aggregator parent's colour band (the aggregated instrument's colour). */
  band?: string;
  /** Aggregator children working here, each in its leg's colour. */
  legs?: LegMark[];
  /** What the orders here are, for a tooltip. */
  title?: string;
}

/** The trader's resting limit orders of one instrument and account, by side and step of the ladder's price scale. */
export class WorkingOrders {
  readonly buys = new Map<number, OrdersAtPrice>();
  readonly sells = new Map<number, OrdersAtPrice>();

  static of(orders: Iterable<OrderView>, scale: PriceScale, matches: (order: OrderView) => boolean): WorkingOrders {
    const working = new WorkingOrders();
    for (const order of orders) {
      if (order.price === null || !isResting(order) || !matches(order)) continue;
      const tick = stepOrNull(scale, order.price);
      // A price off this instrument's lattice cannot be drawn at a row; the Order Book still lists it.
      if (tick === null) continue;
      const side = order.side === 'buy' ? working.buys : working.sells;
      const here = side.get(tick);
      if (here) {
        here.quantity += order.leaves;
        here.keys.push(order.key);
        here.pending ||= pending.has(order.status);
      } else {
        side.set(tick, { quantity: order.leaves, keys: [order.key], pending: pending.has(order.status) });
      }
    }
    return working;
  }

  at(side: 'buy' | 'sell', tick: number): OrdersAtPrice | undefined {
    return (side === 'buy' ? this.buys : this.sells).get(tick);
  }

  /** The entry of `side` at `step`, made empty when there is none yet. */
  entry(side: 'buy' | 'sell', step: number): OrdersAtPrice {
    const map = side === 'buy' ? this.buys : this.sells;
    let here = map.get(step);
    if (!here) {
      here = { quantity: 0, keys: [], pending: false };
      map.set(step, here);
    }
    return here;
  }
}

export function stepOrNull(scale: PriceScale, price: string): number | null {
  try {
    return scale.stepOf(price);
  } catch {
    return null;
  }
}
