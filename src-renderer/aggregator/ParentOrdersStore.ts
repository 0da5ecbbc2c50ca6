import type { IpcClient } from '../../src-shared/ipc/client';
import type { ParentOrderView } from '../../src-shared/ipc/contract';
import { KeyedStreamStore } from '../trading/KeyedStreamStore';

/** One event of main's `aggregator.parents` stream: every parent (reset) or the ones that changed. */
export interface ParentsChange {
  readonly reset: boolean;
  readonly parents: readonly ParentOrderView[];
}

/**
 * Aggregator parent orders by key, outside React, as main's `aggregator.parents` stream tells
 * them: the aggregated ladder draws the working ones, the Order Book groups children beneath
 * them.
 */
export class ParentOrdersStore extends KeyedStreamStore<ParentOrderView, ParentsChange> {
  /** Child order key → its parent's key. */
  private readonly parentOfChild = new Map<string, string>();

  protected keyOf(parent: ParentOrderView): string {
    return parent.key;
  }

  protected emptyChange(): ParentsChange {
    return { reset: false, parents: [] };
  }

  /** The parent of a child order (by the child's order key), if it is an Aggregator child. */
  parentOf(childKey: string): ParentOrderView | undefined {
    const parent = this.parentOfChild.get(childKey);
    return parent === undefined ? undefined : this.byKey.get(parent);
  }

  apply(change: ParentsChange): void {
    if (change.reset) this.parentOfChild.clear();
    for (const parent of this.store(change.reset, change.parents)) {
      for (const child of parent.children) this.parentOfChild.set(child.key, parent.key);
    }
    this.live(change);
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
