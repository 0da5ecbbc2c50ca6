import type { IpcClient } from '../../src-shared/ipc/client';
import type { ParentOrderView } from '../../src-shared/ipc/contract';
import type { StreamFeed } from '../trading/OrdersStore';

/** One event of main's `aggregator.parents` stream: every parent (reset) or the ones that changed. */
export interface ParentsChange {
  readonly reset: boolean;
  readonly parents: readonly ParentOrderView[];
}

/**
 * Aggregator parent orders by key, outside React, as main's `aggregator.parents` stream tells
 * them: the aggregated ladder draws the working ones, the Order Book groups children beneath
 * them. `version` moves on every change.
 */
export class ParentOrdersStore {
  private readonly byKey = new Map<string, ParentOrderView>();
  /** Child order key → its parent's key. */
  private readonly parentOfChild = new Map<string, string>();
  private readonly listeners = new Set<(change: ParentsChange) => void>();
  private state: StreamFeed = { kind: 'waiting' };
  private changes = 0;

  get version(): number {
    return this.changes;
  }

  get feed(): StreamFeed {
    return this.state;
  }

  get(key: string): ParentOrderView | undefined {
    return this.byKey.get(key);
  }

  all(): IterableIterator<ParentOrderView> {
    return this.byKey.values();
  }

  /** The parent of a child order (by the child's order key), if it is an Aggregator child. */
  parentOf(childKey: string): ParentOrderView | undefined {
    const parent = this.parentOfChild.get(childKey);
    return parent === undefined ? undefined : this.byKey.get(parent);
  }

  apply(change: ParentsChange): void {
    if (change.reset) {
      this.byKey.clear();
      this.parentOfChild.clear();
    }
    for (const parent of change.parents) {
      this.byKey.set(parent.key, parent);
      for (const child of parent.children) this.parentOfChild.set(child.key, parent.key);
    }
    this.state = { kind: 'live' };
    this.changes++;
    for (const listener of this.listeners) listener(change);
  }

  end(reason: string): void {
    this.state = { kind: 'ended', reason };
    this.changes++;
    for (const listener of this.listeners) listener({ reset: false, parents: [] });
  }

  onChange(listener: (change: ParentsChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Feeds the store from main's `aggregator.parents` stream (every trader's parents); returns what stops it. */
export function followParents(client: IpcClient, store: ParentOrdersStore): () => void {
  return client.subscribe(
    'aggregator.parents',
    {},
    (event) => store.apply(event),
    (error) => store.end(error?.message ?? 'main closed the parent orders stream'),
  );
}
