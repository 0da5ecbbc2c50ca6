import {
  AggregatedLattice,
  DepthWalker,
  LotUnits,
  decimalText,
  joinEpiq,
  joinSplitRatio,
  takeRankRatio,
  takeSizeRatio,
  takeSplitRatio,
  type BookSide,
  type LegDepth,
} from '../../src-shared/aggregator';
import type { AggregatorDefinition } from '../../src-shared/ipc/contract/aggregator';
import { PricingError, Rational } from '../../src-shared/pricing';
import { ChildOrder } from './ChildOrder';
import { ParentOrder } from './ParentOrder';
import type {
  AggregatorClock,
  AggregatorListener,
  ChildTif,
  EngineResult,
  ParentChange,
  ParentOrderRequest,
  ParentView,
} from './types';

const OK: EngineResult = { ok: true };
const refuse = (reason: string): EngineResult => ({ ok: false, reason });
const PARENT_ID = /^[\x21-\x7e]{1,48}$/;

export interface AggregatorEngineOptions {
  listener: AggregatorListener;
  clock: AggregatorClock;
  /** Child rejects a parent routes again before it is rejected itself (SPEC §6: bounded). */
  maxRejects?: number;
  /** After every input, recount each changed parent and throw if never-overfill is breached (tests). */
  verify?: boolean;
}

/**
 * The Aggregator for one aggregated instrument (SPEC §6): routes parent orders over the legs
 * and keeps them whole. No I/O and no timers of its own — market data, availability and the
 * children's execution events come in through the `on…` inputs, decisions go out through one
 * listener, time through the injected clock.
 *
 * Never overfill: a parent only sends what its quantity in force leaves after everything its
 * children have filled or may still fill (in flight, resting, cancel or reduce pending), counted
 * in exact units of a lot. Quantity leaves a leg only when the exchange confirms it gone.
 */
export class AggregatorEngine {
  readonly lattice: AggregatedLattice;
  readonly units: LotUnits;
  private readonly ratios: readonly number[];
  private readonly maxRejects: number;
  private readonly verify: boolean;
  private readonly books: (LegDepth | undefined)[];
  private readonly available: boolean[];
  /**
   * Contracts our taking children were sent for, per leg and book side (0 bids, 1 asks) by leg
   * tick, taken off the displayed depth until the leg's next book: the same liquidity is never
   * taken twice on a book that does not yet show our own trades.
   */
  private readonly claims: Map<number, number>[][];
  private readonly claimAdjust: ((leg: number, ticks: number, quantity: number) => number)[];
  private readonly parents = new Map<string, ParentOrder>();
  private readonly working = new Set<ParentOrder>();
  private readonly childIndex = new Map<string, { child: ChildOrder; parent: ParentOrder }>();
  private readonly execIds = new Set<string>();
  private readonly dirty = new Set<ParentOrder>();
  private readonly listener: AggregatorListener;
  private readonly clock: AggregatorClock;
  private busy = false;

  /** Throws an Error whose message says why when the definition cannot be priced or counted exactly. */
  constructor(
    readonly definition: AggregatorDefinition,
    options: AggregatorEngineOptions,
  ) {
    this.lattice = AggregatedLattice.of(definition);
    this.ratios = definition.legs.map((leg) => leg.ratio);
    this.units = new LotUnits(this.ratios);
    this.listener = options.listener;
    this.clock = options.clock;
    this.maxRejects = options.maxRejects ?? 3;
    this.verify = options.verify ?? false;
    this.books = definition.legs.map(() => undefined);
    this.available = definition.legs.map(() => false);
    this.claims = definition.legs.map(() => [new Map(), new Map()]);
    this.claimAdjust = [0, 1].map((side) => (leg: number, ticks: number, quantity: number) => quantity - (this.claims[leg]![side]!.get(ticks) ?? 0));
  }

  // ── Trader requests ────────────────────────────────────────────────────────────────────

  submit(request: ParentOrderRequest): EngineResult {
    return this.run(() => {
      const { parentId, side, quantity, limit } = request;
      if (typeof parentId !== 'string' || !PARENT_ID.test(parentId)) return refuse('a parent id is 1 to 48 printable characters');
      if (this.parents.has(parentId)) return refuse(`parent order ${parentId} already exists`);
      if (side !== 'buy' && side !== 'sell') return refuse('side must be buy or sell');
      const lots = this.checkQuantity(quantity);
      if (typeof lots === 'string') return refuse(lots);
      const row = this.readLimit(limit);
      if (typeof row === 'string') return refuse(row);
      const parent = new ParentOrder(parentId, side, row, lots * this.units.perLot, this.units.perContract);
      this.parents.set(parentId, parent);
      this.working.add(parent);
      this.route(parent);
      this.settle(parent);
      return OK;
    });
  }

  /** Cancels every child; the parent ends cancelled (or filled, if fills win the race). */
  cancel(parentId: string): EngineResult {
    return this.run(() => {
      const parent = this.parents.get(parentId);
      if (!parent) return refuse(`no parent order ${parentId}`);
      if (parent.final) return refuse(`parent order ${parentId} is already ${parent.status}`);
      if (parent.status === 'working') this.stop(parent, 'cancelling');
      for (const child of parent.live) this.cancelChild(child);
      this.settle(parent);
      return OK;
    });
  }

  /**
   * A new quantity and/or limit. A new limit cancels every child and routes again at the new
   * price once they are confirmed gone; a larger quantity routes the extra; a smaller one pulls
   * quantity back from the newest children. A quantity below what has filled is refused.
   */
  modify(parentId: string, change: ParentChange): EngineResult {
    return this.run(() => {
      const parent = this.parents.get(parentId);
      if (!parent) return refuse(`no parent order ${parentId}`);
      if (parent.status !== 'working') return refuse(`parent order ${parentId} is ${parent.status}`);
      let units: number | undefined;
      if (change.quantity !== undefined) {
        const lots = this.checkQuantity(change.quantity);
        if (typeof lots === 'string') return refuse(lots);
        units = lots * this.units.perLot;
        if (units < parent.filledUnits) {
          return refuse(`quantity ${lots} is below the ${this.units.text(parent.filledUnits)} lots already filled`);
        }
      }
      let row: number | undefined;
      if (change.limit !== undefined) {
        const read = this.readLimit(change.limit);
        if (typeof read === 'string') return refuse(read);
        row = read;
      }
      const repriced = row !== undefined && row !== parent.limitRow;
      if (repriced) {
        parent.limitRow = row!;
        for (const child of parent.live) this.cancelChild(child);
      }
      if (units !== undefined) {
        parent.targetUnits = units;
        parent.ceilingUnits = Math.max(parent.ceilingUnits, units);
        if (!repriced) this.shrink(parent);
      }
      this.route(parent);
      this.settle(parent);
      return OK;
    });
  }

  // ── Market ─────────────────────────────────────────────────────────────────────────────

  /**
   * A leg's full book, best first (`MarketBook.view` arrays: `[ticks, quantity, orders, …]`).
   * The engine keeps the arrays until the next book of that leg: hand over fresh ones.
   */
  onLegBook(leg: number, book: LegDepth): EngineResult {
    return this.run(() => {
      if (!this.isLeg(leg)) return refuse(`no leg ${leg}`);
      this.books[leg] = book;
      this.claims[leg]![0]!.clear();
      this.claims[leg]![1]!.clear();
      for (const parent of this.working) {
        if (parent.freeUnits > 0) {
          this.route(parent);
          this.settle(parent);
        }
        this.rebalance(parent);
      }
      return OK;
    });
  }

  /** A leg's exchange opened/closed or its connection came up/went down. Legs start unavailable. */
  onLegAvailability(leg: number, available: boolean): EngineResult {
    return this.run(() => {
      if (!this.isLeg(leg)) return refuse(`no leg ${leg}`);
      if (this.available[leg] === available) return OK;
      this.available[leg] = available;
      const definitionLeg = this.definition.legs[leg]!;
      for (const parent of [...this.working]) {
        if (available) {
          this.route(parent);
          this.rebalance(parent);
        } else if (this.definition.exchangeDown === 'StopAllOrders' && parent.sentAny) {
          this.stop(parent, 'paused');
          parent.reason = `${definitionLeg.alias} (${definitionLeg.exchange} ${definitionLeg.symbol}) is unavailable`;
          for (const child of parent.live) this.cancelChild(child);
        } else {
          for (const child of parent.live) if (child.leg === leg) this.cancelChild(child);
        }
        this.settle(parent);
      }
      return OK;
    });
  }

  // ── Child execution events (the leg's ExecutionReports and OrderCancelRejects) ──────────

  onChildAccepted(childId: string): EngineResult {
    return this.withChild(childId, (child, parent) => {
      child.acked = true;
      this.rebalance(parent);
    });
  }

  /** A fill of `quantity` contracts at the leg price `price` (LastQty 32, LastPx 31); `execId` (17) deduplicates. */
  onChildFill(childId: string, execId: string, quantity: number, price: string): EngineResult {
    if (!Number.isSafeInteger(quantity) || quantity <= 0) return refuse(`fill quantity ${quantity} is not a whole number above zero`);
    if (typeof execId !== 'string' || execId.length === 0) return refuse('a fill needs an ExecID');
    let legPrice: Rational;
    try {
      legPrice = Rational.parse(price);
    } catch (err) {
      return refuse(`fill price: ${(err as Error).message}`);
    }
    return this.withChild(childId, (child, parent) => {
      const key = `${childId}\u0001${execId}`;
      if (this.execIds.has(key)) return;
      this.execIds.add(key);
      parent.fill(child, quantity, legPrice, this.lattice.legs[child.leg]!.aggregatedOf(legPrice));
      this.afterChange(parent);
    });
  }

  /**
   * The child is over without filling the rest: cancelled (requested, IOC, replaced to its
   * filled quantity) or expired. `exchangeFilled` is its CumQty (14) when known: fills the
   * exchange counted that have not arrived yet keep that much open until they do.
   */
  onChildCancelled(childId: string, exchangeFilled?: number): EngineResult {
    return this.withChild(childId, (child, parent) => {
      if (child.done) return;
      parent.change(child, () => child.finish(exchangeFilled ?? 0));
      this.afterChange(parent);
    });
  }

  /** A reduce confirmed: the order's total quantity is now `quantity` contracts (OrderQty 38). */
  onChildReplaced(childId: string, quantity: number): EngineResult {
    const entry = this.childIndex.get(childId);
    if (entry && (!Number.isSafeInteger(quantity) || quantity < 0 || quantity > entry.child.quantity)) {
      return refuse(`replaced quantity ${quantity} of ${childId} is not between 0 and ${entry.child.quantity}`);
    }
    return this.withChild(childId, (child, parent) => {
      if (child.done) return;
      parent.change(child, () => {
        child.quantity = quantity;
        child.pending = 'none';
        child.acked = true;
        if (quantity <= child.filled) child.finish();
      });
      this.afterChange(parent);
    });
  }

  /** A new child refused by the exchange or the gateway: its quantity goes back to be routed again, a bounded number of times. */
  onChildRejected(childId: string, reason: string): EngineResult {
    return this.withChild(childId, (child, parent) => {
      if (child.done) return;
      parent.change(child, () => child.finish());
      parent.rejects++;
      if (parent.status === 'working' && parent.rejects > this.maxRejects) {
        this.stop(parent, 'rejected');
        parent.reason = reason;
        for (const other of parent.live) this.cancelChild(other);
      }
      this.afterChange(parent);
    });
  }

  /** A cancel or reduce refused (35=9): the child works on as it was (a fill it raced will follow). */
  onCancelRejected(childId: string, reason: string): EngineResult {
    return this.withChild(childId, (child, parent) => {
      if (child.done || child.pending === 'none') return;
      child.pending = 'none';
      if (parent.status !== 'working') parent.reason = `cancel of ${childId} refused: ${reason}`;
      this.afterChange(parent);
    });
  }

  // ── Queries ────────────────────────────────────────────────────────────────────────────

  /** True while any child may still fill: a definition change must wait. */
  hasWorkingChildren(): boolean {
    for (const parent of this.parents.values()) if (parent.openUnits > 0 || parent.live.size > 0) return true;
    return false;
  }

  /** Why the definition cannot be changed now, or null when it can. */
  definitionChangeRefusal(): string | null {
    let parents = 0;
    let children = 0;
    for (const parent of this.parents.values()) {
      const live = parent.children.filter((c) => !c.done || c.open > 0).length;
      if (live > 0) {
        parents++;
        children += live;
      }
    }
    if (children === 0) return null;
    const orders = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    return `${this.definition.name} has ${orders(children, 'working child order')} (${orders(parents, 'parent order')}); cancel ${parents === 1 ? 'it' : 'them'} before changing the definition`;
  }

  parent(parentId: string): ParentView | undefined {
    const parent = this.parents.get(parentId);
    return parent && this.view(parent);
  }

  parentViews(): ParentView[] {
    return [...this.parents.values()].map((p) => this.view(p));
  }

  // ── Routing ────────────────────────────────────────────────────────────────────────────

  /** Taking level by level, then Joining of the rest, then a fraction of a lot if one is left. */
  private route(parent: ParentOrder): void {
    if (parent.status !== 'working' || this.movesPending(parent)) return;
    const free = parent.freeUnits;
    if (free <= 0) return;
    const lots = Math.floor(free / this.units.perLot);
    let left = lots;
    if (left > 0) left = this.take(parent, left);
    if (left > 0) left = this.join(parent, left);
    const fraction = free - lots * this.units.perLot;
    if (left === 0 && fraction > 0) this.routeFraction(parent, fraction);
  }

  private take(parent: ParentOrder, lots: number): number {
    const legs = this.availableLegs();
    if (legs.length === 0) return lots;
    const buy = parent.side === 'buy';
    const side: BookSide = buy ? 'ask' : 'bid';
    const direction = buy ? 1 : -1;
    const walker = new DepthWalker(this.lattice, side, this.books, this.available, this.claimAdjust[buy ? 1 : 0]);
    const tif: ChildTif = this.definition.taking.tif === 'IOC' ? 'ioc' : 'day';
    while (lots > 0) {
      const level = walker.next();
      if (!level || (level.row - parent.limitRow) * direction > 0) break;
      const displayed = legs.map(() => 0);
      const worst = legs.map(() => 0);
      const best = legs.map(() => 0);
      for (const part of level.parts) {
        const j = legs.indexOf(part.leg);
        displayed[j] = Math.floor(part.legQuantity / this.ratios[part.leg]!);
        worst[j] = part.worstTicks;
        best[j] = part.bestTicks;
      }
      const shares = this.takingShares(lots, displayed, legs);
      for (let j = 0; j < legs.length; j++) {
        const share = shares[j]!;
        if (share <= 0) continue;
        const leg = legs[j]!;
        const contracts = share * this.ratios[leg]!;
        this.claim(leg, side, best[j]!, worst[j]!, contracts);
        this.send(parent, leg, worst[j]!, contracts, tif);
        lots -= share;
      }
    }
    return lots;
  }

  private takingShares(lots: number, displayed: number[], legs: number[]): number[] {
    switch (this.definition.taking.mode) {
      case 'RankRatio':
        return takeRankRatio(lots, displayed);
      case 'SizeRatio':
        return takeSizeRatio(lots, displayed);
      case 'SplitRatio':
        return takeSplitRatio(lots, displayed, this.splitRatios(legs, 'takingSplitRatio'));
    }
  }

  private join(parent: ParentOrder, lots: number): number {
    const legs = this.availableLegs();
    if (legs.length === 0) return lots;
    const prices = legs.map((leg) => this.lattice.legTicksForLimit(leg, parent.limitRow, parent.side));
    const shares =
      this.definition.joining.mode === 'EPIQ'
        ? joinEpiq(lots, legs.map((leg, j) => Rational.of(this.quantityAt(leg, parent.side === 'buy' ? 'bid' : 'ask', prices[j]!), this.ratios[leg]!)))
        : joinSplitRatio(lots, this.splitRatios(legs, 'joiningSplitRatio'));
    shares.forEach((share, j) => {
      if (share > 0) this.send(parent, legs[j]!, prices[j]!, share * this.ratios[legs[j]!]!, 'day');
    });
    return 0;
  }

  /**
   * What partial fills on a leg of ratio > 1 leave: less than a lot. It goes, as whole contracts,
   * to the first available leg where it makes at least one, joining at the limit.
   */
  private routeFraction(parent: ParentOrder, units: number): void {
    for (const leg of this.availableLegs()) {
      const contracts = Math.floor(units / this.units.perContract[leg]!);
      if (contracts > 0) {
        this.send(parent, leg, this.lattice.legTicksForLimit(leg, parent.limitRow, parent.side), contracts, 'day');
        return;
      }
    }
  }

  /** Split ratios of the available legs; all zero counts as equal (route to what is available). */
  private splitRatios(legs: readonly number[], key: 'takingSplitRatio' | 'joiningSplitRatio'): number[] {
    const ratios = legs.map((leg) => this.definition.legs[leg]![key]);
    return ratios.some((r) => r > 0) ? ratios : ratios.map(() => 1);
  }

  private send(parent: ParentOrder, leg: number, ticks: number, contracts: number, tif: ChildTif): void {
    const row = this.lattice.rowOfLeg(leg, ticks, parent.side === 'buy' ? 'ask' : 'bid');
    if ((row - parent.limitRow) * (parent.side === 'buy' ? 1 : -1) > 0) {
      throw new Error(`AggregatorEngine: a child of ${parent.id} on leg ${leg + 1} would be priced worse than the limit`);
    }
    const child = new ChildOrder(parent.nextChildId(), leg, parent.side, ticks, contracts, tif);
    parent.add(child);
    this.childIndex.set(child.id, { child, parent });
    const definitionLeg = this.definition.legs[leg]!;
    this.listener.sendChild({
      childId: child.id,
      parentId: parent.id,
      legIndex: leg,
      exchange: definitionLeg.exchange,
      symbol: definitionLeg.symbol,
      side: parent.side,
      quantity: contracts,
      price: this.lattice.legs[leg]!.tick.priceOf(ticks),
      tif,
      algoId: this.definition.algoId,
    });
  }

  private cancelChild(child: ChildOrder): void {
    if (child.done || child.pending === 'cancel') return;
    child.pending = 'cancel';
    this.listener.cancelChild(child.id);
  }

  /** Takes `contracts` off a resting child: a cancel when that is all it has open, else a reduce. */
  private pull(child: ChildOrder, contracts: number): void {
    if (contracts >= child.open) {
      this.cancelChild(child);
      return;
    }
    child.pending = 'reduce';
    this.listener.reduceChild(child.id, child.quantity - contracts);
  }

  /** After a modify down: pull what is over the new quantity from the newest children first. */
  private shrink(parent: ParentOrder): void {
    let excess = -parent.freeUnits;
    for (let i = parent.children.length - 1; i >= 0 && excess > 0; i--) {
      const child = parent.children[i]!;
      if (child.done || child.pending !== 'none' || child.open === 0) continue;
      const u = this.units.perContract[child.leg]!;
      const contracts = Math.min(child.open, Math.ceil(excess / u));
      this.pull(child, contracts);
      excess -= contracts * u;
    }
  }

  /**
   * Rebalance (SPEC §6.4): when a leg with no child of this parent offers at or better than the
   * limit, every other leg's resting children give up their rebalance % (rounded down to lots),
   * no more in total than that new liquidity. The freed quantity is routed — taking on the new
   * liquidity — only once the exchange confirms it left. Cycles are at least T ms apart.
   */
  private rebalance(parent: ParentOrder): void {
    const settings = this.definition.rebalance;
    if (!settings.enabled || parent.status !== 'working' || parent.freeUnits < 0) return;
    const legsWithChild = new Set<number>();
    for (const child of parent.live) {
      if (!child.acked || child.pending !== 'none') return;
      legsWithChild.add(child.leg);
    }
    let liquidity = 0;
    const targets = new Set<number>();
    for (const leg of this.availableLegs()) {
      if (legsWithChild.has(leg)) continue;
      const lots = this.takeableLots(parent, leg);
      if (lots > 0) {
        targets.add(leg);
        liquidity += lots;
      }
    }
    if (liquidity === 0) return;
    const now = this.clock.now();
    const due = parent.lastRebalanceAt + settings.timerMs;
    if (now < due) {
      parent.cancelRebalanceTimer ??= this.clock.schedule(due - now, () => this.onRebalanceTimer(parent));
      return;
    }
    let room = liquidity;
    for (let leg = 0; leg < this.ratios.length && room > 0; leg++) {
      if (targets.has(leg)) continue;
      const ratio = this.ratios[leg]!;
      const percent = this.definition.legs[leg]!.rebalancePercent;
      for (const child of parent.children) {
        if (room <= 0) break;
        if (child.leg !== leg || !child.resting) continue;
        const lots = Math.min(Math.floor((percent * child.open) / (100 * ratio)), room);
        if (lots <= 0) continue;
        this.pull(child, lots * ratio);
        room -= lots;
      }
    }
    if (room < liquidity) {
      parent.lastRebalanceAt = now;
      this.dirty.add(parent);
    }
  }

  private onRebalanceTimer(parent: ParentOrder): void {
    this.run(() => {
      parent.cancelRebalanceTimer = undefined;
      this.rebalance(parent);
      return OK;
    });
  }

  /** Lots a leg offers at or better than the parent's limit (after our own claims). */
  private takeableLots(parent: ParentOrder, leg: number): number {
    const buy = parent.side === 'buy';
    const only = this.ratios.map((_, i) => i === leg);
    const walker = new DepthWalker(this.lattice, buy ? 'ask' : 'bid', this.books, only, this.claimAdjust[buy ? 1 : 0]);
    let lots = 0;
    for (let level = walker.next(); level && (level.row - parent.limitRow) * (buy ? 1 : -1) <= 0; level = walker.next()) {
      lots += Math.floor(level.parts[0]!.legQuantity / this.ratios[leg]!);
    }
    return lots;
  }

  // ── Bookkeeping ────────────────────────────────────────────────────────────────────────

  private withChild(childId: string, apply: (child: ChildOrder, parent: ParentOrder) => void): EngineResult {
    return this.run(() => {
      const entry = this.childIndex.get(childId);
      if (!entry) return refuse(`no child order ${childId}`);
      apply(entry.child, entry.parent);
      return OK;
    });
  }

  /** After a child changed: settle the parent, pull what is over a lowered quantity, route what came back. */
  private afterChange(parent: ParentOrder): void {
    this.settle(parent);
    if (parent.status !== 'working') return;
    if (parent.freeUnits < 0) this.shrink(parent);
    else this.route(parent);
    this.settle(parent);
  }

  private settle(parent: ParentOrder): void {
    parent.settleCeiling();
    if (!parent.final) {
      if (parent.filledUnits >= parent.targetUnits && parent.openUnits === 0) this.stop(parent, 'filled');
      else if ((parent.status === 'cancelling' || parent.status === 'paused') && parent.openUnits === 0) parent.status = 'cancelled';
    }
    this.dirty.add(parent);
  }

  /** Leaves 'working' for good: no more routing or rebalancing. */
  private stop(parent: ParentOrder, status: ParentOrder['status']): void {
    parent.status = status;
    this.working.delete(parent);
    parent.cancelRebalanceTimer?.();
    parent.cancelRebalanceTimer = undefined;
  }

  /** A cancel or reduce is out on an available leg: route once it is answered, so quantity moves in one piece. */
  private movesPending(parent: ParentOrder): boolean {
    for (const child of parent.live) if (child.pending !== 'none' && this.available[child.leg]) return true;
    return false;
  }

  private claim(leg: number, side: BookSide, from: number, to: number, contracts: number): void {
    const book = this.books[leg]!;
    const asks = side === 'ask';
    const levels = asks ? book.asks : book.bids;
    const claims = this.claims[leg]![asks ? 1 : 0]!;
    let rest = contracts;
    for (let i = 0; i < levels.length && rest > 0; i += 3) {
      const ticks = levels[i]!;
      if (asks ? ticks < from : ticks > from) continue;
      if (asks ? ticks > to : ticks < to) break;
      const already = claims.get(ticks) ?? 0;
      const take = Math.min(levels[i + 1]! - already, rest);
      if (take <= 0) continue;
      claims.set(ticks, already + take);
      rest -= take;
    }
  }

  private quantityAt(leg: number, side: BookSide, ticks: number): number {
    const book = this.books[leg];
    if (!book) return 0;
    const levels = side === 'ask' ? book.asks : book.bids;
    for (let i = 0; i < levels.length; i += 3) if (levels[i] === ticks) return levels[i + 1]!;
    return 0;
  }

  private availableLegs(): number[] {
    const out: number[] = [];
    for (let leg = 0; leg < this.available.length; leg++) if (this.available[leg]) out.push(leg);
    return out;
  }

  private isLeg(leg: number): boolean {
    return Number.isInteger(leg) && leg >= 0 && leg < this.ratios.length;
  }

  private checkQuantity(quantity: number): number | string {
    if (!Number.isSafeInteger(quantity) || quantity < 1) return `quantity ${quantity} is not a whole number of lots above zero`;
    if (quantity > this.units.maxLots) return `quantity ${quantity} is above the ${this.units.maxLots} lots this instrument can count exactly`;
    return quantity;
  }

  private readLimit(limit: string): number | string {
    if (typeof limit !== 'string') return 'a limit price is required';
    try {
      return this.lattice.rowOf(limit);
    } catch (err) {
      if (err instanceof PricingError) return err.message;
      throw err;
    }
  }

  private run(apply: () => EngineResult): EngineResult {
    if (this.busy) throw new Error('AggregatorEngine: a listener called back into the engine; hand the call over asynchronously');
    this.busy = true;
    try {
      const result = apply();
      for (const parent of this.dirty) {
        if (this.verify) this.check(parent);
        this.listener.parentChanged(this.view(parent));
      }
      return result;
    } finally {
      this.dirty.clear();
      this.busy = false;
    }
  }

  /** Recounts a parent from its children and checks never-overfill against the quantity in force. */
  private check(parent: ParentOrder): void {
    let committed = 0;
    let filled = 0;
    for (const child of parent.children) {
      const u = this.units.perContract[child.leg]!;
      committed += (child.filled + child.open) * u;
      filled += child.filled * u;
    }
    if (committed !== parent.committedUnits || filled !== parent.filledUnits) {
      throw new Error(`AggregatorEngine: ${parent.id} counts ${parent.committedUnits}/${parent.filledUnits} units but its children hold ${committed}/${filled}`);
    }
    if (committed > parent.ceilingUnits) {
      throw new Error(`AggregatorEngine: never-overfill breached on ${parent.id}: ${this.units.text(committed)} lots filled or open against ${this.units.text(parent.ceilingUnits)}`);
    }
  }

  private view(parent: ParentOrder): ParentView {
    const working = parent.legWorking();
    return {
      parentId: parent.id,
      definitionId: this.definition.id,
      side: parent.side,
      quantity: parent.targetUnits / this.units.perLot,
      limit: this.lattice.priceText(parent.limitRow),
      status: parent.status,
      filled: this.units.text(parent.filledUnits),
      working: this.units.text(parent.openUnits),
      averagePrice: parent.pricedUnits > 0 ? this.lattice.format(parent.aggregatedNotional.div(Rational.of(parent.pricedUnits)), 4) : null,
      reason: parent.reason,
      legs: this.definition.legs.map((leg, i) => {
        const filled = parent.legFilled[i]!;
        const tick = this.lattice.legs[i]!.tick;
        return {
          legIndex: i,
          alias: leg.alias,
          exchange: leg.exchange,
          symbol: leg.symbol,
          filled,
          working: working[i]!,
          averagePrice: filled > 0 ? decimalText(parent.legNotional[i]!.div(Rational.of(filled)), tick.decimals, tick.decimals + 4) : null,
        };
      }),
    };
  }
}
