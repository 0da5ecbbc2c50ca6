import type { BookView } from '../../src-shared/ipc/contract/trading';

export type BookFeedState = { readonly kind: 'waiting' } | { readonly kind: 'live' } | { readonly kind: 'ended'; readonly reason: string };

/**
 * One instrument's book in the renderer: only the newest state is kept. Setting a book is O(1)
 * and tells listeners only that something changed; whoever draws reads `book` when it draws,
 * so a slow screen sees fewer, newer books and never a queue of old ones (SPEC §11).
 */
export class BookStore {
  private current: BookView | null = null;
  private state: BookFeedState = { kind: 'waiting' };
  private count = 0;
  private readonly listeners = new Set<() => void>();

  get book(): BookView | null {
    return this.current;
  }

  get feed(): BookFeedState {
    return this.state;
  }

  /** Books received so far (the drawn ones are fewer under a fast feed). */
  get received(): number {
    return this.count;
  }

  set(book: BookView): void {
    this.current = book;
    this.count++;
    if (this.state.kind !== 'live') this.state = { kind: 'live' };
    this.changed();
  }

  end(reason: string): void {
    this.state = { kind: 'ended', reason };
    this.changed();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}
