import { describe, expect, it } from 'vitest';
import { limit, testExchange } from './testing';
import type { ExchangeEvent, NewOrder, OrderFilled } from './types';

/** The events of one kind, without the fields every test would have to repeat. */
function of<K extends ExchangeEvent['kind']>(events: ExchangeEvent[], kind: K): Extract<ExchangeEvent, { kind: K }>[] {
  return events.filter((e): e is Extract<ExchangeEvent, { kind: K }> => e.kind === kind);
}

function fills(events: ExchangeEvent[]): Pick<OrderFilled, 'orderId' | 'price' | 'quantity' | 'leaves' | 'aggressor'>[] {
  return of(events, 'fill').map(({ orderId, price, quantity, leaves, aggressor }) => ({ orderId, price, quantity, leaves, aggressor }));
}

function queueAt(exchange: ReturnType<typeof testExchange>['exchange'], side: 'buy' | 'sell'): [number, number, number][] {
  return [...exchange.book('X')!.queue(side)].map((o) => [o.orderId, o.price!, o.leaves]);
}

describe('OrderBook: limit orders and price-time priority', () => {
  it('rests a limit order that does not cross, and reports the new level', () => {
    const { exchange, recorder } = testExchange();
    const id = exchange.submit(limit('buy', 5, 100, 'A', { clientRef: 'c1' }))!;
    const events = recorder.take();
    expect(events.map((e) => e.kind)).toEqual(['accepted', 'book']);
    expect(events[0]).toMatchObject({ orderId: id, clientRef: 'c1', owner: 'A', quantity: 5, price: 100 });
    expect(events[1]).toMatchObject({ side: 'buy', price: 100, quantity: 5, orders: 1, action: 'new', seq: 1 });
    expect(exchange.order(id)).toMatchObject({ leaves: 5, filled: 0 });
  });

  it('fills the best price first, then the earliest order at that price, at the resting price', () => {
    const { exchange, recorder } = testExchange();
    const a = exchange.submit(limit('sell', 3, 101))!;
    const b = exchange.submit(limit('sell', 4, 100))!;
    const c = exchange.submit(limit('sell', 5, 100))!;
    recorder.take();
    const buy = exchange.submit(limit('buy', 10, 101, 'B'))!;
    const events = recorder.take();
    expect(fills(events)).toEqual([
      { orderId: b, price: 100, quantity: 4, leaves: 0, aggressor: false },
      { orderId: buy, price: 100, quantity: 4, leaves: 6, aggressor: true },
      { orderId: c, price: 100, quantity: 5, leaves: 0, aggressor: false },
      { orderId: buy, price: 100, quantity: 5, leaves: 1, aggressor: true },
      { orderId: a, price: 101, quantity: 1, leaves: 2, aggressor: false },
      { orderId: buy, price: 101, quantity: 1, leaves: 0, aggressor: true },
    ]);
    expect(of(events, 'trade').map((t) => [t.price, t.quantity, t.aggressor])).toEqual([
      [100, 4, 'buy'],
      [100, 5, 'buy'],
      [101, 1, 'buy'],
    ]);
    expect(of(events, 'book').map((b) => [b.side, b.price, b.quantity, b.action])).toEqual([
      ['sell', 100, 0, 'delete'],
      ['sell', 101, 2, 'change'],
    ]);
    expect(queueAt(exchange, 'sell')).toEqual([[a, 101, 2]]);
    expect(queueAt(exchange, 'buy')).toEqual([]);
    const tradeIds = of(events, 'fill').map((f) => f.tradeId);
    expect(new Set(tradeIds).size).toBe(3);
  });

  it('rests the unfilled part of a crossing limit order at its limit', () => {
    const { exchange, recorder } = testExchange();
    exchange.submit(limit('sell', 2, 100));
    recorder.take();
    const buy = exchange.submit(limit('buy', 5, 102, 'B'))!;
    expect(exchange.order(buy)).toMatchObject({ leaves: 3, filled: 2, price: 102 });
    expect(exchange.book('X')!.depth('buy')).toEqual([{ price: 102, quantity: 3, orders: 1 }]);
    expect(exchange.book('X')!.depth('sell')).toEqual([]);
  });

  it.each<[string, Partial<NewOrder>, string]>([
    ['zero quantity', { quantity: 0 }, 'InvalidQuantity'],
    ['fractional quantity', { quantity: 1.5 }, 'InvalidQuantity'],
    ['no price on a limit order', { price: undefined }, 'InvalidPrice'],
    ['a fractional tick count', { price: 100.5 }, 'InvalidPrice'],
    ['a stop price on a limit order', { stopPrice: 99 }, 'InvalidPrice'],
    ['a price on a market order', { type: 'market' }, 'InvalidPrice'],
    ['a stop order without a stop price', { type: 'stop', price: undefined }, 'InvalidPrice'],
    ['an unknown instrument', { instrument: 'NOPE' }, 'UnknownInstrument'],
    ['an unknown time in force', { tif: 'gtd' as never }, 'InvalidOrderType'],
  ])('rejects %s', (_, change, reason) => {
    const { exchange, recorder } = testExchange();
    expect(exchange.submit({ ...limit('buy', 1, 100, 'A', { clientRef: 'r' }), ...change })).toBeUndefined();
    const events = recorder.take();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'rejected', reason, clientRef: 'r', owner: 'A' });
    expect((events[0] as { text: string }).text.length).toBeGreaterThan(5);
  });
});

describe('OrderBook: market, IOC and FOK', () => {
  function withAsks() {
    const t = testExchange();
    t.exchange.submit(limit('sell', 2, 100));
    t.exchange.submit(limit('sell', 3, 101));
    t.exchange.submit(limit('sell', 4, 105));
    t.recorder.take();
    return t;
  }

  it.each<[string, Partial<NewOrder>, number, string | undefined, number]>([
    ['market sweeps to fill and cancels nothing when liquidity suffices', { type: 'market', price: undefined, quantity: 6 }, 6, undefined, 0],
    ['market cancels what the book cannot fill', { type: 'market', price: undefined, quantity: 12 }, 9, 'ImmediateOrCancel', 3],
    ['IOC fills to its limit and cancels the rest', { tif: 'ioc', price: 101, quantity: 8 }, 5, 'ImmediateOrCancel', 3],
    ['IOC that cannot trade is cancelled whole', { tif: 'ioc', price: 99, quantity: 8 }, 0, 'ImmediateOrCancel', 8],
    ['FOK fills completely when enough is offered at its limit', { tif: 'fok', price: 101, quantity: 5 }, 5, undefined, 0],
    ['FOK is cancelled whole when one lot is missing', { tif: 'fok', price: 101, quantity: 6 }, 0, 'FillOrKill', 6],
    ['market FOK counts the whole side', { type: 'market', tif: 'fok', price: undefined, quantity: 9 }, 9, undefined, 0],
  ])('%s', (_, change, filled, cancelReason, cancelled) => {
    const { exchange, recorder } = withAsks();
    const id = exchange.submit({ ...limit('buy', 1, 100, 'B'), ...change })!;
    const events = recorder.take();
    const mine = of(events, 'fill').filter((f) => f.orderId === id);
    expect(mine.reduce((s, f) => s + f.quantity, 0)).toBe(filled);
    const cancels = of(events, 'cancelled');
    if (cancelReason) expect(cancels).toEqual([expect.objectContaining({ orderId: id, reason: cancelReason, quantity: cancelled, filled })]);
    else expect(cancels).toEqual([]);
    expect(exchange.order(id)).toBeUndefined();
    expect(queueAt(exchange, 'buy')).toEqual([]);
  });

  it('a market order into an empty book is accepted and cancelled', () => {
    const { exchange, recorder } = testExchange();
    exchange.submit({ instrument: 'X', owner: 'A', side: 'sell', type: 'market', tif: 'day', quantity: 3 });
    expect(recorder.take().map((e) => e.kind)).toEqual(['accepted', 'cancelled']);
  });
});

describe('OrderBook: stop orders', () => {
  function market() {
    const t = testExchange();
    t.exchange.submit(limit('sell', 5, 101, 'M'));
    t.exchange.submit(limit('sell', 5, 102, 'M'));
    t.exchange.submit(limit('buy', 5, 99, 'M'));
    t.exchange.submit(limit('buy', 5, 98, 'M'));
    t.exchange.submit(limit('buy', 1, 100, 'T'));
    t.exchange.submit(limit('sell', 1, 100, 'U')); // last trade 100
    t.recorder.take();
    return t;
  }

  it('rejects a stop the last trade has already reached', () => {
    const { exchange, recorder } = market();
    expect(exchange.submit({ instrument: 'X', owner: 'S', side: 'buy', type: 'stop', tif: 'day', quantity: 1, stopPrice: 100 })).toBeUndefined();
    expect(exchange.submit({ instrument: 'X', owner: 'S', side: 'sell', type: 'stop', tif: 'day', quantity: 1, stopPrice: 100 })).toBeUndefined();
    expect(of(recorder.take(), 'rejected').map((r) => r.reason)).toEqual(['StopPriceAlreadyTriggered', 'StopPriceAlreadyTriggered']);
  });

  it('a buy stop-market waits, then triggers on a trade at its stop and buys at market', () => {
    const { exchange, recorder } = market();
    const stop = exchange.submit({ instrument: 'X', owner: 'S', side: 'buy', type: 'stop', tif: 'day', quantity: 12, stopPrice: 101 })!;
    expect(exchange.order(stop)).toMatchObject({ waitingForTrigger: true, leaves: 12 });
    expect(exchange.book('X')!.depth('buy')[0]!.price).toBe(99);
    recorder.take();
    exchange.submit(limit('buy', 1, 101, 'B')); // trades at 101: triggers
    const events = recorder.take();
    const kinds = events.filter((e) => e.kind !== 'book').map((e) => e.kind);
    expect(kinds).toEqual(['accepted', 'fill', 'fill', 'trade', 'stopTriggered', 'fill', 'fill', 'trade', 'fill', 'fill', 'trade', 'cancelled']);
    expect(of(events, 'stopTriggered')[0]).toMatchObject({ orderId: stop, tradePrice: 101 });
    expect(fills(events).filter((f) => f.orderId === stop).map((f) => [f.price, f.quantity])).toEqual([
      [101, 4],
      [102, 5],
    ]);
    expect(of(events, 'cancelled')[0]).toMatchObject({ orderId: stop, reason: 'ImmediateOrCancel', quantity: 3, filled: 9 });
  });

  it('a sell stop-limit triggers when trades reach it and rests at its limit', () => {
    const { exchange, recorder } = market();
    const stop = exchange.submit({ instrument: 'X', owner: 'S', side: 'sell', type: 'stopLimit', tif: 'gtc', quantity: 8, stopPrice: 99, price: 99 })!;
    recorder.take();
    exchange.submit(limit('sell', 5, 99, 'B')); // takes the 99 bid: trade at 99 triggers the stop
    const events = recorder.take();
    expect(of(events, 'stopTriggered').map((e) => e.orderId)).toEqual([stop]);
    expect(exchange.order(stop)).toMatchObject({ type: 'limit', price: 99, leaves: 8, waitingForTrigger: false });
    expect(exchange.book('X')!.depth('sell')[0]).toEqual({ price: 99, quantity: 8, orders: 1 });
  });

  it('triggers in stop price order, then time, including stops triggered by triggered stops', () => {
    const { exchange, recorder } = testExchange();
    for (const p of [101, 102, 103, 104]) exchange.submit(limit('sell', 1, p, 'M'));
    const s103 = exchange.submit({ instrument: 'X', owner: 'S', side: 'buy', type: 'stop', tif: 'day', quantity: 1, stopPrice: 103 })!;
    const s101a = exchange.submit({ instrument: 'X', owner: 'S', side: 'buy', type: 'stop', tif: 'day', quantity: 1, stopPrice: 101 })!;
    const s101b = exchange.submit({ instrument: 'X', owner: 'S', side: 'buy', type: 'stop', tif: 'day', quantity: 1, stopPrice: 101 })!;
    recorder.take();
    exchange.submit(limit('buy', 1, 101, 'B'));
    // 101 triggers s101a (buys 102), then s101b (buys 103), whose trade at 103 triggers s103 (buys 104).
    expect(of(recorder.take(), 'stopTriggered').map((e) => [e.orderId, e.tradePrice])).toEqual([
      [s101a, 101],
      [s101b, 102],
      [s103, 103],
    ]);
  });
});

describe('OrderBook: cancel and cancel/replace', () => {
  function level() {
    const t = testExchange();
    const ids = [t.exchange.submit(limit('buy', 5, 100, 'A'))!, t.exchange.submit(limit('buy', 5, 100, 'B'))!, t.exchange.submit(limit('buy', 5, 100, 'C'))!];
    t.recorder.take();
    return { ...t, ids };
  }

  it('cancels a resting order and its open quantity leaves the level', () => {
    const { exchange, recorder, ids } = level();
    exchange.cancel(ids[1]!, 'cx');
    const events = recorder.take();
    expect(of(events, 'cancelled')).toEqual([expect.objectContaining({ orderId: ids[1], clientRef: 'cx', reason: 'Requested', quantity: 5, filled: 0 })]);
    expect(of(events, 'book')).toEqual([expect.objectContaining({ price: 100, quantity: 10, orders: 2, action: 'change' })]);
    exchange.cancel(ids[1]!, 'again');
    expect(recorder.take()).toEqual([expect.objectContaining({ kind: 'cancelRejected', request: 'cancel', reason: 'UnknownOrder', clientRef: 'again' })]);
  });

  it.each<[string, { quantity: number; price?: number }, boolean, number]>([
    ['a quantity decrease at the same price keeps its place', { quantity: 2 }, true, 0],
    ['the same quantity and price keeps its place', { quantity: 5 }, true, 0],
    ['a quantity increase goes to the back', { quantity: 6 }, false, 2],
    ['a price change goes to the back of the new level', { quantity: 5, price: 101 }, false, 0],
    ['a decrease that names the same price keeps its place', { quantity: 1, price: 100 }, true, 0],
  ])('%s', (_, change, kept, position) => {
    const { exchange, recorder, ids } = level();
    exchange.replace({ orderId: ids[0]!, clientRef: 'r1', ...change });
    const replaced = of(recorder.take(), 'replaced');
    expect(replaced).toEqual([expect.objectContaining({ orderId: ids[0], clientRef: 'r1', keptPriority: kept, quantity: change.quantity })]);
    const price = change.price ?? 100;
    const atPrice = [...exchange.book('X')!.queue('buy')].filter((o) => o.price === price).map((o) => o.orderId);
    expect(atPrice.indexOf(ids[0]!)).toBe(position);
  });

  it('a replace of a partly filled order counts the filled quantity', () => {
    const { exchange, recorder, ids } = level();
    exchange.submit(limit('sell', 3, 100, 'S'));
    recorder.take();
    expect(exchange.order(ids[0]!)).toMatchObject({ filled: 3, leaves: 2 });
    exchange.replace({ orderId: ids[0]!, quantity: 4 }); // new total 4: 1 left open, still first
    expect(of(recorder.take(), 'replaced')[0]).toMatchObject({ quantity: 4, filled: 3, leaves: 1, keptPriority: true });
    expect(queueAt(exchange, 'buy')[0]).toEqual([ids[0], 100, 1]);
  });

  it.each([3, 2])('a replace to %i, at or below the filled 3, ends the order (CME rule)', (quantity) => {
    const { exchange, recorder, ids } = level();
    exchange.submit(limit('sell', 3, 100, 'S'));
    recorder.take();
    exchange.replace({ orderId: ids[0]!, quantity, clientRef: 'r' });
    const events = recorder.take();
    expect(of(events, 'cancelled')).toEqual([expect.objectContaining({ orderId: ids[0], reason: 'ReplacedToFilledQuantity', quantity: 2, filled: 3, clientRef: 'r' })]);
    expect(of(events, 'replaced')).toEqual([]);
    expect(exchange.order(ids[0]!)).toBeUndefined();
  });

  it('a replace to a crossing price trades at once', () => {
    const { exchange, recorder, ids } = level();
    exchange.submit(limit('sell', 4, 102, 'S'));
    recorder.take();
    exchange.replace({ orderId: ids[2]!, quantity: 5, price: 102 });
    const events = recorder.take();
    expect(events.map((e) => e.kind).filter((k) => k !== 'book')).toEqual(['replaced', 'fill', 'fill', 'trade']);
    expect(exchange.order(ids[2]!)).toMatchObject({ price: 102, leaves: 1, filled: 4 });
  });

  it.each<[string, { quantity: number; price?: number; stopPrice?: number }, string]>([
    ['zero quantity', { quantity: 0 }, 'InvalidQuantity'],
    ['a stop price on a limit order', { quantity: 5, stopPrice: 90 }, 'InvalidPrice'],
    ['a fractional price', { quantity: 5, price: 100.25 }, 'InvalidPrice'],
  ])('rejects a replace with %s and leaves the order alone', (_, change, reason) => {
    const { exchange, recorder, ids } = level();
    exchange.replace({ orderId: ids[0]!, ...change });
    expect(recorder.take()).toEqual([expect.objectContaining({ kind: 'cancelRejected', request: 'replace', reason })]);
    expect(queueAt(exchange, 'buy')[0]).toEqual([ids[0], 100, 5]);
  });

  it('replaces a waiting stop: new stop price, checked against the last trade', () => {
    const { exchange, recorder } = testExchange();
    exchange.submit(limit('sell', 1, 100, 'M'));
    exchange.submit(limit('buy', 1, 100, 'N'));
    const stop = exchange.submit({ instrument: 'X', owner: 'S', side: 'buy', type: 'stopLimit', tif: 'gtc', quantity: 2, stopPrice: 105, price: 106 })!;
    recorder.take();
    exchange.replace({ orderId: stop, quantity: 3, stopPrice: 104, price: 105 });
    expect(of(recorder.take(), 'replaced')[0]).toMatchObject({ stopPrice: 104, price: 105, quantity: 3, keptPriority: false });
    exchange.replace({ orderId: stop, quantity: 3, stopPrice: 100 });
    expect(recorder.take()).toEqual([expect.objectContaining({ kind: 'cancelRejected', reason: 'StopPriceAlreadyTriggered' })]);
    expect(exchange.order(stop)).toMatchObject({ stopPrice: 104, waitingForTrigger: true });
  });
});

describe('OrderBook: self-trade prevention', () => {
  it('is off by default: an owner may trade with itself', () => {
    const { exchange, recorder } = testExchange();
    exchange.submit(limit('sell', 2, 100, 'A'));
    exchange.submit(limit('buy', 2, 100, 'A'));
    expect(of(recorder.take(), 'trade')).toHaveLength(1);
  });

  it('when on, cancels the rest of the incoming order at its own resting order (cancel newest)', () => {
    const { exchange, recorder } = testExchange({ selfTradePrevention: true });
    const other = exchange.submit(limit('sell', 2, 100, 'B'))!;
    const own = exchange.submit(limit('sell', 2, 100, 'A'))!;
    exchange.submit(limit('sell', 2, 100, 'C'));
    recorder.take();
    const buy = exchange.submit(limit('buy', 5, 100, 'A'))!;
    const events = recorder.take();
    expect(of(events, 'fill').filter((f) => !f.aggressor).map((f) => f.orderId)).toEqual([other]);
    expect(of(events, 'cancelled')).toEqual([expect.objectContaining({ orderId: buy, reason: 'SelfTrade', quantity: 3, filled: 2 })]);
    expect(exchange.order(own)).toMatchObject({ leaves: 2 });
  });

  it('when on, a FOK counts only what it can trade before its own order', () => {
    const { exchange, recorder } = testExchange({ selfTradePrevention: true });
    exchange.submit(limit('sell', 2, 100, 'B'));
    exchange.submit(limit('sell', 2, 100, 'A'));
    exchange.submit(limit('sell', 5, 101, 'C'));
    recorder.take();
    exchange.submit(limit('buy', 3, 101, 'A', { tif: 'fok' }));
    const events = recorder.take();
    expect(of(events, 'fill')).toEqual([]);
    expect(of(events, 'cancelled')[0]).toMatchObject({ reason: 'FillOrKill', quantity: 3 });
  });
});

describe('OrderBook: restore after a restart', () => {
  it('puts orders back in queue order by priority and continues ids above them', () => {
    const { exchange: before } = testExchange();
    const ids = [before.submit(limit('buy', 1, 100, 'A'))!, before.submit(limit('buy', 2, 100, 'B'))!, before.submit(limit('buy', 3, 99, 'C'))!];
    const stop = before.submit({ instrument: 'X', owner: 'S', side: 'sell', type: 'stop', tif: 'gtc', quantity: 2, stopPrice: 90 })!;
    before.replace({ orderId: ids[0]!, quantity: 4 }); // to the back of 100
    const saved = [...before.orders()].map((o) => ({ ...o }));
    const { exchange: after } = testExchange();
    for (const state of [...saved].reverse()) after.restore(state);
    expect([...after.book('X')!.queue('buy')].map((o) => o.orderId)).toEqual([...before.book('X')!.queue('buy')].map((o) => o.orderId));
    expect(after.book('X')!.waitingStops('sell').map((o) => o.orderId)).toEqual([stop]);
    expect(after.submit(limit('sell', 1, 200))).toBe(stop + 1);
    expect(() => after.restore(saved[0]!)).toThrow(/already held/);
  });
});
