import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MarketDataModel } from './MarketDataModel';
import type { SimulatedExchange } from './SimulatedExchange';
import { testExchange } from './testing';
import type { ExchangeEvent, OrderFilled, OrderType, Side, TimeInForce } from './types';

type Command =
  | { op: 'submit'; side: Side; type: OrderType; tif: TimeInForce; quantity: number; price: number; stop: number; owner: string }
  | { op: 'cancel'; pick: number }
  | { op: 'replace'; pick: number; quantity: number; move: number }
  | { op: 'close' }
  | { op: 'open' };

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constant('submit' as const),
      side: fc.constantFrom<Side>('buy', 'sell'),
      type: fc.constantFrom<OrderType>('limit', 'limit', 'limit', 'limit', 'market', 'stop', 'stopLimit'),
      tif: fc.constantFrom<TimeInForce>('day', 'gtc', 'gtc', 'ioc', 'fok'),
      quantity: fc.integer({ min: 1, max: 20 }),
      price: fc.integer({ min: 95, max: 105 }),
      stop: fc.integer({ min: 93, max: 107 }),
      owner: fc.constantFrom('A', 'B', 'C'),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('replace' as const), pick: fc.nat(), quantity: fc.integer({ min: 1, max: 25 }), move: fc.integer({ min: -2, max: 2 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ op: 'close' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'open' as const }) },
);

/** Per order, what the events said: the quantity last accepted and where it went. */
interface Ledger {
  quantity: number;
  filled: number;
  cancelled: number;
  expired: number;
}

/**
 * Runs commands against a one-instrument exchange and checks, after every event or command,
 * the invariants a matching engine must keep.
 */
class Checker {
  readonly ledger = new Map<number, Ledger>();
  readonly ids: number[] = [];
  readonly md = new MarketDataModel();
  lastReplaced: { orderId: number; keptPriority: boolean } | undefined;
  private readonly trades = new Map<number, OrderFilled[]>();
  exchange!: SimulatedExchange;

  onEvent(e: ExchangeEvent): void {
    this.md.apply(e);
    switch (e.kind) {
      case 'accepted':
        this.ledger.set(e.orderId, { quantity: e.quantity, filled: 0, cancelled: 0, expired: 0 });
        this.ids.push(e.orderId);
        break;
      case 'replaced':
        this.ledger.get(e.orderId)!.quantity = e.quantity;
        this.lastReplaced = e;
        break;
      case 'fill': {
        this.ledger.get(e.orderId)!.filled += e.quantity;
        const pair = this.trades.get(e.tradeId) ?? [];
        pair.push(e);
        this.trades.set(e.tradeId, pair);
        if (!e.aggressor) this.checkPriority(e);
        break;
      }
      case 'cancelled':
        this.ledger.get(e.orderId)!.cancelled += e.quantity;
        break;
      case 'expired':
        this.ledger.get(e.orderId)!.expired += e.quantity;
        break;
      case 'trade': {
        const pair = this.trades.get(e.tradeId)!;
        expect(pair).toHaveLength(2);
        const [resting, incoming] = pair as [OrderFilled, OrderFilled];
        expect(resting.aggressor).toBe(false);
        expect(incoming.aggressor).toBe(true);
        expect(resting.side).not.toBe(incoming.side);
        expect([resting.price, resting.quantity]).toEqual([e.price, e.quantity]);
        expect([incoming.price, incoming.quantity, incoming.side]).toEqual([e.price, e.quantity, e.aggressor]);
        break;
      }
      default:
        break;
    }
  }

  /** A resting order fills only when it is first in the queue at the best price of its side. */
  private checkPriority(fill: OrderFilled): void {
    const book = this.exchange.book('X')!;
    const best = (fill.side === 'buy' ? book.bids : book.asks).best()!;
    expect(best.price).toBe(fill.price);
    expect(best.head!.orderId).toBe(fill.orderId);
  }

  /** The whole state, after a command. */
  checkState(): void {
    const book = this.exchange.book('X')!;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (bid !== undefined && ask !== undefined) expect(bid).toBeLessThan(ask);
    for (const side of ['buy', 'sell'] as const) {
      const engine = book.depth(side).map((l) => [l.price, l.quantity, l.orders]);
      expect(this.md.depth('X', side)).toEqual(engine);
      const fromOrders = new Map<number, [number, number]>();
      for (const o of book.queue(side)) {
        expect(o.leaves).toBeGreaterThan(0);
        const [q, n] = fromOrders.get(o.price!) ?? [0, 0];
        fromOrders.set(o.price!, [q + o.leaves, n + 1]);
      }
      expect([...fromOrders].map(([p, [q, n]]) => [p, q, n])).toEqual(engine);
    }
    expect(this.md.seq('X')).toBe(book.seq);
    for (const [id, l] of this.ledger) {
      const open = this.exchange.order(id)?.leaves ?? 0;
      expect(l.filled + open + l.cancelled + l.expired).toBe(l.quantity);
    }
  }
}

function run(commands: Command[], selfTradePrevention: boolean): void {
  const checker = new Checker();
  const { exchange } = testExchange({ listener: checker, selfTradePrevention });
  checker.exchange = exchange;
  for (const c of commands) {
    // Mostly an order the exchange holds; one time in five any order ever seen (often gone).
    const pickId = (n: number) => {
      const held = [...exchange.orders()].map((o) => o.orderId);
      const from = n % 5 === 0 || held.length === 0 ? checker.ids : held;
      return from[Math.floor(n / 5) % Math.max(1, from.length)] ?? 0;
    };
    switch (c.op) {
      case 'submit': {
        const limitPrice = c.type === 'limit' || c.type === 'stopLimit' ? c.price : undefined;
        const stopPrice = c.type === 'stop' || c.type === 'stopLimit' ? c.stop : undefined;
        exchange.submit({ instrument: 'X', owner: c.owner, side: c.side, type: c.type, tif: c.tif, quantity: c.quantity, price: limitPrice, stopPrice });
        break;
      }
      case 'cancel':
        exchange.cancel(pickId(c.pick));
        break;
      case 'replace': {
        const id = pickId(c.pick);
        const live = exchange.order(id);
        const before = live && { ...live };
        const price = before?.price === undefined ? undefined : before.price + c.move;
        const beforeQueue = before && !before.waitingForTrigger ? [...exchange.book('X')!.queue(before.side)].filter((o) => o.price === before.price) : [];
        const beforeIndex = beforeQueue.findIndex((o) => o.orderId === id);
        const beforeLeaves = before?.leaves ?? 0;
        checker.lastReplaced = undefined;
        exchange.replace({ orderId: id, quantity: c.quantity, price });
        const replaced = checker.lastReplaced as { orderId: number; keptPriority: boolean } | undefined;
        if (before && replaced) {
          // The rule: only a quantity decrease (or nothing) at the same price keeps the place.
          expect(replaced.keptPriority).toBe(price === before.price && c.quantity - before.filled <= beforeLeaves);
        }
        const after = exchange.order(id);
        if (before && after && !after.waitingForTrigger && beforeIndex >= 0) {
          const queue = [...exchange.book('X')!.queue(after.side)].filter((o) => o.price === after.price).map((o) => o.orderId);
          // Kept priority (or a rejected replace): the same place. Lost it: the back of the queue at its price.
          expect(queue.indexOf(id)).toBe(!replaced || replaced.keptPriority ? beforeIndex : queue.length - 1);
        }
        break;
      }
      case 'close':
        exchange.closeMarket();
        break;
      case 'open':
        exchange.openMarket();
        break;
    }
    checker.checkState();
  }
}

describe('OrderBook properties over random command sequences', () => {
  it('never crossed, quantity conserved, fills paired, price-time priority, replace queue rules, market data exact', () => {
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 120 }), fc.boolean(), (commands, stp) => run(commands, stp)),
      { numRuns: 400 },
    );
  });
});
