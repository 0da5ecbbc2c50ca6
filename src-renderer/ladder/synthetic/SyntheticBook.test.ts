import { describe, expect, it } from 'vitest';
import type { BookView } from '../../../src-shared/ipc/contract/trading';
import { SyntheticBook } from './SyntheticBook';

function ticks(levels: readonly number[]): number[] {
  return levels.filter((_, i) => i % 3 === 0);
}

function checkFull(book: BookView): void {
  const bids = ticks(book.bids);
  const asks = ticks(book.asks);
  expect(bids).toHaveLength(SyntheticBook.levels);
  expect(asks).toHaveLength(SyntheticBook.levels);
  expect(asks[0]! - bids[0]!).toBe(1);
  expect(bids.every((tick, i) => tick === bids[0]! - i)).toBe(true);
  expect(asks.every((tick, i) => tick === asks[0]! + i)).toBe(true);
  const sizes = [book.bids, book.asks].flatMap((levels) => levels.filter((_, i) => i % 3 !== 0));
  expect(sizes.every((size) => Number.isInteger(size) && size >= 1)).toBe(true);
  const orders = [book.bids, book.asks].flatMap((levels) => levels.filter((_, i) => i % 3 === 2));
  expect(Math.max(...orders)).toBeLessThanOrEqual(20);
}

describe('SyntheticBook (the NOTES.md ladder feed)', () => {
  it('starts full: 500 levels a side, best bid 5000.00 in 0.25 ticks, one-tick spread', () => {
    const book = new SyntheticBook().view();
    expect(book.tickSize).toBe('0.25');
    expect(book.bids[0]).toBe(20_000);
    expect(book.asks[0]).toBe(20_001);
    checkFull(book);
  });

  it('stays full and one tick wide through mid moves, and the mid does move', () => {
    const feed = new SyntheticBook();
    const bests = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      feed.step();
      if (i % 1000 === 0) {
        const view = feed.view();
        checkFull(view);
        bests.add(view.bids[0]!);
      }
    }
    checkFull(feed.view());
    expect(bests.size).toBeGreaterThan(1);
    expect(feed.view().seq).toBe(20_000);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    const [a, b, c] = [new SyntheticBook(1), new SyntheticBook(1), new SyntheticBook(2)];
    for (let i = 0; i < 5000; i++) {
      a.step();
      b.step();
      c.step();
    }
    expect(a.view()).toEqual(b.view());
    expect(a.view().bids).not.toEqual(c.view().bids);
  });

  it('moves the mid about 0.2% of the time and puts about a third of size changes in the top 20 levels', () => {
    const feed = new SyntheticBook();
    let previous = feed.view();
    let moves = 0;
    let changes = 0;
    let top20 = 0;
    const events = 100_000;
    for (let i = 0; i < events; i++) {
      feed.step();
      const next = feed.view();
      if (next.bids[0] !== previous.bids[0]) moves++;
      else {
        changes++;
        for (const [was, now] of [[previous.bids, next.bids], [previous.asks, next.asks]] as const) {
          for (let level = 0; level < 20; level++) {
            if (was[level * 3 + 1] !== now[level * 3 + 1] || was[level * 3 + 2] !== now[level * 3 + 2]) top20++;
          }
        }
      }
      previous = next;
    }
    expect(moves / events).toBeGreaterThan(0.0012);
    expect(moves / events).toBeLessThan(0.0028);
    // A new size can equal the old one by chance, so a few changes are invisible.
    expect(top20 / changes).toBeGreaterThan(0.3);
    expect(top20 / changes).toBeLessThan(0.37);
  });
});
