import type { PriceLevel } from './PriceLevel';
import type { OrderState, OrderType, Side, TimeInForce } from './types';

/**
 * An order the exchange holds. Mutable, and linked into its price level's FIFO queue
 * (intrusive prev/next), so queue operations allocate nothing.
 */
export class Order implements OrderState {
  /** The price level it rests at; null while it waits for a stop trigger or is not in the book. */
  level: PriceLevel | null = null;
  prev: Order | null = null;
  next: Order | null = null;
  filled = 0;
  leaves: number;
  waitingForTrigger: boolean;

  constructor(
    readonly orderId: number,
    readonly owner: string,
    readonly instrument: string,
    readonly side: Side,
    public type: OrderType,
    readonly tif: TimeInForce,
    public quantity: number,
    /** Limit price in ticks; undefined for market and stop-market orders. */
    public price: number | undefined,
    public stopPrice: number | undefined,
    public priority: number,
  ) {
    this.leaves = quantity;
    this.waitingForTrigger = type === 'stop' || type === 'stopLimit';
  }
}
