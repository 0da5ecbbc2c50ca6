export type StreamFeed = { readonly kind: 'waiting' } | { readonly kind: 'live' } | { readonly kind: 'ended'; readonly reason: string };

/**
 * What main's list streams (orders, fills, Aggregator parents) become outside React: the items
 * by key, the feed's state, a `version` that moves on every change (for useSyncExternalStore),
 * and listeners told each change. Each store says how an item is keyed and what a change
 * looks like to its readers.
 */
export abstract class KeyedStreamStore<T, Change> {
  protected readonly byKey = new Map<string, T>();
  private readonly listeners = new Set<(change: Change) => void>();
  private state: StreamFeed = { kind: 'waiting' };
  private changes = 0;

  protected abstract keyOf(item: T): string;
  /** The change readers are told when the feed ends (nothing changed but the state). */
  protected abstract emptyChange(): Change;

  get version(): number {
    return this.changes;
  }

  get feed(): StreamFeed {
    return this.state;
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: string): T | undefined {
    return this.byKey.get(key);
  }

  all(): IterableIterator<T> {
    return this.byKey.values();
  }

  end(reason: string): void {
    this.state = { kind: 'ended', reason };
    this.publish(this.emptyChange());
  }

  onChange(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keeps the items (all of them after a reset); with `once`, an item already held is not taken again. Returns those taken. */
  protected store(reset: boolean, items: readonly T[], once = false): T[] {
    if (reset) this.byKey.clear();
    const taken: T[] = [];
    for (const item of items) {
      const key = this.keyOf(item);
      if (once && this.byKey.has(key)) continue;
      this.byKey.set(key, item);
      taken.push(item);
    }
    return taken;
  }

  protected live(change: Change): void {
    this.state = { kind: 'live' };
    this.publish(change);
  }

  private publish(change: Change): void {
    this.changes++;
    for (const listener of this.listeners) listener(change);
  }
}
