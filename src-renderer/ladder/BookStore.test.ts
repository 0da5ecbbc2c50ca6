import { describe, expect, it } from 'vitest';
import { SyntheticBook } from './synthetic/SyntheticBook';
import { BookStore } from './BookStore';
import { FrameScheduler } from './FrameScheduler';

describe('BookStore and FrameScheduler', () => {
  it('keep only the newest book and draw it once per frame however many arrive', () => {
    const feed = new SyntheticBook();
    const store = new BookStore();
    const frames: (() => void)[] = [];
    const drawn: number[] = [];
    const scheduler = new FrameScheduler(
      () => drawn.push(store.book!.seq),
      (callback) => frames.push(callback),
      () => undefined,
    );
    store.onChange(() => scheduler.request());
    expect(store.feed.kind).toBe('waiting');

    for (let i = 0; i < 500; i++) {
      feed.step();
      store.set(feed.view());
    }
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(drawn).toEqual([500]);
    expect(store.received).toBe(500);
    expect(store.feed.kind).toBe('live');

    // Nothing new, no frame asked for.
    expect(frames).toHaveLength(0);
    feed.step();
    store.set(feed.view());
    frames.shift()!();
    expect(drawn).toEqual([500, 501]);
  });

  it('reports an ended feed and lets the screen redraw to say so', () => {
    const store = new BookStore();
    let changes = 0;
    const stop = store.onChange(() => changes++);
    store.end('the gateway is disconnected');
    expect(store.feed).toEqual({ kind: 'ended', reason: 'the gateway is disconnected' });
    expect(changes).toBe(1);
    stop();
    store.end('again');
    expect(changes).toBe(1);
  });

  it('a disposed scheduler cancels its frame', () => {
    const cancelled: number[] = [];
    const scheduler = new FrameScheduler(
      () => undefined,
      () => 42,
      (handle) => cancelled.push(handle),
    );
    scheduler.request();
    scheduler.request();
    scheduler.dispose();
    expect(cancelled).toEqual([42]);
  });
});
