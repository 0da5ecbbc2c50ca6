import type { IpcClient } from '../../src-shared/ipc/client';
import type { OrderView } from '../../src-shared/ipc/contract';
import { KeyedStreamStore } from './KeyedStreamStore';

/** One event of main's `orders` stream: the whole list (reset) or the orders that changed. */
export interface OrdersChange {
  readonly reset: boolean;
  readonly orders: readonly OrderView[];
}

/**
 * Every order main's state machine shows, by key, outside React: the Order Book applies each
 * change as a grid transaction, the ladders redraw their working orders.
 */
export class OrdersStore extends KeyedStreamStore<OrderView, OrdersChange> {
  protected keyOf(order: OrderView): string {
    return order.key;
  }

  protected emptyChange(): OrdersChange {
    return { reset: false, orders: [] };
  }

  apply(change: OrdersChange): void {
    this.store(change.reset, change.orders);
    this.live(change);
  }
}

/** Feeds the store from main's `orders` stream (every trader's orders); returns what stops it. */
export function followOrders(client: IpcClient, store: OrdersStore): () => void {
  return client.subscribe(
    'orders',
    {},
    (event) => store.apply(event),
    (error) => store.end(error?.message ?? 'main closed the orders stream'),
  );
}
