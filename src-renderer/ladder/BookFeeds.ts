import type { IpcClient } from '../../src-shared/ipc/client';
import type { InstrumentKey } from '../../src-shared/ipc/contract';
import { BookStore } from './BookStore';

interface Feed {
  readonly store: BookStore;
  users: number;
  stop: () => void;
}

/** One `book` subscription per instrument, shared by every ladder showing it, dropped with the last one. */
export class BookFeeds {
  private readonly feeds = new Map<string, Feed>();

  constructor(private readonly client: IpcClient) {}

  /** The instrument's book store, live until `release` is called. */
  acquire(key: InstrumentKey): { store: BookStore; release: () => void } {
    const id = `${key.connectionId}|${key.exchange}|${key.symbol}`;
    let feed = this.feeds.get(id);
    if (!feed) {
      const store = new BookStore();
      feed = { store, users: 0, stop: this.subscribe(key, store) };
      this.feeds.set(id, feed);
    }
    feed.users++;
    const owned = feed;
    let released = false;
    return {
      store: owned.store,
      release: () => {
        if (released) return;
        released = true;
        if (--owned.users > 0) return;
        owned.stop();
        this.feeds.delete(id);
      },
    };
  }

  /** Subscribes again to a feed main ended (e.g. refused before the instrument list was known). */
  retry(key: InstrumentKey): void {
    const feed = this.feeds.get(`${key.connectionId}|${key.exchange}|${key.symbol}`);
    if (!feed || feed.store.feed.kind !== 'ended') return;
    feed.stop = this.subscribe(key, feed.store);
  }

  private subscribe(key: InstrumentKey, store: BookStore): () => void {
    return this.client.subscribe(
      'book',
      { connectionId: key.connectionId, exchange: key.exchange, symbol: key.symbol },
      (book) => store.set(book),
      (error) => store.end(error?.message ?? 'main closed the book stream'),
    );
  }
}
