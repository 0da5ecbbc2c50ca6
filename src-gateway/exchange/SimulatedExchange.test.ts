import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_FLOW, FLOW_MAKER, FLOW_TAKER } from './BackgroundFlow';
import { CME, createDemoExchanges, FXALL } from './demo/demoExchanges';
import { MarketDataModel } from './MarketDataModel';
import { Mulberry32 } from './Mulberry32';
import { SimulatedExchange } from './SimulatedExchange';
import { RecordingListener } from './testing';
import type { ExchangeEvent, ExchangeListener, Side } from './types';

const utc = (iso: string) => Date.parse(`${iso}Z`);

/** A CME exchange on its real hours, with a clock the test moves. */
function cme(startIso: string, hours: 'schedule' | 'alwaysOpen' = 'schedule') {
  const clock = { now: utc(startIso) };
  const recorder = new RecordingListener();
  const exchange = new SimulatedExchange(CME, { listener: recorder, clock: () => clock.now, hours });
  return { exchange, recorder, clock };
}

describe('SimulatedExchange: trading hours and session events', () => {
  it('emits close and open at the schedule instants, expires DAY orders at the close and keeps GTC', () => {
    const { exchange, recorder, clock } = cme('2026-11-18T21:00'); // Wednesday 15:00 Chicago
    expect(exchange.status).toBe('open');
    const day = exchange.submit({ instrument: 'ESZ6', owner: 'A', side: 'buy', type: 'limit', tif: 'day', quantity: 2, price: 24000 })!;
    const gtc = exchange.submit({ instrument: 'ESZ6', owner: 'A', side: 'buy', type: 'limit', tif: 'gtc', quantity: 3, price: 23999 })!;
    const stop = exchange.submit({ instrument: 'ESZ6', owner: 'A', side: 'sell', type: 'stop', tif: 'day', quantity: 1, stopPrice: 23000 })!;
    recorder.take();
    exchange.step(utc('2026-11-18T23:30'));
    const events = recorder.take();
    expect(events.filter((e) => e.kind === 'session')).toEqual([
      { kind: 'session', time: utc('2026-11-18T22:00'), exchange: 'CME', status: 'closed', cause: 'schedule' },
      { kind: 'session', time: utc('2026-11-18T23:00'), exchange: 'CME', status: 'open', cause: 'schedule' },
    ]);
    expect(events.filter((e) => e.kind === 'expired').map((e) => [e.orderId, e.time])).toEqual([
      [day, utc('2026-11-18T22:00')],
      [stop, utc('2026-11-18T22:00')],
    ]);
    expect(exchange.order(gtc)).toMatchObject({ leaves: 3 });
    expect(exchange.order(day)).toBeUndefined();
    clock.now = utc('2026-11-18T22:30');
    expect(exchange.time).toBe(utc('2026-11-18T23:30')); // time never goes back
  });

  it('follows the clocks across the end of US daylight saving, one event per change', () => {
    const { exchange, recorder } = cme('2026-10-30T12:00');
    for (let t = utc('2026-10-30T12:00'); t <= utc('2026-11-03T00:00'); t += 60_000) exchange.step(t);
    expect(recorder.take().map((e) => (e.kind === 'session' ? `${e.status} ${new Date(e.time).toISOString()}` : e.kind))).toEqual([
      'closed 2026-10-30T21:00:00.000Z',
      'open 2026-11-01T23:00:00.000Z',
      'closed 2026-11-02T22:00:00.000Z',
      'open 2026-11-02T23:00:00.000Z',
    ]);
  });

  it('rejects new orders and replaces while closed, but lets owners cancel', () => {
    const { exchange, recorder, clock } = cme('2026-11-18T21:00');
    const gtc = exchange.submit({ instrument: 'ESZ6', owner: 'A', side: 'buy', type: 'limit', tif: 'gtc', quantity: 3, price: 23999 })!;
    clock.now = utc('2026-11-18T22:15');
    exchange.submit({ instrument: 'ESZ6', owner: 'A', side: 'buy', type: 'limit', tif: 'gtc', quantity: 1, price: 23999, clientRef: 'n' });
    exchange.replace({ orderId: gtc, quantity: 1, clientRef: 'r' });
    exchange.cancel(gtc, 'c');
    const events = recorder.take().filter((e) => e.kind !== 'book' && e.kind !== 'accepted');
    expect(events.map((e) => [e.kind, 'reason' in e ? e.reason : undefined])).toEqual([
      ['session', undefined],
      ['rejected', 'MarketClosed'],
      ['cancelRejected', 'MarketClosed'],
      ['cancelled', 'Requested'],
    ]);
  });

  it('admin close/open override the schedule until followSchedule()', () => {
    const { exchange, recorder, clock } = cme('2026-11-18T15:00');
    exchange.submit({ instrument: 'ESZ6', owner: 'A', side: 'buy', type: 'limit', tif: 'day', quantity: 1, price: 24000 });
    recorder.take();
    exchange.closeMarket();
    expect(recorder.take().map((e) => e.kind)).toEqual(['session', 'expired', 'book']);
    exchange.step(utc('2026-11-18T23:30')); // the scheduled close and reopen pass: still closed
    expect(exchange.status).toBe('closed');
    expect(recorder.take()).toEqual([]);
    exchange.openMarket();
    expect(recorder.take()).toEqual([{ kind: 'session', time: utc('2026-11-18T23:30'), exchange: 'CME', status: 'open', cause: 'manual' }]);
    clock.now = utc('2026-11-21T12:00'); // Saturday
    exchange.followSchedule();
    expect(recorder.take()).toEqual([{ kind: 'session', time: utc('2026-11-21T12:00'), exchange: 'CME', status: 'closed', cause: 'schedule' }]);
  });

  it('always-open mode ignores the hours; the admin can still close it', () => {
    const { exchange, recorder } = cme('2026-11-21T12:00', 'alwaysOpen'); // Saturday
    expect(exchange.isOpen).toBe(true);
    exchange.step(utc('2026-11-24T12:00'));
    expect(recorder.take()).toEqual([]);
    exchange.closeMarket();
    expect(exchange.isOpen).toBe(false);
    exchange.followSchedule();
    expect(exchange.isOpen).toBe(true);
  });

  it('publishes the ECB and WMR fixings at their times for each FX pair, at the mid', () => {
    const recorder = new RecordingListener();
    let now = utc('2026-11-18T12:00');
    const fx = new SimulatedExchange(FXALL, { listener: recorder, clock: () => now });
    fx.submit({ instrument: 'EURUSD', owner: 'A', side: 'buy', type: 'limit', tif: 'gtc', quantity: 1_000_000, price: 116500 });
    fx.submit({ instrument: 'EURUSD', owner: 'B', side: 'sell', type: 'limit', tif: 'gtc', quantity: 1_000_000, price: 116503 });
    now = utc('2026-11-19T00:00');
    fx.step(now);
    const fixings = recorder.events.filter((e) => e.kind === 'fixing');
    expect(fixings.map((e) => [e.benchmark, e.instrument, new Date(e.time).toISOString(), e.price])).toEqual([
      ['ECB', 'EURUSD', '2026-11-18T13:15:00.000Z', 116501],
      ['ECB', 'GBPUSD', '2026-11-18T13:15:00.000Z', 133500],
      ['ECB', 'USDJPY', '2026-11-18T13:15:00.000Z', 150000],
      ['WMR', 'EURUSD', '2026-11-18T16:00:00.000Z', 116501],
      ['WMR', 'GBPUSD', '2026-11-18T16:00:00.000Z', 133500],
      ['WMR', 'USDJPY', '2026-11-18T16:00:00.000Z', 150000],
    ]);
  });
});

describe('demo exchanges', () => {
  it('lists CME, ICE, EUREX and FXALL with exact ticks, multipliers and hours for discovery', () => {
    const exchanges = createDemoExchanges({ listener: new RecordingListener(), clock: () => 0, hours: 'alwaysOpen' });
    expect(exchanges.map((e) => e.name)).toEqual(['CME', 'ICE', 'EUREX', 'FXALL']);
    const all = exchanges.flatMap((e) => e.instruments());
    expect(new Set(all.map((i) => i.definition.securityId)).size).toBe(all.length);
    const find = (symbol: string) => all.find((i) => i.symbol === symbol)!;
    expect([find('BZF7').tick.text, find('BRNF7').tick.text]).toEqual(['0.05', '0.01']); // Brent, two ticks
    expect([find('ESZ6').multiplier.toString(), find('MESZ6').multiplier.toString()]).toEqual(['50', '5']);
    expect(find('ZNZ6').priceOf(find('ZNZ6').referenceTicks)).toBe('110.500000');
    expect(find('ZNZ6').ticksOf('110.015625')).toBe(7041);
    expect(find('USDJPY').tick.decimals).toBe(3);
    expect(find('FDAXZ6').tick.text).toBe('0.5');
    for (const e of exchanges) expect(e.schedule.describe()).toContain(e.definition.hours.zone);
    expect(exchanges[0]!.securityList().find((s) => s.symbol === 'ZNZ6')).toEqual({
      exchange: 'CME',
      symbol: 'ZNZ6',
      securityId: '100301',
      description: '10-Year T-Note Dec 2026',
      tickSize: '1/64',
      tickDecimals: 6,
      multiplier: '1000',
      currency: 'USD',
      productGroup: 'Interest Rate',
      zone: 'America/Chicago',
      hours: 'Sun 17:00–Mon 16:00, Mon 17:00–Tue 16:00, Tue 17:00–Wed 16:00, Wed 17:00–Thu 16:00, Thu 17:00–Fri 16:00 America/Chicago',
    });
  });
});

/** Random outside orders on every instrument: the "load" beside the background flow. */
function outsideOrders(exchanges: SimulatedExchange[], rng: Mulberry32, mine: [SimulatedExchange, number][]): void {
  const exchange = exchanges[rng.int(exchanges.length)]!;
  const instruments = exchange.instruments();
  const instrument = instruments[rng.int(instruments.length)]!;
  const book = exchange.book(instrument.symbol)!;
  const side: Side = rng.chance(0.5) ? 'buy' : 'sell';
  const mid = book.bestBid() ?? instrument.referenceTicks;
  const lot = instrument.definition.flow?.lot ?? 1;
  const r = rng.next();
  const pick = mine.length > 0 ? rng.int(mine.length) : -1;
  const [venue, id] = mine[pick] ?? [exchange, 0];
  const held = venue.order(id);
  if (pick >= 0 && !held) {
    mine[pick] = mine[mine.length - 1]!;
    mine.pop();
  }
  if (r < 0.2 && held) venue.cancel(id);
  else if (r < 0.35 && held) {
    const price = held.price === undefined ? undefined : held.price + rng.int(3) - 1;
    venue.replace({ orderId: id, quantity: held.quantity + (rng.chance(0.5) ? lot : -lot), price });
  } else {
    const market = r >= 0.9;
    const orderId = exchange.submit({
      instrument: instrument.symbol,
      owner: 'U',
      side,
      type: market ? 'market' : 'limit',
      tif: rng.chance(0.3) ? 'ioc' : 'day',
      quantity: lot * (1 + rng.int(8)),
      price: market ? undefined : mid + rng.int(9) - 4,
    });
    if (orderId !== undefined && exchange.order(orderId)) mine.push([exchange, orderId]);
  }
}

/** Runs the demo for `minutes` of simulated time with outside orders; returns what it saw. */
function demoRun(seed: number, minutes: number, listener: ExchangeListener) {
  let now = utc('2026-11-18T14:00'); // all four open
  const exchanges = createDemoExchanges({ listener, clock: () => now, seed });
  const rng = new Mulberry32(seed ^ 0x5eed);
  const mine: [SimulatedExchange, number][] = [];
  const spreads: number[] = [];
  const depths: number[] = [];
  for (let i = 0; i < minutes * 600; i++) {
    now += 100;
    for (const e of exchanges) e.step(now);
    if (rng.chance(0.5)) outsideOrders(exchanges, rng, mine);
    if (i % 50 === 0) {
      for (const e of exchanges) {
        for (const ins of e.instruments()) {
          const book = e.book(ins.symbol)!;
          const bid = book.bestBid();
          const ask = book.bestAsk();
          if (bid !== undefined && ask !== undefined) {
            expect(bid).toBeLessThan(ask);
            spreads.push(ask - bid);
          }
          depths.push(Math.min(book.bids.size, book.asks.size));
        }
      }
    }
  }
  return { exchanges, spreads, depths };
}

describe('background flow and market data under load', () => {
  it('keeps every instrument’s sequence contiguous and a book rebuilt from market data equal to the engine’s', () => {
    const md = new MarketDataModel();
    const counts = new Map<string, number>();
    const owners = new Set<string>();
    let restingOwner = '';
    let makerWithMaker = 0;
    const listener: ExchangeListener = {
      onEvent(e: ExchangeEvent) {
        md.apply(e);
        counts.set(e.kind, (counts.get(e.kind) ?? 0) + 1);
        if (e.kind !== 'fill') return;
        owners.add(e.owner);
        if (!e.aggressor) restingOwner = e.owner;
        else if (e.owner === FLOW_MAKER && restingOwner === FLOW_MAKER) makerWithMaker++;
      },
    };
    const minutes = 10;
    const { exchanges, spreads, depths } = demoRun(7, minutes, listener);
    for (const e of exchanges) {
      for (const ins of e.instruments()) {
        const book = e.book(ins.symbol)!;
        expect(md.seq(ins.symbol)).toBe(book.seq);
        for (const side of ['buy', 'sell'] as const) {
          expect(md.depth(ins.symbol, side)).toEqual(book.depth(side).map((l) => [l.price, l.quantity, l.orders]));
        }
      }
    }
    // A market that moves and trades: thousands of trades, the outside trader filled by the flow.
    expect(counts.get('trade')).toBeGreaterThan(minutes * 60 * 11); // over one a second per instrument
    expect([...owners].sort()).toEqual([FLOW_MAKER, FLOW_TAKER, 'U'].sort());
    // Makers never cross the book: the flow trades with itself only through its takers.
    expect(makerWithMaker).toBe(0);
    // Liquid: a one-tick spread most of the time and ten levels or more a side.
    expect(spreads.filter((s) => s === 1).length / spreads.length).toBeGreaterThan(0.7);
    expect(depths.filter((d) => d >= 10).length / depths.length).toBeGreaterThan(0.9);
  });

  it('the price wanders from its reference but is pulled back toward it', () => {
    const { exchanges } = demoRun(11, 15, { onEvent: () => {} });
    const moves = exchanges.flatMap((e) =>
      e.instruments().map((ins) => {
        const away = Math.abs(e.book(ins.symbol)!.lastTradePrice! - ins.referenceTicks);
        return away / (ins.definition.flow?.reversionTicks ?? DEFAULT_FLOW.reversionTicks);
      }),
    );
    expect(moves.filter((m) => m > 0.02).length).toBeGreaterThan(moves.length / 2);
    expect(Math.max(...moves)).toBeLessThan(0.5);
  });

  it('goes quiet over the daily halt (DAY quotes expire) and rebuilds the book at the reopen', () => {
    const recorder = new RecordingListener();
    let now = utc('2026-11-18T21:55'); // CME, five minutes before the 16:00 Chicago close
    const exchange = new SimulatedExchange(CME, { listener: recorder, clock: () => now, seed: 5 });
    const book = exchange.book('ESZ6')!;
    const stepTo = (iso: string) => {
      for (const end = utc(iso); now < end; ) exchange.step((now += 100));
    };
    stepTo('2026-11-18T21:59:59.900');
    expect(book.bids.size).toBeGreaterThanOrEqual(10);
    recorder.take();
    stepTo('2026-11-18T22:59:59.900');
    const halt = recorder.take();
    expect(halt[0]).toMatchObject({ kind: 'session', status: 'closed' });
    expect(halt.filter((e) => e.kind === 'accepted' || e.kind === 'trade')).toEqual([]);
    expect(book.depth('buy')).toEqual([]);
    expect(book.depth('sell')).toEqual([]);
    stepTo('2026-11-18T23:00:00.100');
    expect(recorder.take().find((e) => e.kind === 'session')).toMatchObject({ status: 'open', time: utc('2026-11-18T23:00') });
    expect(book.bids.size).toBeGreaterThanOrEqual(10);
    expect(book.asks.size).toBeGreaterThanOrEqual(10);
    expect(book.bestAsk()! - book.bestBid()!).toBe(1);
  });

  it('is deterministic: the same seed gives the same event stream, another seed a different one', () => {
    const hash = (seed: number) => {
      const h = createHash('sha256');
      demoRun(seed, 3, { onEvent: (e) => h.update(JSON.stringify(e)) });
      return h.digest('hex');
    };
    const first = hash(42);
    expect(hash(42)).toBe(first);
    expect(hash(43)).not.toBe(first);
  });
});
