import { describe, expect, it } from 'vitest';
import { CME, ICE, MarketDataModel, SimulatedExchange, type ExchangeDefinition, type ExchangeEvent, type Side } from '../../src-gateway/exchange';
import { TEST_EXCHANGE } from '../../src-gateway/exchange/testing';
import type { AggregatorDefinitionInput } from '../../src-shared/ipc/contract/aggregator';
import { AggregatorEngine } from './AggregatorEngine';
import { CME_BRENT, ICE_BRENT, ManualClock, THIRD_BRENT, definition } from './testing';
import type { AggregatorListener, ChildOrderRequest, ParentView } from './types';

// The engine against the real simulated exchanges (in process, no FIX): CME BZF7 (tick 0.05),
// ICE BRNF7 (0.01) and a third Brent on "EUREX" (0.01). A small adapter plays the FIX layer:
// the engine's orders are queued and sent after the engine returns; the exchanges' events are
// queued and fed back one by one, each leg's book rebuilt from market-data events as a
// subscriber would. Liquidity comes from a market maker ("MM") the test drives.

const EUREX_BRENT: ExchangeDefinition = {
  ...TEST_EXCHANGE,
  name: 'EUREX',
  instruments: [{ ...TEST_EXCHANGE.instruments[0]!, symbol: 'FBRN', tickSize: '0.01', referencePrice: '75.00' }],
};

class Venue implements AggregatorListener {
  readonly clock = new ManualClock();
  readonly exchanges: SimulatedExchange[];
  readonly engine: AggregatorEngine;
  readonly views = new Map<string, ParentView>();
  /** What the engine did, with the time: "t=0 new P1-1 CME buy 3 @ 75.00 day". */
  readonly log: string[] = [];
  private readonly symbols: string[];
  private readonly books: MarketDataModel[];
  private readonly events: { leg: number; event: ExchangeEvent }[] = [];
  private readonly commands: (() => void)[] = [];
  private readonly orderIds = new Map<string, number>();
  private readonly childOf = new Map<string, string>();
  private readonly sentChildren = new Map<string, ChildOrderRequest>();
  /** Contracts filled per child, from the exchanges' fill events. */
  private readonly filled = new Map<string, number>();

  constructor(venues: ExchangeDefinition[], overrides: Partial<AggregatorDefinitionInput>) {
    this.exchanges = venues.map(
      (venue, leg) => new SimulatedExchange(venue, { listener: { onEvent: (event) => this.events.push({ leg, event }) }, clock: () => this.clock.now(), hours: 'alwaysOpen' }),
    );
    this.engine = new AggregatorEngine(definition(overrides), { listener: this, clock: this.clock, verify: true });
    this.symbols = this.engine.definition.legs.map((leg) => leg.symbol);
    this.books = venues.map(() => new MarketDataModel());
    this.exchanges.forEach((x, leg) => this.expectOk(this.engine.onLegAvailability(leg, x.isOpen)));
  }

  sendChild(order: ChildOrderRequest): void {
    this.record(`new ${order.childId} ${order.exchange} ${order.side} ${order.quantity} @ ${order.price} ${order.tif}`);
    const leg = order.legIndex;
    this.sentChildren.set(order.childId, order);
    this.commands.push(() => {
      const x = this.exchanges[leg]!;
      const price = this.instrument(leg).ticksOf(order.price);
      const id = x.submit({ instrument: order.symbol, owner: 'AGG', clientRef: order.childId, side: order.side, type: 'limit', tif: order.tif, quantity: order.quantity, price });
      if (id !== undefined) {
        this.orderIds.set(order.childId, id);
        this.childOf.set(`${leg}:${id}`, order.childId);
      }
    });
  }

  cancelChild(childId: string): void {
    this.record(`cancel ${childId}`);
    this.commands.push(() => this.exchangeOf(childId).cancel(this.orderIds.get(childId) ?? -1, `${childId}:cancel`));
  }

  reduceChild(childId: string, quantity: number): void {
    this.record(`reduce ${childId} to ${quantity}`);
    this.commands.push(() => this.exchangeOf(childId).replace({ orderId: this.orderIds.get(childId) ?? -1, clientRef: `${childId}:reduce`, quantity }));
  }

  parentChanged(view: ParentView): void {
    this.views.set(view.parentId, view);
  }

  submit(parentId: string, side: Side, quantity: number, limit: string): void {
    this.expectOk(this.engine.submit({ parentId, side, quantity, limit }));
    this.pump();
  }

  /** A market maker's limit order on a leg; returns its order id. */
  mm(leg: number, side: Side, quantity: number, price: string): number | undefined {
    const x = this.exchanges[leg]!;
    const id = x.submit({ instrument: this.symbols[leg]!, owner: 'MM', side, type: 'limit', tif: 'gtc', quantity, price: this.instrument(leg).ticksOf(price) });
    this.pump();
    return id;
  }

  /** Feeds every queued event to the engine and sends every order it makes, until both are quiet. */
  pump(): void {
    for (;;) {
      const next = this.events.shift();
      if (next) this.deliver(next.leg, next.event);
      else {
        const command = this.commands.shift();
        if (!command) return;
        command();
      }
      this.checkNeverOverfill();
    }
  }

  view(parentId: string): ParentView {
    return this.views.get(parentId)!;
  }

  /** The aggregator's orders resting on a leg: "buy 4 @ 75.00". */
  resting(leg: number): string[] {
    const x = this.exchanges[leg]!;
    return [...x.orders()].filter((o) => o.owner === 'AGG').map((o) => `${o.side} ${o.leaves} @ ${this.instrument(leg).priceOf(o.price!)}`);
  }

  private deliver(leg: number, event: ExchangeEvent): void {
    const engine = this.engine;
    this.books[leg]!.apply(event);
    switch (event.kind) {
      case 'book': {
        const flat = (side: Side) => this.books[leg]!.depth(this.symbols[leg]!, side).flat();
        return this.expectOk(engine.onLegBook(leg, { bids: flat('buy'), asks: flat('sell') }));
      }
      case 'session':
        return this.expectOk(engine.onLegAvailability(leg, event.status === 'open'));
      case 'accepted':
        if (event.owner === 'AGG') this.expectOk(engine.onChildAccepted(event.clientRef!));
        return;
      case 'rejected':
        if (event.owner === 'AGG') this.expectOk(engine.onChildRejected(event.clientRef!, event.text));
        return;
      case 'fill':
        if (event.owner !== 'AGG') return;
        this.filled.set(this.child(leg, event.orderId), (this.filled.get(this.child(leg, event.orderId)) ?? 0) + event.quantity);
        return this.expectOk(engine.onChildFill(this.child(leg, event.orderId), `${event.tradeId}-${event.side}`, event.quantity, this.instrument(leg).priceOf(event.price)));
      case 'cancelled':
      case 'expired':
        if (event.owner === 'AGG') this.expectOk(engine.onChildCancelled(this.child(leg, event.orderId), event.filled));
        return;
      case 'replaced':
        if (event.owner === 'AGG') this.expectOk(engine.onChildReplaced(this.child(leg, event.orderId), event.quantity));
        return;
      case 'cancelRejected': {
        const child = this.childOf.get(`${leg}:${event.orderId}`);
        if (child) this.expectOk(engine.onCancelRejected(child, event.text));
        return;
      }
      default:
        return;
    }
  }

  /** The exchanges' truth, per parent: what they filled for its children plus what they hold open, ≤ its lots. */
  private checkNeverOverfill(): void {
    const units = this.engine.units;
    const exposure = new Map<string, number>();
    const add = (childId: string, contracts: number) => {
      const child = this.sentChildren.get(childId)!;
      exposure.set(child.parentId, (exposure.get(child.parentId) ?? 0) + contracts * units.perContract[child.legIndex]!);
    };
    for (const [childId, contracts] of this.filled) add(childId, contracts);
    this.exchanges.forEach((x, leg) => {
      for (const o of x.orders()) if (o.owner === 'AGG') add(this.child(leg, o.orderId), o.leaves);
    });
    for (const [parentId, held] of exposure) expect(held).toBeLessThanOrEqual(this.views.get(parentId)!.quantity * units.perLot);
  }

  private instrument(leg: number) {
    return this.exchanges[leg]!.instrument(this.symbols[leg]!)!;
  }

  private child(leg: number, orderId: number): string {
    return this.childOf.get(`${leg}:${orderId}`)!;
  }

  private exchangeOf(childId: string): SimulatedExchange {
    return this.exchanges[this.sentChildren.get(childId)!.legIndex]!;
  }

  private record(line: string): void {
    this.log.push(`t=${this.clock.now()} ${line}`);
  }

  private expectOk(result: { ok: boolean; reason?: string }): void {
    expect(result).toEqual({ ok: true });
  }
}

const twoLegs = (overrides: Partial<AggregatorDefinitionInput> = {}) => new Venue([CME, ICE], overrides);
const threeLegs = (overrides: Partial<AggregatorDefinitionInput> = {}) =>
  new Venue([CME, ICE, EUREX_BRENT], { legs: [CME_BRENT, ICE_BRENT, THIRD_BRENT], ...overrides });

describe('Aggregator scenarios against the simulated exchanges', () => {
  it('takes across two legs at the best prices, filled at once, the fills rolled up into the parent', () => {
    const v = twoLegs();
    v.mm(0, 'sell', 3, '75.00');
    v.mm(1, 'sell', 4, '75.00');
    v.mm(1, 'sell', 6, '75.02');
    v.submit('P1', 'buy', 10, '75.03');
    expect(v.log).toEqual(['t=0 new P1-1 CME buy 3 @ 75.00 day', 't=0 new P1-2 ICE buy 4 @ 75.00 day', 't=0 new P1-3 ICE buy 3 @ 75.02 day']);
    expect(v.view('P1')).toMatchObject({ status: 'filled', filled: '10', working: '0', averagePrice: '75.006' });
    expect(v.view('P1').legs.map((l) => [l.alias, l.filled, l.averagePrice])).toEqual([['CME', 3, '75.00'], ['ICE', 7, '75.008571']]);
    expect(v.exchanges[1]!.book('BRNF7')!.depth('sell')).toEqual([{ price: 7502, quantity: 3, orders: 1 }]);
  });

  it('takes across three legs by split ratio and by size ratio', () => {
    const split = threeLegs({ taking: { mode: 'SplitRatio' } });
    [0, 1, 2].forEach((leg) => split.mm(leg, 'sell', 5, '75.00'));
    split.submit('P1', 'buy', 9, '75.00');
    expect(split.log).toEqual(['t=0 new P1-1 CME buy 3 @ 75.00 day', 't=0 new P1-2 ICE buy 3 @ 75.00 day', 't=0 new P1-3 EUREX buy 3 @ 75.00 day']);
    expect(split.view('P1')).toMatchObject({ status: 'filled', filled: '9' });

    const size = threeLegs({ taking: { mode: 'SizeRatio' } });
    [2, 4, 6].forEach((quantity, leg) => size.mm(leg, 'sell', quantity, '75.00'));
    size.submit('P1', 'buy', 6, '75.00');
    expect(size.log).toEqual(['t=0 new P1-1 CME buy 1 @ 75.00 day', 't=0 new P1-2 ICE buy 2 @ 75.00 day', 't=0 new P1-3 EUREX buy 3 @ 75.00 day']);
    expect(size.view('P1')).toMatchObject({ status: 'filled', filled: '6' });
  });

  it('joins the remainder at the limit, and the joined children fill when the market comes to them', () => {
    const v = twoLegs();
    v.mm(0, 'sell', 3, '75.00');
    v.mm(1, 'sell', 4, '75.00');
    v.mm(1, 'sell', 6, '75.02');
    v.submit('P1', 'buy', 20, '75.03');
    expect(v.log.slice(3)).toEqual(['t=0 new P1-4 CME buy 4 @ 75.00 day', 't=0 new P1-5 ICE buy 3 @ 75.03 day']);
    expect(v.view('P1')).toMatchObject({ status: 'working', filled: '13', working: '7' });
    expect([v.resting(0), v.resting(1)]).toEqual([['buy 4 @ 75.00'], ['buy 3 @ 75.03']]);
    v.mm(1, 'sell', 5, '75.00'); // trades 3 at our 75.03 bid, 2 rest
    expect(v.view('P1')).toMatchObject({ filled: '16', working: '4' });
    expect([v.resting(0), v.resting(1)]).toEqual([['buy 4 @ 75.00'], []]);
  });

  it('RouteToAvailable: a leg whose market closes has its work routed again over the legs still open', () => {
    const v = twoLegs();
    v.submit('P1', 'buy', 4, '75.00');
    expect([v.resting(0), v.resting(1)]).toEqual([['buy 2 @ 75.00'], ['buy 2 @ 75.00']]);
    v.exchanges[1]!.closeMarket();
    v.pump();
    expect([v.resting(0), v.resting(1)]).toEqual([['buy 2 @ 75.00', 'buy 2 @ 75.00'], []]);
    expect(v.view('P1')).toMatchObject({ status: 'working', working: '4' });
    v.submit('P2', 'buy', 1, '75.00');
    expect(v.resting(0)).toHaveLength(3);
    v.exchanges[1]!.openMarket();
    v.pump();
    expect(v.resting(1)).toEqual([]);
  });

  it('StopAllOrders: a leg closing pauses the parent, every child is cancelled, it ends cancelled with what it filled', () => {
    const v = twoLegs({ exchangeDown: 'StopAllOrders' });
    v.submit('P1', 'buy', 4, '75.00');
    v.mm(0, 'sell', 1, '75.00');
    expect(v.view('P1')).toMatchObject({ filled: '1', working: '3' });
    v.exchanges[1]!.closeMarket();
    v.pump();
    expect(v.log.slice(-2)).toEqual(['t=0 cancel P1-1', 't=0 cancel P1-2']);
    expect(v.view('P1')).toMatchObject({ status: 'cancelled', filled: '1', working: '0', reason: 'ICE (ICE BRNF7) is unavailable' });
    expect([v.resting(0), v.resting(1)]).toEqual([[], []]);
  });

  it('rebalances into new liquidity no faster than its timer, each cycle moving only what the exchange confirmed', () => {
    const v = threeLegs({
      rebalance: { enabled: true, timerMs: 100 },
      legs: [
        { ...CME_BRENT, joiningSplitRatio: 1, rebalancePercent: 50 },
        { ...ICE_BRENT, joiningSplitRatio: 1, rebalancePercent: 50 },
        { ...THIRD_BRENT, joiningSplitRatio: 0 },
      ],
    });
    v.submit('P1', 'buy', 20, '75.00');
    expect([v.resting(0), v.resting(1), v.resting(2)]).toEqual([['buy 10 @ 75.00'], ['buy 10 @ 75.00'], []]);
    // EUREX offers a lot below the limit every 10 ms for 400 ms.
    for (let t = 0; t < 400; t += 10) {
      v.mm(2, 'sell', 1, '74.99');
      v.clock.advance(10);
      v.pump();
    }
    const cycles = [...new Set(v.log.filter((line) => / (reduce|cancel) /.test(line)).map((line) => Number(/^t=(\d+)/.exec(line)![1])))];
    expect(cycles).toEqual([0, 100, 200, 300, 400]);
    expect(v.log.filter((line) => / (reduce|cancel) /.test(line))).toEqual([
      't=0 reduce P1-1 to 9', // 1 lot offered: CME's 50 % of 10 is 5, capped at the 1 offered
      't=100 reduce P1-1 to 5', // 9 offered since: CME gives 50 % of 9 (4), ICE 50 % of 10 (5)
      't=100 reduce P1-2 to 5',
      't=200 reduce P1-1 to 3', // 10 offered since, more than the 50 %s: 2 + 2
      't=200 reduce P1-2 to 3',
      't=300 reduce P1-1 to 2',
      't=300 reduce P1-2 to 2',
      't=400 reduce P1-1 to 1',
      't=400 reduce P1-2 to 1',
    ]);
    expect(v.log.filter((line) => line.includes(' new ') && line.includes('EUREX'))).toEqual([
      't=0 new P1-3 EUREX buy 1 @ 74.99 day',
      't=100 new P1-4 EUREX buy 9 @ 74.99 day',
      't=200 new P1-5 EUREX buy 4 @ 74.99 day',
      't=300 new P1-6 EUREX buy 2 @ 74.99 day',
      't=400 new P1-7 EUREX buy 2 @ 74.99 day',
    ]);
    expect(v.view('P1')).toMatchObject({ status: 'working', filled: '18', working: '2' });
    expect([v.resting(0), v.resting(1), v.resting(2)]).toEqual([['buy 1 @ 75.00'], ['buy 1 @ 75.00'], []]);
  });

  it('IOC: the part the market no longer had comes back and is joined; DAY: it rests where it was sent', () => {
    for (const tif of ['IOC', 'DAY'] as const) {
      const v = twoLegs({ taking: { tif } });
      const maker = v.mm(0, 'sell', 5, '75.00')!;
      v.engine.submit({ parentId: 'P1', side: 'buy', quantity: 5, limit: '75.00' });
      v.exchanges[0]!.replace({ orderId: maker, quantity: 2 }); // the offer shrinks before the child arrives
      v.pump();
      expect(v.view('P1')).toMatchObject({ filled: '2', working: '3' });
      if (tif === 'IOC') {
        expect(v.log).toEqual(['t=0 new P1-1 CME buy 5 @ 75.00 ioc', 't=0 new P1-2 CME buy 2 @ 75.00 day', 't=0 new P1-3 ICE buy 1 @ 75.00 day']);
        expect([v.resting(0), v.resting(1)]).toEqual([['buy 2 @ 75.00'], ['buy 1 @ 75.00']]);
      } else {
        expect(v.log).toEqual(['t=0 new P1-1 CME buy 5 @ 75.00 day']);
        expect([v.resting(0), v.resting(1)]).toEqual([['buy 3 @ 75.00'], []]);
      }
    }
  });
});
