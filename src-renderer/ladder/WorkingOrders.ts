import type { OrderStatus, OrderView } from '../../src-shared/ipc/contract/trading';
import type { TickSize } from '../../src-shared/pricing';

/** States in which an order rests (or may still rest) at its price. */
const resting: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['PendingNew', 'Working', 'PartiallyFilled', 'PendingReplace', 'PendingCancel']);
/** Waiting for the exchange: drawn dimmed, and not cancelled or moved again until answered. */
const pending: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['PendingNew', 'PendingReplace', 'PendingCancel']);

export function isResting(order: OrderView): boolean {
  return resting.has(order.status) && order.leaves > 0;
}

/** One side's working orders at one price. */
export interface OrdersAtPrice {
  quantity: number;
  keys: string[];
  /** Some of them wait for the exchange's answer. */
  pending: boolean;
}

/** The trader's resting limit orders of one instrument and account, by side and tick. */
export class WorkingOrders {
  readonly buys = new Map<number, OrdersAtPrice>();
  readonly sells = new Map<number, OrdersAtPrice>();

  static of(orders: Iterable<OrderView>, tickSize: TickSize, matches: (order: OrderView) => boolean): WorkingOrders {
    const working = new WorkingOrders();
    for (const order of orders) {
      if (order.price === null || !isResting(order) || !matches(order)) continue;
      const tick = ticksOrNull(tickSize, order.price);
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
}

function ticksOrNull(tickSize: TickSize, price: string): number | null {
  try {
    return tickSize.ticksOf(price);
  } catch {
    return null;
  }
}
