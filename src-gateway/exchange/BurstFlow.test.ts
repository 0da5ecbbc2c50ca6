import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FLOW_MAKER } from './BackgroundFlow';
import { FLOW_BURST } from './BurstFlow';
import { MarketDataModel } from './MarketDataModel';
import type { OrderBook } from './OrderBook';
import { SimulatedExchange } from './SimulatedExchange';
import { TEST_EXCHANGE, limit } from './testing';
import type { ExchangeEvent, Side } from './types';

/** The test exchange (tick 1, reference 1000) with a clock the test moves, every event kept and modelled. */
function exchange(seed?: number) {
  const clock = { now: 0 };
  const events: ExchangeEvent[] = [];
  const md = new MarketDataModel();
  const x = new SimulatedExchange(TEST_EXCHANGE, {
    listener: {
      onEvent: (e) => {
        events.push(e);
        md.apply(e);
      },
    },
    clock: () => clock.now,
    hours: 'alwaysOpen',
    ...(seed === undefined ? {} : { seed }),
  });
  const run = (ms: number, stepMs = 20) => {
    for (const end = clock.now + ms; clock.now < end; ) x.step((clock.now += stepMs));
  };
  return { x, book: x.book('X')!, events, md, run };
}

/** Every level of a side, best first, as prices. */
function prices(book: OrderBook, side: Side): number[] {
  return book.depth(side).map((level) => level.price);
}

function owners(book: OrderBook): Set<string> {
  const seen = new Set<string>();
  for (const side of ['buy', 'sell'] as const) for (const order of book.queue(side)) seen.add(order.owner);
  return seen;
}

function range(from: number, count: number, step: 1 | -1): number[] {
  return Array.from({ length: count }, (_, i) => from + i * step);
}

describe('BurstFlow: a synthetic fast market through the book', () => {
  it('builds a full book of its own on the first step, levels one tick apart with a one-tick spread', () => {
    const { x, book, run } = exchange();
    const burst = x.startBurst('X', { rate: 1000, levels: 50, seed: 1 })!;
    expect(book.depth('buy')).toEqual([]);
    run(20);
    expect(burst.bidTop).toBe(999);
    expect(prices(book, 'buy')).toEqual(range(999, 50, -1));
    expect(prices(book, 'sell')).toEqual(range(1000, 50, 1));
    expect(owners(book)).toEqual(new Set([FLOW_BURST]));
    expect(burst.actions).toBe(0);
  });

  it('makes `rate` book changes a second, one market-data entry each, and keeps the book full across its moves', () => {
    const { x, book, events, md, run } = exchange();
    const burst = x.startBurst('X', { rate: 10_000, levels: 500, seed: 1 })!;
    run(20);
    const built = events.length;
    run(5000);
    expect(burst.actions).toBe(50_000);
    const after = events.slice(built);
    const levelChanges = after.filter((e) => e.kind === 'book').length;
    // Size changes are one entry each; the ~100 moves add a handful each.
    expect(levelChanges).toBeGreaterThanOrEqual(50_000);
    expect(levelChanges).toBeLessThan(50_000 * 1.02);
    expect(after.filter((e) => e.kind === 'trade').length).toBeGreaterThan(50);
    expect(Math.abs(burst.bidTop - 999)).toBeGreaterThan(0);
    expect(prices(book, 'buy')).toEqual(range(burst.bidTop, 500, -1));
    expect(prices(book, 'sell')).toEqual(range(burst.bidTop + 1, 500, 1));
    // A subscriber rebuilding the book from the events has exactly the engine's book.
    expect(md.seq('X')).toBe(book.seq);
    for (const side of ['buy', 'sell'] as const) expect(md.depth('X', side)).toEqual(book.depth(side).map((l) => [l.price, l.quantity, l.orders]));
    // A third of the changes land in the top 20 levels (k = floor(500·u³)).
    const top = after.filter((e) => e.kind === 'book' && Math.abs(e.price - burst.bidTop) < 21).length / levelChanges;
    expect(top).toBeGreaterThan(0.25);
    expect(top).toBeLessThan(0.45);
  });

  it('holds the book still at rate 0 and takes up a new rate without a backlog', () => {
    const { x, book, run } = exchange();
    x.startBurst('X', { rate: 2000, levels: 20, seed: 3 });
    run(1000);
    const seq = book.seq;
    expect(x.startBurst('X', { rate: 0, levels: 20, seed: 3 })!.rate).toBe(0);
    run(2000);
    expect(book.seq).toBe(seq);
    const burst = x.startBurst('X', { rate: 500, levels: 20, seed: 3 })!;
    const actions = burst.actions;
    run(1000);
    expect(burst.actions - actions).toBe(500);
  });

  it('takes the place of the background flow, and hands the market back to it when it ends', () => {
    const { x, book, run } = exchange(7);
    run(3000);
    expect(owners(book)).toContain(FLOW_MAKER);
    x.startBurst('X', { rate: 1000, levels: 30, seed: 9 });
    run(20);
    expect(owners(book)).toEqual(new Set([FLOW_BURST]));
    run(3000);
    expect(owners(book)).toEqual(new Set([FLOW_BURST]));
    const burst = x.burst('X')!;
    expect(x.endBurst('X')).toBe(true);
    expect(x.burst('X')).toBeUndefined();
    expect(x.endBurst('X')).toBe(false);
    run(20);
    expect(owners(book).has(FLOW_BURST)).toBe(false);
    run(1000);
    expect(owners(book)).toContain(FLOW_MAKER);
    // The background flow quotes around where the burst left the market.
    expect(Math.abs(book.bestBid()! - burst.bidTop)).toBeLessThanOrEqual(3);
  });

  it('leaves clients’ orders off the inside alone and never crosses them', () => {
    const { x, book, run } = exchange();
    x.startBurst('X', { rate: 5000, levels: 20, seed: 4 });
    run(20);
    const client = x.submit(limit('buy', 5, 950, 'client'))!;
    run(2000);
    expect(x.order(client)).toMatchObject({ leaves: 5, filled: 0 });
    expect(book.bestAsk()! - book.bestBid()!).toBe(1);
  });

  it('is deterministic for a seed, and says no to an unknown instrument', () => {
    const hash = (seed: number) => {
      const { x, events, run } = exchange();
      x.startBurst('X', { rate: 3000, levels: 100, seed });
      run(2000);
      return createHash('sha256').update(JSON.stringify(events)).digest('hex');
    };
    expect(hash(5)).toBe(hash(5));
    expect(hash(6)).not.toBe(hash(5));
    expect(exchange().x.startBurst('NOPE', { rate: 1, levels: 2, seed: 1 })).toBeUndefined();
  });
});
