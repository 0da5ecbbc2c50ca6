import type { IpcClient } from '../../src-shared/ipc/client';
import type { OrderView } from '../../src-shared/ipc/contract';

export type StreamFeed = { readonly kind: 'waiting' } | { readonly kind: 'live' } | { readonly kind: 'ended'; readonly reason: string };

/** One event of main's `orders` stream: the whole list (reset) or the orders that changed. */
export interface OrdersChange {
  readonly reset: boolean;
  readonly orders: readonly OrderView[];
}

/**
 * Every order main's state machine shows, by key, outside React: the Order Book applies each
 * change as a grid transaction, the ladders redraw their working orders. `version` moves on
 * every change, for React's useSyncExternalStore.
 */
export class OrdersStore {
  private readonly byKey = new Map<string, OrderView>();
  private readonly listeners = new Set<(change: OrdersChange) => void>();
  private state: StreamFeed = { kind: 'waiting' };
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  get feed(): StreamFeed {
    return this.state;
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): OrderView | undefined {
    return this.byKey.get(key);
  }

  all(): IterableIterator<OrderView> {
    return this.byKey.values();
  }

  apply(change: OrdersChange): void {
    if (change.reset) this.byKey.clear();
    for (const order of change.orders) this.byKey.set(order.key, order);
    this.state = { kind: 'live' };
    this.changes++;
    for (const listener of this.listeners) listener(change);
  }

  end(reason: string): void {
    this.state = { kind: 'ended', reason };
    this.changes++;
    for (const listener of this.listeners) listener({ reset: false, orders: [] });
  }

  onChange(listener: (change: OrdersChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
