import { describe, expect, it } from 'vitest';
import { IpcClient } from '../../src-shared/ipc/client';
import type { ClientMessage } from '../../src-shared/ipc/protocol';
import { BookFeeds } from './BookFeeds';

const key = { connectionId: 'embedded', exchange: 'CME', symbol: 'ESZ6' };
const book = { exchange: 'CME', symbol: 'ESZ6', tickSize: '0.25', seq: 3, bids: [1, 1, 1], asks: [2, 1, 1], lastTick: null, lastQuantity: 0, volumeAtPrice: [], stale: false };

describe('BookFeeds', () => {
  it('shares one subscription per instrument and drops it with the last user', () => {
    const sent: ClientMessage[] = [];
    const client = new IpcClient((message) => sent.push(message));
    const feeds = new BookFeeds(client);
    const a = feeds.acquire(key);
    const b = feeds.acquire(key);
    expect(a.store).toBe(b.store);
    expect(sent).toEqual([{ t: 'sub', id: 1, stream: 'book', args: key }]);
    client.receive({ t: 'event', id: 1, value: book });
    expect(a.store.book?.seq).toBe(3);
    a.release();
    a.release();
    expect(sent).toHaveLength(1);
    b.release();
    expect(sent.at(-1)).toEqual({ t: 'unsub', id: 1 });
    feeds.acquire(key);
    expect(sent.at(-1)).toEqual({ t: 'sub', id: 2, stream: 'book', args: key });
  });

  it('subscribes again to a feed main ended, on request', () => {
    const sent: ClientMessage[] = [];
    const client = new IpcClient((message) => sent.push(message));
    const feeds = new BookFeeds(client);
    const { store } = feeds.acquire(key);
    feeds.retry(key);
    expect(sent).toHaveLength(1);
    client.receive({ t: 'end', id: 1, error: { code: 'Refused', message: 'Not logged on' } });
    expect(store.feed).toEqual({ kind: 'ended', reason: 'Not logged on' });
    feeds.retry(key);
    expect(sent.at(-1)).toEqual({ t: 'sub', id: 2, stream: 'book', args: key });
    client.receive({ t: 'event', id: 2, value: book });
    expect(store.feed.kind).toBe('live');
  });
});
