import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rational } from '../../src-shared/pricing';
import { AggregatorEngine } from './AggregatorEngine';
import { CME_BRENT, ICE_BRENT, ManualClock, THIRD_BRENT, definition } from './testing';
import type { AggregatorListener, ChildOrderRequest, ParentView } from './types';

// Never overfill (SPEC §6.5) under random event orders. The engine runs with `verify` (it
// recounts itself after every input), and this test keeps its own truth: a model of the legs'
// exchanges that receives the engine's commands over a per-leg connection, matches them in its
// own time and answers over the same connection in order — so acks, fills, cancels, rejects,
// reduces and expiries race the engine's decisions as they do over FIX. At every step the
// exchanges' truth — filled plus open plus still in flight, of every child of a parent — must
// not exceed that parent's quantity in force.

type Command = { kind: 'new'; order: ChildOrderRequest } | { kind: 'cancel'; childId: string } | { kind: 'reduce'; childId: string; quantity: number };
type Report =
  | { kind: 'accepted'; childId: string }
  | { kind: 'fill'; childId: string; execId: string; quantity: number; price: string }
  | { kind: 'cancelled'; childId: string; cumQty: number }
  | { kind: 'replaced'; childId: string; quantity: number }
  | { kind: 'rejected'; childId: string; reason: string }
  | { kind: 'cancelRejected'; childId: string; reason: string };

interface ExchangeOrder {
  order: ChildOrderRequest;
  quantity: number;
  filled: number;
  live: boolean;
}

/** One leg's exchange and the connection to it: commands in, reports out, each in order. */
class LegExchange {
  readonly inbound: Command[] = [];
  readonly outbound: Report[] = [];
  readonly fills: Report[] = [];
  readonly orders = new Map<string, ExchangeOrder>();
  open = true;
  private execSeq = 0;

  constructor(private readonly name: string) {}

  /** Contracts this exchange has filled or may still fill for a child, counting a new order still in flight. */
  exposure(childId: string): number {
    const held = this.orders.get(childId);
    if (held) return held.live ? held.quantity : held.filled;
    const inFlight = this.inbound.find((c) => c.kind === 'new' && c.order.childId === childId);
    return inFlight?.kind === 'new' ? inFlight.order.quantity : 0;
  }

  process(random: number): void {
    const command = this.inbound.shift();
    if (!command) return;
    if (command.kind === 'new') {
      const { order } = command;
      if (!this.open || random % 11 === 0) {
        this.outbound.push({ kind: 'rejected', childId: order.childId, reason: this.open ? 'risk limit' : `${this.name} is closed` });
        this.orders.set(order.childId, { order, quantity: order.quantity, filled: 0, live: false });
        return;
      }
      const held = { order, quantity: order.quantity, filled: 0, live: true };
      this.orders.set(order.childId, held);
      this.outbound.push({ kind: 'accepted', childId: order.childId });
      if (order.tif === 'ioc') {
        this.fill(held, random % (order.quantity + 1));
        held.live = false;
        this.outbound.push({ kind: 'cancelled', childId: order.childId, cumQty: held.filled });
      }
      return;
    }
    const held = this.orders.get(command.childId);
    if (!held?.live) {
      this.outbound.push({ kind: 'cancelRejected', childId: command.childId, reason: 'unknown order' });
    } else if (command.kind === 'cancel' || command.quantity <= held.filled) {
      held.live = false; // cancelled, or replaced down to what has filled (CME's in-flight-fill rule)
      this.outbound.push({ kind: 'cancelled', childId: command.childId, cumQty: held.filled });
    } else {
      held.quantity = command.quantity;
      this.outbound.push({ kind: 'replaced', childId: command.childId, quantity: command.quantity });
    }
  }

  /** A trade against one of the resting children. */
  trade(random: number): void {
    const live = [...this.orders.values()].filter((o) => o.live);
    if (live.length === 0) return;
    const held = live[random % live.length]!;
    this.fill(held, 1 + (random % (held.quantity - held.filled)));
  }

  /** The market closes: every live order expires (DAY). */
  close(): void {
    this.open = false;
    for (const held of this.orders.values()) {
      if (!held.live) continue;
      held.live = false;
      this.outbound.push({ kind: 'cancelled', childId: held.order.childId, cumQty: held.filled });
    }
  }

  private fill(held: ExchangeOrder, quantity: number): void {
    if (quantity <= 0) return;
    held.filled += quantity;
    const report: Report = { kind: 'fill', childId: held.order.childId, execId: `${this.name}-${++this.execSeq}`, quantity, price: held.order.price };
    this.outbound.push(report);
    this.fills.push(report);
    if (held.filled >= held.quantity) held.live = false;
  }
}

interface ParentTruth {
  side: 'buy' | 'sell';
  limit: Rational;
  allowedUnits: number;
  lowerTo: number | undefined;
  children: ChildOrderRequest[];
}

const scenario = fc.record({
  legs: fc.integer({ min: 2, max: 3 }),
  ratios: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 3, maxLength: 3 }),
  taking: fc.constantFrom('RankRatio', 'SplitRatio', 'SizeRatio'),
  tif: fc.constantFrom('DAY', 'IOC'),
  joining: fc.constantFrom('SplitRatio', 'EPIQ'),
  exchangeDown: fc.constantFrom('RouteToAvailable', 'StopAllOrders'),
  rebalance: fc.boolean(),
  timerMs: fc.integer({ min: 0, max: 50 }),
  percents: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
  steps: fc.array(fc.tuple(fc.integer({ min: 0, max: 99 }), fc.nat(2), fc.nat(10_000)), { minLength: 20, maxLength: 250 }),
});

describe('never overfill, under random event orders', () => {
  it('holds at every step: partial fills, cancels racing fills, rejects, reduces, legs closing, replayed fills, modifies', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const legInputs = [CME_BRENT, ICE_BRENT, THIRD_BRENT].slice(0, s.legs).map((leg, i) => ({ ...leg, ratio: s.ratios[i]!, rebalancePercent: s.percents[i]! }));
        const exchanges = legInputs.map((leg) => new LegExchange(leg.exchange));
        const truth = new Map<string, ParentTruth>();
        const views = new Map<string, ParentView>();
        const legOf = new Map<string, number>();
        const clock = new ManualClock();
        const listener: AggregatorListener = {
          sendChild: (order) => {
            const parent = truth.get(order.parentId)!;
            const aggregated = engine.lattice.legs[order.legIndex]!.aggregatedOf(Rational.parse(order.price));
            expect(aggregated.compare(parent.limit) * (parent.side === 'buy' ? 1 : -1)).toBeLessThanOrEqual(0);
            expect(order.algoId).toBe('4242');
            parent.children.push(order);
            legOf.set(order.childId, order.legIndex);
            exchanges[order.legIndex]!.inbound.push({ kind: 'new', order });
          },
          cancelChild: (childId) => exchanges[legOf.get(childId)!]!.inbound.push({ kind: 'cancel', childId }),
          reduceChild: (childId, quantity) => exchanges[legOf.get(childId)!]!.inbound.push({ kind: 'reduce', childId, quantity }),
          parentChanged: (view) => views.set(view.parentId, view),
        };
        const engine: AggregatorEngine = new AggregatorEngine(
          definition({
            legs: legInputs,
            taking: { mode: s.taking, tif: s.tif },
            joining: { mode: s.joining },
            exchangeDown: s.exchangeDown,
            rebalance: { enabled: s.rebalance, timerMs: s.timerMs },
          }),
          { listener, clock, verify: true },
        );
        const perLot = engine.units.perLot;
        const perContract = engine.units.perContract;
        legInputs.forEach((_, i) => engine.onLegAvailability(i, true));

        const deliver = (leg: number, report: Report) => {
          switch (report.kind) {
            case 'accepted':
              return engine.onChildAccepted(report.childId);
            case 'fill':
              return engine.onChildFill(report.childId, report.execId, report.quantity, report.price);
            case 'cancelled':
              return engine.onChildCancelled(report.childId, report.cumQty);
            case 'replaced':
              return engine.onChildReplaced(report.childId, report.quantity);
            case 'rejected':
              return engine.onChildRejected(report.childId, report.reason);
            case 'cancelRejected':
              return engine.onCancelRejected(report.childId, `${leg}: ${report.reason}`);
          }
        };
        const exposureUnits = (parent: ParentTruth) =>
          parent.children.reduce((sum, c) => sum + exchanges[c.legIndex]!.exposure(c.childId) * perContract[c.legIndex]!, 0);
        const check = () => {
          for (const [id, parent] of truth) {
            const units = exposureUnits(parent);
            if (parent.lowerTo !== undefined && units <= parent.lowerTo) {
              parent.allowedUnits = parent.lowerTo;
              parent.lowerTo = undefined;
            }
            if (units > parent.allowedUnits) throw new Error(`${id}: the exchanges hold ${units} units against ${parent.allowedUnits}`);
          }
        };
        // A random book around 75.00: CME in 0.05 ticks (1500), the others in 0.01 ticks (7500).
        const book = (leg: number, r: number) => {
          const mid = (leg === 0 ? 1500 : 7500) + (r % 7) - 3;
          const levels = (direction: 1 | -1) =>
            Array.from({ length: 1 + (r % 3) }, (_, k) => [mid + direction * (k + 1), 1 + ((r >> (k + 2)) % 7), 1]).flat();
          engine.onLegBook(leg, { bids: levels(-1), asks: levels(1) });
        };

        let parents = 0;
        const submit = (r: number) => {
          const id = `P${++parents}`;
          const side = r % 2 === 0 ? 'buy' : 'sell';
          const quantity = 1 + (r % 9);
          truth.set(id, { side, limit: Rational.parse('75.00'), allowedUnits: quantity * perLot, lowerTo: undefined, children: [] });
          expect(engine.submit({ parentId: id, side, quantity, limit: '75.00' })).toEqual({ ok: true });
        };
        submit(0);

        for (const [action, which, r] of s.steps) {
          const leg = which % s.legs;
          const exchange = exchanges[leg]!;
          if (action < 25) exchange.process(r);
          else if (action < 50) {
            const report = exchange.outbound.shift();
            if (report) deliver(leg, report);
          } else if (action < 62) exchange.trade(r);
          else if (action < 74) book(leg, r);
          else if (action < 78) {
            const old = exchange.fills[r % Math.max(1, exchange.fills.length)];
            if (old) deliver(leg, old); // a reconnect replays an execution already seen
          } else if (action < 81) {
            if (exchange.open) {
              exchange.close();
              engine.onLegAvailability(leg, false);
            } else {
              exchange.open = true;
              engine.onLegAvailability(leg, true);
            }
          } else if (action < 85) clock.advance(r % 40);
          else if (action < 89) submit(r);
          else if (action < 93) {
            const id = `P${1 + (r % parents)}`;
            const quantity = 1 + (r % 12);
            if (engine.modify(id, { quantity }).ok) {
              const parent = truth.get(id)!;
              if (quantity * perLot >= parent.allowedUnits) {
                parent.allowedUnits = quantity * perLot;
                parent.lowerTo = undefined;
              } else parent.lowerTo = quantity * perLot;
            }
          } else if (action < 96) {
            const id = `P${1 + (r % parents)}`;
            const limit = ['74.95', '75.00', '75.05'][r % 3]!;
            // In force before the call returns: the engine may route at the new limit inside the modify.
            const parent = truth.get(id)!;
            const previous = parent.limit;
            parent.limit = Rational.parse(limit);
            if (!engine.modify(id, { limit }).ok) parent.limit = previous;
          } else engine.cancel(`P${1 + (r % parents)}`);
          check();
        }

        // Quiesce: every leg open, every command answered, every report delivered.
        exchanges.forEach((x, i) => {
          if (!x.open) {
            x.open = true;
            engine.onLegAvailability(i, true);
          }
        });
        for (let round = 0; round < 10_000 && exchanges.some((x) => x.inbound.length + x.outbound.length > 0); round++) {
          exchanges.forEach((x, i) => {
            x.process(round);
            const report = x.outbound.shift();
            if (report) deliver(i, report);
          });
          check();
        }
        for (const [id, parent] of truth) {
          const filled = parent.children.reduce((sum, c) => sum + (exchanges[c.legIndex]!.orders.get(c.childId)?.filled ?? 0) * perContract[c.legIndex]!, 0);
          const view = views.get(id)!;
          expect(view.filled).toBe(engine.units.text(filled)); // each execution counted once
          expect(filled).toBeLessThanOrEqual(Math.max(parent.allowedUnits, view.quantity * perLot));
          if (view.status === 'filled') expect(filled).toBeGreaterThanOrEqual(view.quantity * perLot);
        }
      }),
      { numRuns: 400 },
    );
  });
});
