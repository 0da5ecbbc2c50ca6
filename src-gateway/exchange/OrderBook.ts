import { BookSide } from './BookSide';
import { Order } from './Order';
import type { OrderIndex } from './OrderIndex';
import type { PriceLevel } from './PriceLevel';
import { StopOrders } from './StopOrders';
import type {
  CancelReason,
  CancelRejectReason,
  ExchangeListener,
  NewOrder,
  OrderState,
  RejectReason,
  ReplaceOrder,
  Side,
} from './types';

/** What a book needs from its exchange: time, ids, the shared order index and the listener. */
export interface BookContext {
  /** The exchange's current time (ms since the epoch), stamped on every event. */
  readonly time: number;
  readonly listener: ExchangeListener;
  /** Every order the exchange holds (resting or waiting for a trigger), by order id. */
  readonly orders: OrderIndex;
  readonly selfTradePrevention: boolean;
  nextOrderId(): number;
  nextTradeId(): number;
  nextPriority(): number;
}

/** One level as market data sees it. */
export interface DepthLevel {
  price: number;
  quantity: number;
  orders: number;
}

const TIME_IN_FORCE: ReadonlySet<string> = new Set(['day', 'gtc', 'ioc', 'fok']);
const isCount = (n: number): boolean => Number.isSafeInteger(n) && n > 0;
const isPrice = (n: number | undefined): n is number => n !== undefined && Number.isSafeInteger(n);

/**
 * The matching engine of one instrument: a price-time priority limit order book with
 * market, limit, stop-market and stop-limit orders, IOC/FOK/DAY/GTC, cancel and
 * cancel/replace. Commands run to completion and report through the exchange's listener;
 * market-data events carry the instrument's sequence number, contiguous from 1.
 */
export class OrderBook {
  readonly bids = new BookSide('buy');
  readonly asks = new BookSide('sell');
  private readonly buyStops = new StopOrders('buy');
  private readonly sellStops = new StopOrders('sell');
  /** Last market-data sequence number used. */
  seq = 0;
  lastTradePrice: number | undefined;
  lastTradeQuantity = 0;
  /** Highest and lowest trade prices since stops were last checked. */
  private tradeHigh: number | undefined;
  private tradeLow: number | undefined;
  private triggering = false;

  constructor(
    readonly instrument: string,
    private readonly ctx: BookContext,
  ) {}

  /** Validates, accepts and executes a new order; returns its order id, or undefined if rejected. */
  submit(cmd: NewOrder): number | undefined {
    const problem = this.validate(cmd);
    if (problem) {
      this.ctx.listener.onEvent({
        kind: 'rejected',
        time: this.ctx.time,
        instrument: this.instrument,
        owner: cmd.owner,
        clientRef: cmd.clientRef,
        reason: problem[0],
        text: problem[1],
      });
      return undefined;
    }
    const ctx = this.ctx;
    const order = new Order(
      ctx.nextOrderId(),
      cmd.owner,
      this.instrument,
      cmd.side,
      cmd.type,
      cmd.tif,
      cmd.quantity,
      cmd.price,
      cmd.stopPrice,
      ctx.nextPriority(),
    );
    ctx.listener.onEvent({
      kind: 'accepted',
      time: ctx.time,
      instrument: this.instrument,
      orderId: order.orderId,
      owner: order.owner,
      clientRef: cmd.clientRef,
      side: order.side,
      type: order.type,
      tif: order.tif,
      quantity: order.quantity,
      price: order.price,
      stopPrice: order.stopPrice,
      priority: order.priority,
    });
    if (order.waitingForTrigger) {
      this.stopsOf(order.side).add(order);
      ctx.orders.set(order);
    } else {
      this.execute(order);
      this.runStops();
    }
    return order.orderId;
  }

  cancel(order: Order, clientRef: string | undefined): void {
    this.take(order);
    this.emitCancelled(order, 'Requested', clientRef);
  }

  replace(order: Order, cmd: ReplaceOrder): void {
    const problem = this.validateReplace(order, cmd);
    if (problem) {
      this.emitCancelReject(order.orderId, cmd.clientRef, problem[0], problem[1]);
      return;
    }
    if (cmd.quantity <= order.filled) {
      // CME's rule (in-flight fill mitigation): a modify to a quantity the order has already
      // filled ends the order; never reopen or overfill it.
      this.take(order);
      this.emitCancelled(order, 'ReplacedToFilledQuantity', cmd.clientRef);
      return;
    }
    const price = cmd.price ?? order.price;
    const stopPrice = cmd.stopPrice ?? order.stopPrice;
    const leaves = cmd.quantity - order.filled;
    const kept = price === order.price && stopPrice === order.stopPrice && leaves <= order.leaves;
    if (kept) {
      const reduced = order.leaves - leaves;
      order.quantity = cmd.quantity;
      order.leaves = leaves;
      const level = order.level;
      if (level) level.quantity -= reduced;
      this.emitReplaced(order, cmd.clientRef, true);
      if (level && reduced > 0) this.emitLevel(order.side, level, 'change');
      return;
    }
    this.take(order);
    order.quantity = cmd.quantity;
    order.leaves = leaves;
    order.price = price;
    order.stopPrice = stopPrice;
    order.priority = this.ctx.nextPriority();
    this.emitReplaced(order, cmd.clientRef, false);
    if (order.waitingForTrigger) {
      this.stopsOf(order.side).add(order);
      this.ctx.orders.set(order);
    } else {
      this.execute(order);
      this.runStops();
    }
  }

  /** The session closed: every DAY order, resting or waiting for a trigger, expires. */
  expireDayOrders(): void {
    for (const side of [this.bids, this.asks]) {
      for (const level of [...side.levels]) {
        let order = level.head;
        let expired = false;
        while (order) {
          const next = order.next;
          if (order.tif === 'day') {
            level.remove(order);
            this.ctx.orders.delete(order.orderId);
            this.emitExpired(order);
            expired = true;
          }
          order = next;
        }
        if (!expired) continue;
        if (level.isEmpty()) {
          side.removeLevel(level);
          this.emitLevel(side.side, level, 'delete');
        } else this.emitLevel(side.side, level, 'change');
      }
    }
    for (const stops of [this.buyStops, this.sellStops]) {
      for (const order of stops.all().filter((o) => o.tif === 'day')) {
        stops.remove(order);
        this.ctx.orders.delete(order.orderId);
        this.emitExpired(order);
      }
    }
  }

  /**
   * Puts back an order held before a restart, at its place in the queue (by priority), with
   * what it had filled. No matching: a restored book was uncrossed when it was saved.
   */
  restore(state: OrderState): void {
    const order = new Order(
      state.orderId,
      state.owner,
      this.instrument,
      state.side,
      state.type,
      state.tif,
      state.quantity,
      state.price,
      state.stopPrice,
      state.priority,
    );
    order.filled = state.filled;
    order.leaves = state.leaves;
    order.waitingForTrigger = state.waitingForTrigger;
    this.ctx.orders.set(order);
    if (order.waitingForTrigger) {
      this.stopsOf(order.side).add(order);
      return;
    }
    const side = this.sideOf(order.side);
    const level = side.levelAt(order.price!);
    const created = level.isEmpty();
    level.insertByPriority(order);
    this.emitLevel(order.side, level, created ? 'new' : 'change');
  }

  /** Levels of one side, best first. */
  depth(side: Side, maxLevels = Infinity): DepthLevel[] {
    const out: DepthLevel[] = [];
    for (const level of this.sideOf(side).depth()) {
      if (out.length >= maxLevels) break;
      out.push({ price: level.price, quantity: level.quantity, orders: level.orders });
    }
    return out;
  }

  /** Resting orders of one side in matching order (best price first, then time). */
  *queue(side: Side): IterableIterator<Order> {
    for (const level of this.sideOf(side).depth()) {
      for (let o = level.head; o; o = o.next) yield o;
    }
  }

  /** Stop orders waiting for their trigger, next to trigger first. */
  waitingStops(side: Side): Order[] {
    return [...this.stopsOf(side).all()].reverse();
  }

  bestBid(): number | undefined {
    return this.bids.best()?.price;
  }

  bestAsk(): number | undefined {
    return this.asks.best()?.price;
  }

  private sideOf(side: Side): BookSide {
    return side === 'buy' ? this.bids : this.asks;
  }

  private stopsOf(side: Side): StopOrders {
    return side === 'buy' ? this.buyStops : this.sellStops;
  }

  /** Takes an order out of the book or the stop queue (no event about the order itself). */
  private take(order: Order): void {
    this.ctx.orders.delete(order.orderId);
    if (order.waitingForTrigger) {
      this.stopsOf(order.side).remove(order);
      return;
    }
    const level = order.level;
    if (!level) return;
    level.remove(order);
    const side = this.sideOf(order.side);
    if (level.isEmpty()) {
      side.removeLevel(level);
      this.emitLevel(order.side, level, 'delete');
    } else this.emitLevel(order.side, level, 'change');
  }

  /** Matches an incoming order, then rests, cancels or completes what is left. */
  private execute(order: Order): void {
    if (order.tif === 'fok' && this.available(order) < order.leaves) {
      this.emitCancelled(order, 'FillOrKill', undefined);
      return;
    }
    const selfTrade = this.match(order);
    if (order.leaves === 0) {
      this.ctx.orders.delete(order.orderId);
    } else if (selfTrade) {
      this.ctx.orders.delete(order.orderId);
      this.emitCancelled(order, 'SelfTrade', undefined);
    } else if (order.price === undefined || order.tif === 'ioc' || order.tif === 'fok') {
      this.ctx.orders.delete(order.orderId);
      this.emitCancelled(order, 'ImmediateOrCancel', undefined);
    } else {
      const side = this.sideOf(order.side);
      const level = side.levelAt(order.price);
      const created = level.isEmpty();
      level.append(order);
      this.ctx.orders.set(order);
      this.emitLevel(order.side, level, created ? 'new' : 'change');
    }
  }

  /**
   * Trades the incoming order against the opposite side in price-time priority. Returns true
   * when self-trade prevention stopped it (its rest is then cancelled: cancel newest).
   */
  private match(order: Order): boolean {
    const ctx = this.ctx;
    const opposite = order.side === 'buy' ? this.asks : this.bids;
    // A level crosses when its key ≥ this: ask ≤ buy limit, bid ≥ sell limit.
    const limitKey = order.price === undefined ? -Infinity : opposite.sign * order.price;
    const preventSelfTrade = ctx.selfTradePrevention;
    let level = opposite.best();
    while (order.leaves > 0 && level !== undefined && level.key >= limitKey) {
      let resting = level.head;
      let traded = false;
      while (resting !== null && order.leaves > 0) {
        if (preventSelfTrade && resting.owner === order.owner) {
          if (traded) this.emitLevel(opposite.side, level, 'change');
          return true;
        }
        const next: Order | null = resting.next;
        this.trade(resting, order, level);
        traded = true;
        if (resting.leaves === 0) {
          level.remove(resting);
          ctx.orders.delete(resting.orderId);
        }
        resting = next;
      }
      if (level.isEmpty()) {
        opposite.removeLevel(level);
        this.emitLevel(opposite.side, level, 'delete');
        level = opposite.best();
      } else {
        this.emitLevel(opposite.side, level, 'change');
        break;
      }
    }
    return false;
  }

  private trade(resting: Order, incoming: Order, level: PriceLevel): void {
    const ctx = this.ctx;
    const quantity = resting.leaves < incoming.leaves ? resting.leaves : incoming.leaves;
    const price = level.price;
    const tradeId = ctx.nextTradeId();
    resting.leaves -= quantity;
    resting.filled += quantity;
    level.quantity -= quantity;
    incoming.leaves -= quantity;
    incoming.filled += quantity;
    this.lastTradePrice = price;
    this.lastTradeQuantity = quantity;
    if (this.tradeHigh === undefined || price > this.tradeHigh) this.tradeHigh = price;
    if (this.tradeLow === undefined || price < this.tradeLow) this.tradeLow = price;
    const time = ctx.time;
    const listener = ctx.listener;
    listener.onEvent({
      kind: 'fill',
      time,
      instrument: this.instrument,
      orderId: resting.orderId,
      owner: resting.owner,
      side: resting.side,
      tradeId,
      price,
      quantity,
      filled: resting.filled,
      leaves: resting.leaves,
      aggressor: false,
    });
    listener.onEvent({
      kind: 'fill',
      time,
      instrument: this.instrument,
      orderId: incoming.orderId,
      owner: incoming.owner,
      side: incoming.side,
      tradeId,
      price,
      quantity,
      filled: incoming.filled,
      leaves: incoming.leaves,
      aggressor: true,
    });
    listener.onEvent({
      kind: 'trade',
      time,
      instrument: this.instrument,
      seq: ++this.seq,
      tradeId,
      price,
      quantity,
      aggressor: incoming.side,
    });
  }

  /** Quantity an incoming order could trade right now (stopping at a self-trade, if prevented). */
  private available(order: Order): number {
    const opposite = order.side === 'buy' ? this.asks : this.bids;
    const limitKey = order.price === undefined ? -Infinity : opposite.sign * order.price;
    const preventSelfTrade = this.ctx.selfTradePrevention;
    let total = 0;
    for (const level of opposite.depth()) {
      if (level.key < limitKey || total >= order.leaves) break;
      if (!preventSelfTrade) {
        total += level.quantity;
        continue;
      }
      for (let o = level.head; o; o = o.next) {
        if (o.owner === order.owner) return total;
        total += o.leaves;
      }
    }
    return total;
  }

  /** Triggers the stops that this command's trades reached, in order, until none is left. */
  private runStops(): void {
    if (this.triggering) return;
    if (this.buyStops.size === 0 && this.sellStops.size === 0) {
      this.tradeHigh = undefined;
      this.tradeLow = undefined;
      return;
    }
    this.triggering = true;
    for (;;) {
      let order: Order | undefined;
      let tradePrice = 0;
      if (this.tradeHigh !== undefined) {
        order = this.buyStops.popTriggered(this.tradeHigh);
        tradePrice = this.tradeHigh;
      }
      if (!order && this.tradeLow !== undefined) {
        order = this.sellStops.popTriggered(this.tradeLow);
        tradePrice = this.tradeLow;
      }
      if (!order) break;
      this.ctx.orders.delete(order.orderId);
      order.waitingForTrigger = false;
      order.type = order.type === 'stop' ? 'market' : 'limit';
      order.priority = this.ctx.nextPriority();
      this.ctx.listener.onEvent({
        kind: 'stopTriggered',
        time: this.ctx.time,
        instrument: this.instrument,
        orderId: order.orderId,
        owner: order.owner,
        tradePrice,
        priority: order.priority,
      });
      this.execute(order);
    }
    this.tradeHigh = undefined;
    this.tradeLow = undefined;
    this.triggering = false;
  }

  private validate(cmd: NewOrder): [RejectReason, string] | undefined {
    if (!isCount(cmd.quantity)) return ['InvalidQuantity', `order quantity ${cmd.quantity} must be a positive whole number`];
    const limit = cmd.type === 'limit' || cmd.type === 'stopLimit';
    const stop = cmd.type === 'stop' || cmd.type === 'stopLimit';
    if (!limit && !stop && cmd.type !== 'market') return ['InvalidOrderType', `unknown order type ${String(cmd.type)}`];
    if (cmd.side !== 'buy' && cmd.side !== 'sell') return ['InvalidOrderType', `unknown side ${String(cmd.side)}`];
    if (!TIME_IN_FORCE.has(cmd.tif)) return ['InvalidOrderType', `unknown time in force ${String(cmd.tif)}`];
    if (limit && !isPrice(cmd.price)) return ['InvalidPrice', `a ${cmd.type} order needs a limit price in whole ticks`];
    if (!limit && cmd.price !== undefined) return ['InvalidPrice', `a ${cmd.type} order takes no limit price`];
    if (stop && !isPrice(cmd.stopPrice)) return ['InvalidPrice', `a ${cmd.type} order needs a stop price in whole ticks`];
    if (!stop && cmd.stopPrice !== undefined) return ['InvalidPrice', `a ${cmd.type} order takes no stop price`];
    if (stop && this.alreadyTriggered(cmd.side, cmd.stopPrice!)) {
      return ['StopPriceAlreadyTriggered', this.alreadyTriggeredText(cmd.side)];
    }
    return undefined;
  }

  private validateReplace(order: Order, cmd: ReplaceOrder): [CancelRejectReason, string] | undefined {
    if (!isCount(cmd.quantity)) return ['InvalidQuantity', `order quantity ${cmd.quantity} must be a positive whole number`];
    if (cmd.price !== undefined) {
      if (order.price === undefined) return ['InvalidPrice', `a ${order.type} order takes no limit price`];
      if (!isPrice(cmd.price)) return ['InvalidPrice', 'the limit price must be in whole ticks'];
    }
    if (cmd.stopPrice !== undefined) {
      if (!order.waitingForTrigger) return ['InvalidPrice', 'only a stop order waiting for its trigger takes a stop price'];
      if (!isPrice(cmd.stopPrice)) return ['InvalidPrice', 'the stop price must be in whole ticks'];
      if (cmd.stopPrice !== order.stopPrice && this.alreadyTriggered(order.side, cmd.stopPrice)) {
        return ['StopPriceAlreadyTriggered', this.alreadyTriggeredText(order.side)];
      }
    }
    return undefined;
  }

  /** A stop that the last trade has already reached would trigger at once (CME rejects it). */
  private alreadyTriggered(side: Side, stopPrice: number): boolean {
    const last = this.lastTradePrice;
    return last !== undefined && this.stopsOf(side).triggers(stopPrice, last);
  }

  private alreadyTriggeredText(side: Side): string {
    return side === 'buy'
      ? `a buy stop price must be above the last trade price ${this.lastTradePrice}`
      : `a sell stop price must be below the last trade price ${this.lastTradePrice}`;
  }

  private emitLevel(side: Side, level: PriceLevel, action: 'new' | 'change' | 'delete'): void {
    this.ctx.listener.onEvent({
      kind: 'book',
      time: this.ctx.time,
      instrument: this.instrument,
      seq: ++this.seq,
      side,
      price: level.price,
      quantity: action === 'delete' ? 0 : level.quantity,
      orders: action === 'delete' ? 0 : level.orders,
      action,
    });
  }

  private emitCancelled(order: Order, reason: CancelReason, clientRef: string | undefined): void {
    const quantity = order.leaves;
    order.leaves = 0;
    this.ctx.listener.onEvent({
      kind: 'cancelled',
      time: this.ctx.time,
      instrument: this.instrument,
      orderId: order.orderId,
      owner: order.owner,
      clientRef,
      reason,
      quantity,
      filled: order.filled,
    });
  }

  private emitExpired(order: Order): void {
    const quantity = order.leaves;
    order.leaves = 0;
    this.ctx.listener.onEvent({
      kind: 'expired',
      time: this.ctx.time,
      instrument: this.instrument,
      orderId: order.orderId,
      owner: order.owner,
      quantity,
      filled: order.filled,
    });
  }

  private emitReplaced(order: Order, clientRef: string | undefined, keptPriority: boolean): void {
    this.ctx.listener.onEvent({
      kind: 'replaced',
      time: this.ctx.time,
      instrument: this.instrument,
      orderId: order.orderId,
      owner: order.owner,
      clientRef,
      quantity: order.quantity,
      price: order.price,
      stopPrice: order.stopPrice,
      filled: order.filled,
      leaves: order.leaves,
      keptPriority,
      priority: order.priority,
    });
  }

  private emitCancelReject(orderId: number, clientRef: string | undefined, reason: CancelRejectReason, text: string): void {
    this.ctx.listener.onEvent({
      kind: 'cancelRejected',
      time: this.ctx.time,
      orderId,
      clientRef,
      request: 'replace',
      reason,
      text,
    });
  }
}
