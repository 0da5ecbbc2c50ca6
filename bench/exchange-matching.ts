/**
 * `npm run bench -- exchange`: the simulated exchange's matching engine, in process.
 *
 * (a) Liquibook's own performance workload (test/perf/pt_order_book.cpp): pre-generated
 *     limit orders inserted for a fixed time, matching included, one instrument; orders
 *     alternate buy and sell, a buy at 1880 + U{0..9}, a sell at 1884 + U{0..9}, quantity
 *     100 × (1 + U{0..9}). Our book always keeps full depth and reports every level change.
 * (b) A realistic mix on a book kept about 20 levels a side around a mid: passive adds,
 *     cancels, cancel/replaces (half keep their place, half move a tick) and aggressive IOC
 *     and market orders that trade.
 *
 * Every operation goes through SimulatedExchange (validation, ids, events to a listener).
 */
import { Mulberry32 } from '../src-gateway/exchange/Mulberry32';
import { SimulatedExchange } from '../src-gateway/exchange/SimulatedExchange';
import type { ExchangeDefinition } from '../src-gateway/exchange/SimulatedExchange';
import type { ExchangeEvent, ExchangeListener } from '../src-gateway/exchange/types';
import type { BenchRow } from './table';

const BOOK: ExchangeDefinition = {
  name: 'BENCH',
  description: 'benchmark exchange',
  hours: { zone: 'UTC', sessions: [] },
  instruments: [
    { symbol: 'X', securityId: '1', description: 'bench', tickSize: '1', multiplier: '1', currency: 'USD', productGroup: 'Bench', referencePrice: '1880' },
  ],
};

/** Counts events and trades, as cheap as a listener can be while still looking at each event. */
class CountingListener implements ExchangeListener {
  events = 0;
  trades = 0;

  onEvent(event: ExchangeEvent): void {
    this.events++;
    if (event.kind === 'trade') this.trades++;
  }
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function newExchange(listener: ExchangeListener): SimulatedExchange {
  return new SimulatedExchange(BOOK, { listener, clock: () => 0, hours: 'alwaysOpen' });
}

/** Pre-generated like Liquibook's, kept compact (price, quantity) so they do not weigh on the GC. */
interface LiquibookOrders {
  count: number;
  prices: Int32Array;
  quantities: Int32Array;
}

function liquibookOrders(count: number, seed: number): LiquibookOrders {
  const rng = new Mulberry32(seed);
  const prices = new Int32Array(count);
  const quantities = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    prices[i] = (i % 2 === 0 ? 1880 : 1884) + rng.int(10);
    quantities[i] = 100 * (1 + rng.int(10));
  }
  return { count, prices, quantities };
}

interface Measured {
  ops: number;
  /** Wall-clock seconds. */
  seconds: number;
  /** CPU seconds of this process (user + system, all threads: GC included). */
  cpuSeconds: number;
  events: number;
  trades: number;
}

/**
 * (a) Inserts the pre-generated orders until `durationMs` has passed (checked every 1024
 * orders). Each insert builds its command object, as the FIX layer will from a message.
 */
function runLiquibook(durationMs: number, orders: LiquibookOrders): Measured | undefined {
  const listener = new CountingListener();
  const exchange = newExchange(listener);
  const start = performance.now();
  const cpu = process.cpuUsage();
  const end = start + durationMs;
  let i = 0;
  for (;;) {
    if (i === orders.count) return undefined;
    exchange.submit({
      instrument: 'X',
      owner: 'A',
      side: i % 2 === 0 ? 'buy' : 'sell',
      type: 'limit',
      tif: 'gtc',
      quantity: orders.quantities[i]!,
      price: orders.prices[i]!,
    });
    i++;
    if ((i & 1023) === 0 && performance.now() >= end) break;
  }
  return { ops: i, seconds: (performance.now() - start) / 1000, cpuSeconds: cpuSince(cpu), events: listener.events, trades: listener.trades };
}

function liquibook(durationMs: number): Measured {
  let count = Math.ceil(durationMs * 1500);
  for (;;) {
    const result = runLiquibook(durationMs, liquibookOrders(count, 1));
    if (result) return result;
    count *= 2; // like Liquibook: not enough orders for the time, try again with twice as many
  }
}

/** (b) The realistic mix. Live order ids are kept in an array; gone ones are dropped when picked. */
function mix(durationMs: number, seed: number): Measured & { counts: { add: number; cancel: number; replace: number; take: number } } {
  const listener = new CountingListener();
  const exchange = newExchange(listener);
  const rng = new Mulberry32(seed);
  const live: number[] = [];
  const mid = 10_000;
  const counts = { add: 0, cancel: 0, replace: 0, take: 0 };
  const add = (): void => {
    const buy = rng.chance(0.5);
    const k = Math.floor(20 * rng.next() ** 2);
    const id = exchange.submit({
      instrument: 'X',
      owner: rng.chance(0.5) ? 'A' : 'B',
      side: buy ? 'buy' : 'sell',
      type: 'limit',
      tif: 'gtc',
      quantity: 1 + rng.int(20),
      price: buy ? mid - 1 - k : mid + k,
    });
    if (id !== undefined) live.push(id);
    counts.add++;
  };
  for (let i = 0; i < 2000; i++) add();
  const pick = (): number | undefined => {
    while (live.length > 0) {
      const i = rng.int(live.length);
      const id = live[i]!;
      if (exchange.order(id)) return id;
      live[i] = live[live.length - 1]!;
      live.pop();
    }
    return undefined;
  };
  const start = performance.now();
  const cpu = process.cpuUsage();
  const end = start + durationMs;
  let ops = 0;
  const before = listener.events;
  for (;;) {
    const r = rng.next();
    if (r < 0.4) add();
    else if (r < 0.7) {
      const id = pick();
      if (id !== undefined) exchange.cancel(id);
      counts.cancel++;
    } else if (r < 0.85) {
      const id = pick();
      if (id !== undefined) {
        const o = exchange.order(id)!;
        if (rng.chance(0.5)) exchange.replace({ orderId: id, quantity: Math.max(1, o.quantity - 1) });
        else exchange.replace({ orderId: id, quantity: o.quantity, price: o.price! + (o.side === 'buy' ? -1 : 1) });
      }
      counts.replace++;
    } else {
      const buy = rng.chance(0.5);
      const market = rng.chance(0.2);
      exchange.submit({
        instrument: 'X',
        owner: 'C',
        side: buy ? 'buy' : 'sell',
        type: market ? 'market' : 'limit',
        tif: 'ioc',
        quantity: 1 + rng.int(30),
        price: market ? undefined : buy ? mid + 1 : mid - 2,
      });
      counts.take++;
    }
    ops++;
    if ((ops & 1023) === 0 && performance.now() >= end) break;
  }
  return { ops, seconds: (performance.now() - start) / 1000, cpuSeconds: cpuSince(cpu), events: listener.events - before, trades: listener.trades, counts };
}

export interface ExchangeBenchOptions {
  /** Measuring time per workload (Liquibook uses 3 s). */
  durationMs?: number;
}

export async function runExchangeBench(options: ExchangeBenchOptions = {}): Promise<BenchRow[]> {
  const durationMs = options.durationMs ?? 3000;
  // Warm the JIT on both workloads before measuring.
  const warmup = Math.min(300, durationMs);
  liquibook(warmup);
  mix(warmup, 2);
  const a = liquibook(durationMs);
  const b = mix(durationMs, 3);
  const share = (n: number) => `${Math.round((100 * n) / b.ops)}%`;
  return [
    {
      name: 'Liquibook workload (inserts, matching incl., full depth)',
      'ops/s': Math.round(a.ops / a.seconds),
      'ops/CPU-s': Math.round(a.ops / a.cpuSeconds),
      'events/op': Number((a.events / a.ops).toFixed(2)),
      'trades/op': Number((a.trades / a.ops).toFixed(2)),
      note: `${a.ops.toLocaleString('en-US')} orders in ${a.seconds.toFixed(2)} s`,
    },
    {
      name: 'realistic mix: add/cancel/replace/take',
      'ops/s': Math.round(b.ops / b.seconds),
      'ops/CPU-s': Math.round(b.ops / b.cpuSeconds),
      'events/op': Number((b.events / b.ops).toFixed(2)),
      'trades/op': Number((b.trades / b.ops).toFixed(2)),
      note: `add ${share(b.counts.add)}, cancel ${share(b.counts.cancel)}, replace ${share(b.counts.replace)}, take ${share(b.counts.take)}`,
    },
    { name: 'anchor: Liquibook (C++) on this kind of machine', 'ops/s': '1.0–1.07 M', note: 'inserts/s, same workload, NOTES.md' },
    { name: 'anchor: Liquibook README (2.4 GHz i7)', 'ops/s': '2.06–2.49 M', note: 'inserts/s' },
    { name: 'anchor: exchange-core (Java)', 'ops/s': '5 M', note: 'one book, its README' },
    { name: 'target', 'ops/s': '≥ 1 M', note: 'in process, this 2-core machine' },
  ];
}
